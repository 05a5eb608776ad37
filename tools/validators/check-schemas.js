// Compiles every JSON Schema of docs/schemas with ajv (draft 2020-12, strict mode, formats checked),
// then validates each captured bus message of docs/samples: its envelope against envelope.json and its
// message against the schema its messageType names. Fails when a schema does not compile, a sample is
// invalid, or a token event type has no sample. Run by scripts/validate-contracts.sh.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const root = path.resolve(__dirname, '..', '..');
const schemasDir = path.join(root, 'docs', 'schemas');
const samplesDir = path.join(root, 'docs', 'samples');

// Schemas of messages the poller does not send as a token event, so no token event sample is needed:
// the envelope, the commands (clients send them), the replies and the upstream health events.
const NOT_TOKEN_EVENTS = new Set([
  'envelope', 'Fault', 'TrackToken', 'UntrackToken', 'TokenTrackingAccepted', 'TokenTrackingRefused',
  'UpstreamDegraded', 'UpstreamRestored',
]);

let failures = 0;
const fail = message => { failures++; console.error(`check-schemas: ${message}`); };

// Strict mode: an unknown keyword, a type that a keyword contradicts or an ignored keyword fails the
// compile (a consumer's ajv is usually laxer, so what passes here passes there).
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validators = new Map();
for (const file of fs.readdirSync(schemasDir).filter(f => f.endsWith('.json')).sort()) {
  const name = path.basename(file, '.json');
  try {
    validators.set(name, ajv.compile(JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8'))));
  } catch (error) {
    fail(`docs/schemas/${file} does not compile: ${error.message}`);
  }
}
console.log(`check-schemas: compiled ${validators.size} schemas of docs/schemas`);

const check = (name, value, where) => {
  const validate = validators.get(name);
  if (!validate) return fail(`${where}: no schema docs/schemas/${name}.json`);
  if (!validate(value)) fail(`${where} is invalid against docs/schemas/${name}.json: ${ajv.errorsText(validate.errors, { dataVar: where })}`);
};

const sampled = new Set();
const samples = fs.existsSync(samplesDir) ? fs.readdirSync(samplesDir).filter(f => f.endsWith('.json')).sort() : [];
for (const file of samples) {
  const where = `docs/samples/${file}`;
  const body = JSON.parse(fs.readFileSync(path.join(samplesDir, file), 'utf8'));
  check('envelope', body, where);
  // urn:message:Tchek.Events.Contracts:TokenTracked, or urn:message:MassTransit:Fault[[...]] for a fault.
  const urn = Array.isArray(body.messageType) ? String(body.messageType[0]) : '';
  const type = urn.startsWith('urn:message:MassTransit:Fault[[') ? 'Fault' : urn.split(':').pop();
  check(type, body.message, `${where} (message, ${type})`);
  sampled.add(type);
}
console.log(`check-schemas: validated ${samples.length} captured messages of docs/samples`);

for (const name of validators.keys()) {
  if (!NOT_TOKEN_EVENTS.has(name) && !sampled.has(name)) {
    fail(`the token event ${name} has no captured sample in docs/samples: run scripts/capture-samples.sh`);
  }
}

if (failures > 0) {
  console.error(`check-schemas: ${failures} problem(s)`);
  process.exit(1);
}
