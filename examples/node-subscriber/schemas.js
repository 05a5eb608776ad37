// The JSON Schemas of docs/schemas (draft 2020-12), compiled once with ajv: one validator per file.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const DEFAULT_FOLDER = path.join(__dirname, '..', '..', 'docs', 'schemas');

// Returns validate(name, value): null when value is valid against <name>.json, else the errors as one
// line; undefined when there is no such schema (an event type newer than this copy of the schemas).
function loadSchemas(folder = DEFAULT_FOLDER) {
  // strict: false, because the schemas carry documentation keywords ajv does not know.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv); // uuid, date-time, uri: checked, not only documented
  const validators = new Map();
  for (const file of fs.readdirSync(folder).filter(f => f.endsWith('.json'))) {
    validators.set(path.basename(file, '.json'), ajv.compile(JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'))));
  }
  return (name, value) => {
    const validate = validators.get(name);
    if (!validate) return undefined;
    return validate(value) ? null : ajv.errorsText(validate.errors, { dataVar: name });
  };
}

module.exports = { loadSchemas };
