"""A subscriber written with pika, for BrokerPermissionsTests. Usage:

    python3 party.py <amqp-url> consume <queue> <exchange>   prints "listening", then one line per event
    python3 party.py <amqp-url> <act>:<name> ...              one line per act: "<act>:<name> <reply code>" (0: allowed)

Acts: publish-default (routing key), publish (exchange), declare-exchange, delete-exchange,
delete-queue, purge-queue.
"""
import json
import sys

import pika
from pika.exceptions import ChannelClosedByBroker


def consume(connection, queue, exchange):
    channel = connection.channel()
    # The arguments `subscribers add --queue` declared it with: a declare must repeat them.
    arguments = {"x-queue-type": "quorum", "x-delivery-limit": 5, "x-dead-letter-exchange": f"{queue}_error"}
    channel.queue_declare(queue=queue, durable=True, arguments=arguments)
    # Binding needs read on the exchange and write on the queue; declaring the exchange would need configure.
    channel.queue_bind(queue=queue, exchange=exchange)

    def handle(ch, method, properties, body):
        envelope = json.loads(body)
        kind = envelope["messageType"][0].split(":")[-1]
        print(f"received {kind} {envelope['message']['tokenUid']} user_id={properties.user_id or ''}", flush=True)
        ch.basic_ack(method.delivery_tag)

    channel.basic_consume(queue=queue, on_message_callback=handle)
    print("listening", flush=True)
    channel.start_consuming()


def attempt(connection, act, name):
    channel = connection.channel()
    channel.confirm_delivery()
    try:
        if act == "publish-default":
            channel.basic_publish(exchange="", routing_key=name, body=b"{}")
        elif act == "publish":
            channel.basic_publish(exchange=name, routing_key="", body=b"{}")
        elif act == "declare-exchange":
            channel.exchange_declare(exchange=name, exchange_type="fanout", durable=True)
        elif act == "delete-exchange":
            channel.exchange_delete(exchange=name)
        elif act == "delete-queue":
            channel.queue_delete(queue=name)
        elif act == "purge-queue":
            channel.queue_purge(queue=name)
        else:
            raise ValueError(f"unknown act {act}")
        code = 0
        channel.close()
    except ChannelClosedByBroker as refused:
        code = refused.reply_code
    print(f"{act}:{name} {code}", flush=True)


def main():
    url, first, *rest = sys.argv[1:]
    connection = pika.BlockingConnection(pika.URLParameters(url))
    if first == "consume":
        consume(connection, rest[0], rest[1])
        return
    for spec in [first, *rest]:
        act, _, name = spec.partition(":")
        attempt(connection, act, name)
    connection.close()


if __name__ == "__main__":
    main()
