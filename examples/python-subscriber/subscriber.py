#!/usr/bin/python3
"""A Tchek.Events subscriber in Python, with pika (Debian's python3-pika) and the standard library.

It declares its own durable queue, binds it to the fanout exchange that receives every token
event, and for each message:

- parses MassTransit's JSON envelope (the event is its "message" property, fields in camelCase;
  the concrete type is the last part of the first "messageType" entry);
- skips an event whose eventId it has already handled (delivery is at least once, and a replay
  republishes events with their original ids);
- checks each token's "sequence" (1, 2, 3, ... per token) and says which events are missing
  and how to fetch them when one is skipped;
- reads the "Replayed" header of the envelope, a JSON boolean;
- prints one line, then acknowledges the message.

The state (handled ids, last sequence per token) is a SQLite file, committed before the ack, so
a restart neither handles an event twice nor reports a false gap.

    /usr/bin/python3 subscriber.py --url amqp://crm:PASSWORD@localhost:5672/ --queue crm-python
"""

import argparse
import decimal
import json
import os
import signal
import sqlite3
import sys

import pika

ALL_EVENTS_EXCHANGE = "Tchek.Events.Contracts:ITokenEvent"


class Subscriber:
    """Dedupes and orders events; knows nothing of AMQP, so it can be read (and tested) alone."""

    def __init__(self, db_path):
        self.db = sqlite3.connect(db_path)
        self.db.execute("CREATE TABLE IF NOT EXISTS handled (event_id TEXT PRIMARY KEY)")
        self.db.execute("CREATE TABLE IF NOT EXISTS tokens (uid TEXT PRIMARY KEY, last_sequence INTEGER NOT NULL)")
        self.db.commit()

    def handle(self, body):
        """Returns the lines to print for one message body (bytes)."""
        envelope = json.loads(body, parse_float=decimal.Decimal)
        event = envelope["message"]
        event_type = envelope["messageType"][0].rsplit(":", 1)[-1]
        headers = envelope.get("headers") or {}
        replayed = headers.get("Replayed") is True
        event_id, uid, sequence = event["eventId"], event["tokenUid"], int(event["sequence"])
        marks = " replayed" if replayed else ""

        with self.db:  # one transaction: the id, the sequence and (in a real subscriber) the effect
            if self.db.execute("SELECT 1 FROM handled WHERE event_id = ?", (event_id,)).fetchone():
                return [f"skipped duplicate {event_type} #{sequence} {uid} ({event_id}){marks}"]
            self.db.execute("INSERT INTO handled (event_id) VALUES (?)", (event_id,))

            lines = []
            row = self.db.execute("SELECT last_sequence FROM tokens WHERE uid = ?", (uid,)).fetchone()
            last = row[0] if row else 0
            expected = last + 1
            if sequence > expected:
                lines.append(
                    f"gap in {uid}: expected #{expected}, got #{sequence}; "
                    f"fetch {expected}..{sequence - 1} with GET /tokens/{uid}/events?after={expected - 1}")
            if sequence > last:
                self.db.execute(
                    "INSERT INTO tokens (uid, last_sequence) VALUES (?, ?) "
                    "ON CONFLICT (uid) DO UPDATE SET last_sequence = excluded.last_sequence",
                    (uid, sequence))
            else:
                marks += " late"  # an event missed earlier, now fetched or replayed: it fills the gap

            lines.append(f"{event_type} #{sequence} {uid} status={event['status']}"
                         f"{' inferred' if event.get('inferred') else ''}{marks}{details(event_type, event)}")
            return lines


def details(event_type, event):
    """What each event adds to the common fields. Decimals travel as strings ("12.5")."""
    if event_type in ("InspectionCompleted", "DamageAssessed") and event.get("percentDamage") is not None:
        return f" percentDamage={decimal.Decimal(event['percentDamage'])}"
    if event_type == "TokenStatusChanged":
        return f" previousStatus={event['previousStatus']}"
    if event_type == "TokenTrackingStopped":
        return f" reason={event['reason']}"
    return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@localhost:5672/"),
                        help="the broker (default: $AMQP_URL or amqp://guest:guest@localhost:5672/)")
    parser.add_argument("--queue", default="python-subscriber", help="this subscriber's own durable queue")
    parser.add_argument("--db", default="subscriber.sqlite3", help="the SQLite file of handled ids and sequences")
    args = parser.parse_args()

    subscriber = Subscriber(args.db)
    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    channel = connection.channel()
    # The poller declares the exchange; binding to it needs only read, which a subscriber's account has
    # (declaring it would need configure, which it has not). Start the poller once first.
    # A quorum queue: replicated across the broker's nodes, so it survives losing one. A message delivered 5 times
    # without an ack (this process died each time) goes to <queue>_error instead of round again, and so does one
    # rejected below. These are the arguments `subscribers add --queue` declares: a declare must repeat them exactly.
    error_queue = f"{args.queue}_error"
    queue_arguments = {"x-queue-type": "quorum", "x-delivery-limit": 5, "x-dead-letter-exchange": error_queue}
    channel.exchange_declare(exchange=error_queue, exchange_type="fanout", durable=True)
    channel.queue_declare(queue=error_queue, durable=True, arguments=queue_arguments)
    channel.queue_bind(queue=error_queue, exchange=error_queue)
    channel.queue_declare(queue=args.queue, durable=True, arguments=queue_arguments)
    channel.queue_bind(queue=args.queue, exchange=ALL_EVENTS_EXCHANGE)
    # One at a time keeps each token's events in order.
    channel.basic_qos(prefetch_count=1)

    def on_message(ch, method, _properties, body):
        try:
            lines = subscriber.handle(body)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
            # Not an event envelope: retrying cannot help; dead-letter it to <queue>_error and go on.
            print(f"rejected a message that is not a token event: {error!r}", flush=True)
            ch.basic_nack(delivery_tag=method.delivery_tag, requeue=False)
            return
        for line in lines:
            print(line, flush=True)
        ch.basic_ack(delivery_tag=method.delivery_tag)

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    channel.basic_consume(queue=args.queue, on_message_callback=on_message)
    print(f"listening: queue {args.queue} bound to {ALL_EVENTS_EXCHANGE}", flush=True)
    try:
        channel.start_consuming()
    except KeyboardInterrupt:
        pass
    finally:
        if connection.is_open:
            connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
