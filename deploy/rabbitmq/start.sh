#!/bin/sh
# The RabbitMQ container's command: start the broker (it loads definitions.json; a node of profile ha
# joins the node "rabbitmq" first, deploy/rabbitmq/cluster.conf), then give each account its password
# from the environment (the accounts are the cluster's: every node sets the same ones). The healthcheck passes only once they are set.
set -eu
rm -f /tmp/tchek-accounts-ready
# The nodes of a cluster (compose profile ha) share one Erlang cookie, from .env.
if [ -n "${ERLANG_COOKIE:-}" ]; then
    (umask 077 && printf '%s' "$ERLANG_COOKIE" >/var/lib/rabbitmq/.erlang.cookie)
    chown rabbitmq:rabbitmq /var/lib/rabbitmq/.erlang.cookie
fi
docker-entrypoint.sh rabbitmq-server &
server=$!
until rabbitmqctl -q await_startup >/dev/null 2>&1; do sleep 1; done
rabbitmqctl -q change_password tchek-admin "$ADMIN_PASSWORD"
rabbitmqctl -q change_password tchek-poller "$POLLER_PASSWORD"
rabbitmqctl -q change_password samples "$CONSUMER_PASSWORD"
rabbitmqctl -q change_password tchek-commander "$COMMANDER_PASSWORD"
touch /tmp/tchek-accounts-ready
wait "$server"
