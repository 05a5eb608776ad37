#!/bin/sh
# The RabbitMQ container's command: start the broker (it loads definitions.json), then give each
# account its password from the environment. The healthcheck passes only once they are set.
set -eu
rm -f /tmp/tchek-accounts-ready
docker-entrypoint.sh rabbitmq-server &
server=$!
until rabbitmqctl -q await_startup >/dev/null 2>&1; do sleep 1; done
rabbitmqctl -q change_password tchek-admin "$ADMIN_PASSWORD"
rabbitmqctl -q change_password tchek-poller "$POLLER_PASSWORD"
rabbitmqctl -q change_password samples "$CONSUMER_PASSWORD"
rabbitmqctl -q change_password tchek-commander "$COMMANDER_PASSWORD"
touch /tmp/tchek-accounts-ready
wait "$server"
