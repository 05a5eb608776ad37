// A subscriber written with amqplib, for BrokerPermissionsTests. Usage:
//   node party.js <amqp-url> consume <queue> <exchange>   prints "listening", then one line per event
//   node party.js <amqp-url> <act>:<name> ...              one line per act: "<act>:<name> <reply code>" (0: allowed)
// Acts: publish-default (routing key), publish (exchange), declare-exchange, delete-exchange, delete-queue, purge-queue.
'use strict';
const amqp = require('amqplib');

async function consume(connection, queue, exchange) {
  const channel = await connection.createChannel();
  // The arguments `subscribers add --queue` declared it with: a declare must repeat them.
  const args = { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-dead-letter-exchange': `${queue}_error` };
  await channel.assertQueue(queue, { durable: true, arguments: args });
  // Binding needs read on the exchange and write on the queue; declaring the exchange would need configure.
  await channel.bindQueue(queue, exchange, '');
  await channel.consume(queue, message => {
    const envelope = JSON.parse(message.content.toString());
    const type = envelope.messageType[0].split(':').pop();
    console.log(`received ${type} ${envelope.message.tokenUid} user_id=${message.properties.userId ?? ''}`);
    channel.ack(message);
  });
  console.log('listening');
}

async function attempt(connection, act, name) {
  const channel = await connection.createConfirmChannel();
  const closed = new Promise(resolve => channel.on('error', error => resolve(error.code ?? -1)));
  channel.on('close', () => {});
  const tried = (async () => {
    switch (act) {
      case 'publish-default':
        channel.publish('', name, Buffer.from('{}'));
        await channel.waitForConfirms();
        break;
      case 'publish':
        channel.publish(name, '', Buffer.from('{}'));
        await channel.waitForConfirms();
        break;
      case 'declare-exchange': await channel.assertExchange(name, 'fanout', { durable: true }); break;
      case 'delete-exchange': await channel.deleteExchange(name); break;
      case 'delete-queue': await channel.deleteQueue(name); break;
      case 'purge-queue': await channel.purgeQueue(name); break;
      default: throw new Error(`unknown act ${act}`);
    }
    return 0;
  })().catch(() => closed);
  const code = await Promise.race([tried, closed]);
  console.log(`${act}:${name} ${code}`);
  if (code === 0) await channel.close();
}

(async () => {
  const [url, first, ...rest] = process.argv.slice(2);
  const connection = await amqp.connect(url);
  connection.on('error', () => {});
  if (first === 'consume') {
    await consume(connection, rest[0], rest[1]);
    return;
  }
  for (const spec of [first, ...rest]) {
    const at = spec.indexOf(':');
    await attempt(connection, spec.slice(0, at), spec.slice(at + 1));
  }
  await connection.close();
})().catch(error => { console.error(error.stack ?? String(error)); process.exit(1); });
