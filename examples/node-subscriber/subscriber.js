#!/usr/bin/env node
// A Tchek.Events subscriber in Node.js, with amqplib and ajv. It declares its own durable queue, binds
// it to the fanout exchange that receives every token event, and for each message:
//
// - drops it unless the broker says the poller's account published it (AMQP user_id, --publisher);
// - reads MassTransit's JSON envelope (the event is its "message", fields in camelCase; the type is the
//   last part of the first "messageType" entry) and validates both against docs/schemas;
// - skips an event whose eventId it has already handled (at least once delivery, and replays);
// - keeps each token's events in "sequence" order: when #M comes and #N was expected, it fetches
//   N..M-1 from the poller's API (GET /tokens/{uid}/events) and handles them first;
// - prints one line, saves its state, then acknowledges the message.
//
//   AMQP_URL=amqp://crm:PASSWORD@localhost:5672/ TCHEK_API_KEY=... \
//     node subscriber.js --queue crm-events --api http://localhost:5080 --publisher tchek-poller
'use strict';
const fs = require('node:fs');
const { parseArgs } = require('node:util');
const amqp = require('amqplib');
const { loadSchemas } = require('./schemas');

const ALL_EVENTS_EXCHANGE = 'Tchek.Events.Contracts:ITokenEvent';

// Handled ids and the last sequence per token, in a JSON file written before each ack (a temporary file
// renamed over the old one), so a restart neither handles an event twice nor reports a false gap.
// A real subscriber keeps them in its own database, in the transaction of the event's effect.
class State {
  constructor(file) {
    this.file = file;
    const saved = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { handled: [], last: {} };
    this.handled = new Set(saved.handled);
    this.last = saved.last;
  }

  save() {
    fs.writeFileSync(`${this.file}.tmp`, JSON.stringify({ handled: [...this.handled], last: this.last }));
    fs.renameSync(`${this.file}.tmp`, this.file);
  }
}

class Subscriber {
  constructor({ state, validate, api, apiKey, print }) {
    Object.assign(this, { state, validate, api, apiKey, print });
  }

  // One message body (a Buffer). Throws when it is not a valid event envelope: the caller rejects it.
  async handle(body) {
    const envelope = JSON.parse(body.toString('utf8'));
    const envelopeErrors = this.validate('envelope', envelope);
    if (envelopeErrors) throw new Error(`not an envelope: ${envelopeErrors}`);
    const type = envelope.messageType[0].split(':').pop();
    const event = envelope.message;
    this.check(type, event);
    const replayed = envelope.headers?.Replayed === true;
    await this.catchUp(type, event);
    this.apply(type, event, replayed ? ' replayed' : '');
    this.state.save();
  }

  // A type this copy of the schemas does not know yet (a newer release) is handled by its common fields.
  check(type, event) {
    const errors = this.validate(type, event);
    if (errors) throw new Error(`${type} is not valid: ${errors}`);
    if (errors === undefined && !(typeof event?.eventId === 'string' && typeof event.tokenUid === 'string' && Number.isInteger(event.sequence))) {
      throw new Error(`${type} is no token event`);
    }
  }

  apply(type, event, marks) {
    const { eventId, tokenUid: uid, sequence } = event;
    if (this.state.handled.has(eventId)) {
      this.print(`skipped duplicate ${type} #${sequence} ${uid} (${eventId})${marks}`);
      return;
    }
    this.state.handled.add(eventId);
    const last = this.state.last[uid] ?? 0;
    if (sequence > last) this.state.last[uid] = sequence;
    else marks += ' late'; // missed earlier (the catch-up could not fetch it), now replayed: it fills the gap
    this.print(`${type} #${sequence} ${uid} status=${event.status}${event.inferred ? ' inferred' : ''}${marks}${details(type, event)}`);
  }

  // Events N..M-1 before #M, from the poller's store; what cannot be fetched is said, with the replay to ask for.
  async catchUp(type, event) {
    const { tokenUid: uid, sequence, eventId } = event;
    const expected = (this.state.last[uid] ?? 0) + 1;
    // A jump just before TokenErased is the erase's: those events are gone, and so is the token's data.
    if (sequence <= expected || this.state.handled.has(eventId) || type === 'TokenErased') return;
    const request = `GET /tokens/${uid}/events?after=${expected - 1}&limit=${sequence - expected}`;
    this.print(`gap in ${uid}: expected #${expected}, got #${sequence}; fetching ${expected}..${sequence - 1} with ${request}`);
    try {
      if (!this.api) throw new Error('no --api given');
      const response = await fetch(new URL(request.slice(4), this.api), { headers: { 'X-Api-Key': this.apiKey ?? '' } });
      if (!response.ok) throw new Error(`the API answered ${response.status}`);
      for (const item of await response.json()) {
        // Each item's payload is the event exactly as the bus carries it in the envelope's "message".
        this.check(item.type, item.payload);
        this.apply(item.type, item.payload, ' fetched');
      }
    } catch (error) {
      this.print(`could not fetch ${uid} #${expected}..#${sequence - 1} (${error.message}); ask for a replay: POST /tokens/${uid}/replay?fromSequence=${expected}&toSequence=${sequence - 1}`);
    }
  }
}

// What each event adds to the common fields. Decimals travel as strings ("12.5"): keep them so, or use a decimal type.
function details(type, event) {
  if ((type === 'InspectionCompleted' || type === 'DamageAssessed') && event.percentDamage != null) return ` percentDamage=${event.percentDamage}`;
  if (type === 'TokenStatusChanged') return ` previousStatus=${event.previousStatus}`;
  if (type === 'TokenTrackingStopped') return ` reason=${event.reason}`;
  return '';
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.AMQP_URL ?? 'amqp://guest:guest@localhost:5672/' },
      queue: { type: 'string', default: 'node-subscriber' },
      state: { type: 'string', default: 'subscriber-state.json' },
      api: { type: 'string', default: process.env.TCHEK_API_URL },
      publisher: { type: 'string', default: process.env.TCHEK_PUBLISHER ?? 'tchek-poller' },
      schemas: { type: 'string' },
    },
  });
  const subscriber = new Subscriber({
    state: new State(args.state),
    validate: loadSchemas(args.schemas),
    api: args.api,
    apiKey: process.env.TCHEK_API_KEY, // from the environment: a key on the command line shows in `ps`
    print: line => console.log(line),
  });

  const connection = await amqp.connect(args.url);
  const channel = await connection.createChannel();
  // The poller declares the exchange; binding to it needs only read on it, which a subscriber's account has
  // (declaring it would need configure, which it has not). The queue must start with the account's prefix.
  // A quorum queue: replicated across the broker's nodes, so it survives losing one. A message delivered 5 times
  // without an ack (this process died each time) goes to <queue>_error instead of round again, and so does one
  // rejected below. These are the arguments `subscribers add --queue` declares: a declare must repeat them exactly.
  const errorQueue = `${args.queue}_error`;
  const queueArguments = { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-dead-letter-exchange': errorQueue };
  await channel.assertExchange(errorQueue, 'fanout', { durable: true });
  await channel.assertQueue(errorQueue, { durable: true, arguments: queueArguments });
  await channel.bindQueue(errorQueue, errorQueue, '');
  await channel.assertQueue(args.queue, { durable: true, arguments: queueArguments });
  await channel.bindQueue(args.queue, ALL_EVENTS_EXCHANGE, '');
  await channel.prefetch(1); // one at a time keeps each token's events in order

  await channel.consume(args.queue, async message => {
    try {
      // RabbitMQ validates user_id against the publishing connection: only the poller's account can stamp it.
      if (message.properties.userId !== args.publisher) throw new Error(`published by ${message.properties.userId ?? 'an unnamed account'}, not ${args.publisher}`);
      await subscriber.handle(message.content);
      channel.ack(message);
    } catch (error) {
      // Not a valid event: retrying cannot help; dead-letter it to <queue>_error and go on.
      console.log(`rejected a message: ${error.message}`);
      channel.nack(message, false, false);
    }
  });
  console.log(`listening: queue ${args.queue} bound to ${ALL_EVENTS_EXCHANGE}`);

  const stop = () => connection.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  console.error(error.stack ?? String(error));
  process.exit(1);
});
