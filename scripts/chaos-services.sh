#!/usr/bin/env bash
# The chaos run's own PostgreSQL cluster and RabbitMQ node (Debian, root), apart from the ones the
# tests and the bench use: the run stops and restarts these, and must disturb nothing else.
#
#   eval "$(scripts/chaos-services.sh)"   # starts them fresh, prints the TCHEK_CHAOS_* exports
#
# PostgreSQL: cluster 15/chaos on 127.0.0.1:5433. RabbitMQ: node chaos@<host> on 127.0.0.1:5673,
# reset at each start (no queue or message of an earlier run survives). Needs the packages that
# scripts/services.sh installs.
set -euo pipefail

pg_version=15 pg_cluster=chaos pg_port=5433 amqp_port=5673 dist_port=25673
node="chaos@$(hostname -s)"
rabbit_base=/var/lib/tchek-chaos-rabbitmq

say() { printf 'chaos-services: %s\n' "$*" >&2; }
[[ $(id -u) -eq 0 ]] || { say "error: needs root (it creates a PostgreSQL cluster and a RabbitMQ node)"; exit 1; }
command -v pg_createcluster >/dev/null && command -v rabbitmq-server >/dev/null \
    || { say "error: PostgreSQL or RabbitMQ is not installed; run: source scripts/services.sh"; exit 1; }

# --- PostgreSQL: its own cluster -------------------------------------------------------------
if [[ ! -d /etc/postgresql/$pg_version/$pg_cluster ]]; then
    say "postgresql: creating cluster $pg_version/$pg_cluster on port $pg_port"
    pg_createcluster "$pg_version" "$pg_cluster" -p "$pg_port" >/dev/null
fi
pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" start >/dev/null 2>&1 || true
for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p "$pg_port" && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p "$pg_port" || { say "error: cluster $pg_cluster does not answer on $pg_port"; exit 1; }
su postgres -c "psql -p $pg_port -XqAt -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null </dev/null
say "postgresql: cluster $pg_cluster answering on 127.0.0.1:$pg_port"

# --- RabbitMQ: its own node ------------------------------------------------------------------
rabbit_env=(RABBITMQ_NODENAME="$node" RABBITMQ_NODE_PORT=$amqp_port RABBITMQ_DIST_PORT=$dist_port
    RABBITMQ_MNESIA_BASE=$rabbit_base/mnesia RABBITMQ_LOG_BASE=$rabbit_base/log RABBITMQ_PID_FILE=$rabbit_base/pid
    RABBITMQ_ENABLED_PLUGINS_FILE=$rabbit_base/enabled_plugins)
mkdir -p "$rabbit_base" && touch "$rabbit_base/enabled_plugins" && chown -R rabbitmq:rabbitmq "$rabbit_base"
if ! rabbitmqctl -q -n "$node" ping >/dev/null 2>&1; then
    say "rabbitmq: starting node $node on port $amqp_port"
    (cd /tmp && env "${rabbit_env[@]}" rabbitmq-server -detached >/dev/null 2>&1 </dev/null)
fi
for _ in $(seq 60); do rabbitmqctl -q -n "$node" await_startup >/dev/null 2>&1 && break; sleep 1; done
rabbitmqctl -q -n "$node" stop_app >/dev/null && rabbitmqctl -q -n "$node" reset >/dev/null && rabbitmqctl -q -n "$node" start_app >/dev/null \
    || { say "error: node $node did not start; see $rabbit_base/log"; exit 1; }
say "rabbitmq: node $node answering on 127.0.0.1:$amqp_port (reset)"

cat <<OUT
export TCHEK_CHAOS_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=postgres;Database=postgres'
export TCHEK_CHAOS_RABBITMQ='amqp://guest:guest@127.0.0.1:$amqp_port/'
export TCHEK_CHAOS_PG_STOP='pg_ctlcluster --skip-systemctl-redirect $pg_version $pg_cluster stop -m immediate'
export TCHEK_CHAOS_PG_START='pg_ctlcluster --skip-systemctl-redirect $pg_version $pg_cluster start'
export TCHEK_CHAOS_RABBITMQ_STOP='rabbitmqctl -q -n $node stop_app'
export TCHEK_CHAOS_RABBITMQ_START='rabbitmqctl -q -n $node start_app && rabbitmqctl -q -n $node await_startup'
OUT
