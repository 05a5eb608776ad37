#!/usr/bin/env node
// Sends TrackToken or UntrackToken as a request and prints the poller's reply, with amqplib and ajv.
//
//   AMQP_URL=amqp://tchek-commander:PASSWORD@localhost:5672/ node command.js track T3D6288
//   TokenTrackingAccepted T3D6288 Created
//
// The reply address follows the shipped broker permissions (deploy/rabbitmq/definitions.json): the
// commander may declare and read only reply-commander-*, and the poller may write only to reply-*. So
// the reply exchange and queue are named reply-commander-<random>, temporary (not durable, deleted
// with their last use), and the responseAddress says so with ?temporary=true: the poller then
// declares the exchange with the same properties before it replies.
'use strict';
const crypto = require('node:crypto');
const { parseArgs } = require('node:util');
const amqp = require('amqplib');
const { loadSchemas } = require('./schemas');

const COMMANDS = { track: 'TrackToken', untrack: 'UntrackToken' };

// MassTransit's address of an exchange: rabbitmq://host/vhost/name, and for the default vhost "/" no
// vhost segment at all: rabbitmq://host/name.
function responseAddress(brokerUrl, name) {
  const url = new URL(brokerUrl);
  const path = decodeURIComponent(url.pathname.slice(1));
  const vhost = path === '' ? '/' : path;
  const segment = vhost === '/' ? '' : `${encodeURIComponent(vhost)}/`;
  return `rabbitmq://${url.host}/${segment}${name}?temporary=true`;
}

async function main() {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.AMQP_URL ?? 'amqp://guest:guest@localhost:5672/' },
      timeout: { type: 'string', default: '30' },
      schemas: { type: 'string' },
    },
  });
  const [verb, uid] = positionals;
  const command = COMMANDS[verb];
  if (!command || uid === undefined) throw new Error('usage: node command.js track|untrack <uid>');
  const validate = loadSchemas(args.schemas);

  const connection = await amqp.connect(args.url);
  try {
    const channel = await connection.createConfirmChannel();
    const reply = `reply-commander-${crypto.randomBytes(8).toString('hex')}`;
    await channel.assertExchange(reply, 'fanout', { durable: false, autoDelete: true });
    await channel.assertQueue(reply, { durable: false, exclusive: true, autoDelete: true });
    await channel.bindQueue(reply, reply, '');

    const requestId = crypto.randomUUID();
    const answered = new Promise((resolve, reject) => {
      channel.consume(reply, message => {
        const envelope = JSON.parse(message.content.toString('utf8'));
        if (envelope.requestId !== requestId) return; // not ours: an answer to an earlier, abandoned request
        resolve(envelope);
      }, { noAck: true }).catch(reject);
      setTimeout(() => reject(new Error(`no reply within ${args.timeout} s`)), Number(args.timeout) * 1000).unref();
    });

    const envelope = {
      messageId: crypto.randomUUID(),
      requestId,
      responseAddress: responseAddress(args.url, reply),
      messageType: [`urn:message:Tchek.Events.Contracts:${command}`],
      message: { tokenUid: uid },
      sentTime: new Date().toISOString(),
    };
    // The command's own exchange, which the poller binds to its track-token / untrack-token queue.
    channel.publish(`Tchek.Events.Contracts:${command}`, '', Buffer.from(JSON.stringify(envelope)), {
      contentType: 'application/vnd.masstransit+json',
      messageId: envelope.messageId,
      persistent: true,
    });
    await channel.waitForConfirms();

    const answer = await answered;
    const type = answer.messageType[0].split(':').pop();
    const errors = validate(type, answer.message);
    if (errors) throw new Error(`the reply ${type} is not valid: ${errors}`);
    const { tokenUid, outcome, reason, detail } = answer.message;
    console.log(type === 'TokenTrackingAccepted' ? `${type} ${tokenUid} ${outcome}` : `${type} ${tokenUid ?? uid} ${reason}: ${detail}`);
  } finally {
    await connection.close();
  }
}

main().catch(error => {
  console.error(error.stack ?? String(error));
  process.exit(1);
});
