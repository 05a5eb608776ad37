#!/usr/bin/env bash
# Proves scripts/ha-services.sh against the real clusters, as root: starts them (idempotent),
# then plays each fault and checks what it must guarantee. Ends with "N passed, N failed".
#
#   scripts/ha-check.sh        # about a minute and a half on a warm cluster
#
# RabbitMQ: a quorum queue in a throwaway vhost gets a member on each node; a message published
# before its leader's node is SIGKILLed, and one published while that node is down, are both
# consumed from a surviving node; the node comes back and the cluster and the queue have three
# members online again. The vhost is deleted at the end. A node whose peers forgot it (its data
# says clustered, theirs says not) is rebuilt blank by start, which prints the node's own error.
# PostgreSQL: while a loop inserts rows through the multi-host connection string (each insert its
# own connection and transaction), the primary's postmaster is killed (failover-database) and then
# the whole primary node (kill-database-node primary, start-database-node): every insert that was
# acknowledged is on the new primary and on the standby (synchronous replication), the writes
# resume on the new primary, and the old one is back as the sync standby. The database is dropped
# at the end.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ha="$here/ha-services.sh"
passed=0 failed=0
work=$(mktemp -d -t tchek-ha-check.XXXXXX)

say() { printf 'ha-check: %s\n' "$*" >&2; }
check() {
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1)); say "PASS $name"
    else
        failed=$((failed + 1)); say "FAIL $name"
    fi
}

[[ $(id -u) -eq 0 ]] || { say "error: needs root (it kills and starts the clusters' processes)"; exit 1; }
eval "$("$ha" start)"

# --- RabbitMQ: a quorum queue survives the loss of a node -------------------------------------

vhost="ha-check-$$"
api() { # api PORT METHOD PATH [BODY]
    curl -fsS --max-time 10 -u guest:guest -X "$2" -H 'content-type: application/json' ${4:+-d "$4"} "http://127.0.0.1:$1/api/$3"
}
cleanup() {
    api 15681 DELETE "vhosts/$vhost" >/dev/null 2>&1 || api 15682 DELETE "vhosts/$vhost" >/dev/null 2>&1 || true
    PGPASSWORD=postgres psql -XqAt "$TCHEK_HA_PG_URI" -c 'drop database if exists ha_check' >/dev/null 2>&1 || true
    rm -rf "$work"
}
TCHEK_HA_PG_URI="host=127.0.0.1,127.0.0.1 port=5441,5442 user=postgres dbname=postgres target_session_attrs=read-write connect_timeout=2"
trap cleanup EXIT

api 15681 PUT "vhosts/$vhost" >/dev/null
api 15681 PUT "permissions/$vhost/guest" '{"configure":".*","write":".*","read":".*"}' >/dev/null
api 15681 PUT "queues/$vhost/orders" '{"durable":true,"arguments":{"x-queue-type":"quorum"}}' >/dev/null

queue() { api "$1" GET "queues/$vhost/orders"; }
members_online() { [[ $(queue "$1" | jq '.online | length') -eq $2 ]]; }
wait_until() { local deadline=$((SECONDS + $1)); shift; until "$@"; do ((SECONDS < deadline)) || return 1; sleep 0.5; done; }

check "quorum queue has a member on each of the 3 nodes" wait_until 30 members_online 15681 3

leader=$(queue 15681 | jq -r '.leader')
leader_n=${leader#rabbit-ha}; leader_n=${leader_n%@*}
survivor=$((leader_n % 3 + 1)); survivor_port=$((15680 + survivor))
say "queue leader is $leader; killing node $leader_n, reading through node $survivor"

publish() { # publish PORT PAYLOAD
    [[ $(api "$1" POST "exchanges/$vhost/amq.default/publish" \
        "{\"properties\":{\"delivery_mode\":2},\"routing_key\":\"orders\",\"payload\":\"$2\",\"payload_encoding\":\"string\"}" | jq -r .routed) == true ]]
}
check "publish before the kill is routed" publish $((15680 + leader_n)) before-kill

"$ha" kill-broker-node "$leader_n"
check "the two surviving nodes see 2 running nodes" \
    bash -c "[[ \$(curl -fsS -u guest:guest http://127.0.0.1:$survivor_port/api/nodes | jq '[.[] | select(.running)] | length') -eq 2 ]]"
check "quorum queue has a new leader on a surviving node" \
    wait_until 30 bash -c "l=\$(curl -fsS -u guest:guest http://127.0.0.1:$survivor_port/api/queues/$vhost/orders | jq -r .leader); [[ -n \$l && \$l != null && \$l != $leader ]]"
check "publish while a node is down is routed" wait_until 30 publish "$survivor_port" during-outage

consumed=$(api "$survivor_port" POST "queues/$vhost/orders/get" '{"count":10,"ackmode":"ack_requeue_false","encoding":"auto"}' | jq -r '[.[].payload] | join(",")')
check "both messages consumed from a surviving node (got: $consumed)" test "$consumed" = before-kill,during-outage

"$ha" start-broker-node "$leader_n"
check "cluster shows 3 running nodes again" \
    bash -c "[[ \$(curl -fsS -u guest:guest http://127.0.0.1:15681/api/nodes | jq '[.[] | select(.running)] | length') -eq 3 ]]"
check "quorum queue has 3 members online again" wait_until 60 members_online "$survivor_port" 3

api "$survivor_port" DELETE "vhosts/$vhost" >/dev/null
check "the check's vhost is gone" bash -c "! curl -fsS -o /dev/null -u guest:guest http://127.0.0.1:15681/api/vhosts/$vhost"

# A node whose data its peers no longer agree with (here: killed, then forgotten by the cluster)
# exits while booting; start shows why, deletes that node's data and boots it again, blank.
"$ha" kill-broker-node 2
rabbitmqctl -q -n rabbit-ha1@localhost forget_cluster_node rabbit-ha2@localhost </dev/null
check "start rebuilds a node its peers forgot" bash -c "'$ha' start >'$work/restart.log' 2>&1"
check "start said why it deleted the node's data" grep -q 'inconsistent_cluster' "$work/restart.log"
check "cluster shows 3 running nodes after the rebuild" \
    bash -c "[[ \$(curl -fsS -u guest:guest http://127.0.0.1:15681/api/nodes | jq '[.[] | select(.running)] | length') -eq 3 ]]"

# --- PostgreSQL: no acknowledged commit is lost in a failover -----------------------------------

sql() { PGPASSWORD=postgres psql -XqAt "$@"; }
node_uri() { printf 'host=127.0.0.1 port=%s user=postgres dbname=ha_check connect_timeout=2' "$1"; }
sql "$TCHEK_HA_PG_URI" -c 'drop database if exists ha_check' -c 'create database ha_check' >/dev/null
sql "${TCHEK_HA_PG_URI/dbname=postgres/dbname=ha_check}" -c 'create table acked (id int primary key, port int not null)' >/dev/null

# Inserts 1, 2, 3...; each acknowledged id goes to acked.txt with the port that committed it.
writer() {
    local i=0 port
    while [[ ! -e $work/stop ]]; do
        i=$((i + 1))
        if port=$(sql "${TCHEK_HA_PG_URI/dbname=postgres/dbname=ha_check}" \
            -c "insert into acked values ($i, inet_server_port()) returning port" 2>/dev/null); then
            printf '%s %s %s\n' "$i" "$port" "$(date +%s%3N)" >>"$work/acked.txt"
        fi
        sleep 0.05
    done
}

standby_caught_up() { # the standby has replayed all the primary has written
    local p=$1 s=$2
    sql "$(node_uri "$s")" -c "select pg_last_wal_replay_lsn() >= '$(sql "$(node_uri "$p")" -c 'select pg_current_wal_lsn()')'::pg_lsn" | grep -qx t
}

verify_acked() { # label
    local label=$1 primary standby ids missing n
    primary=$(curl -fs -o /dev/null -w '%{http_code}' http://127.0.0.1:8011/primary | grep -q 200 && echo 5441 || echo 5442)
    standby=$((primary == 5441 ? 5442 : 5441))
    ids=$(cut -d' ' -f1 "$work/acked.txt" | paste -sd,)
    n=$(wc -l <"$work/acked.txt")
    missing=$(sql "$(node_uri "$primary")" -c "select count(*) from unnest(array[$ids]) as u(v) where not exists (select 1 from acked a where a.id = u.v)")
    check "$label: all $n acknowledged inserts are on the new primary ($primary), missing $missing" test "$missing" = 0
    wait_until 30 standby_caught_up "$primary" "$standby" || true
    missing=$(sql "$(node_uri "$standby")" -c "select count(*) from unnest(array[$ids]) as u(v) where not exists (select 1 from acked a where a.id = u.v)")
    check "$label: all $n acknowledged inserts are on the standby ($standby), missing $missing" test "$missing" = 0
    check "$label: standby $standby is in recovery" test "$(sql "$(node_uri "$standby")" -c 'select pg_is_in_recovery()')" = t
    check "$label: primary $primary is not in recovery" test "$(sql "$(node_uri "$primary")" -c 'select pg_is_in_recovery()')" = f
    # The longest time between two acknowledged inserts: how long writes stopped.
    local gap
    gap=$(awk 'NR > 1 { g = $3 - last; if (g > max) max = g } { last = $3 } END { print max + 0 }' "$work/acked.txt")
    say "$label: writes paused at most $gap ms; ports that committed: $(cut -d' ' -f2 "$work/acked.txt" | uniq | paste -sd' ')"
}

play() { # label command...
    local label=$1 before after
    shift
    rm -f "$work/stop" "$work/acked.txt"
    sql "${TCHEK_HA_PG_URI/dbname=postgres/dbname=ha_check}" -c 'truncate acked' >/dev/null
    writer &
    local writer_pid=$!
    sleep 2
    before=$(curl -fs -o /dev/null -w '%{http_code}' http://127.0.0.1:8011/primary | grep -q 200 && echo 1 || echo 2)
    "$@"
    sleep 2
    touch "$work/stop"
    wait "$writer_pid"
    after=$(curl -fs -o /dev/null -w '%{http_code}' http://127.0.0.1:8011/primary | grep -q 200 && echo 1 || echo 2)
    check "$label: the primary moved from pg-ha$before to another node" test "$before" != "$after"
    verify_acked "$label"
    check "$label: writes committed on the old primary before the fault" \
        test "$(head -n 1 "$work/acked.txt" | cut -d' ' -f2)" = $((5440 + before))
    check "$label: writes resumed on the new primary" \
        test "$(tail -n 1 "$work/acked.txt" | cut -d' ' -f2)" = $((5440 + after))
}

play "failover-database" "$ha" failover-database
node_loss() {
    local old
    old=$(curl -fs -o /dev/null -w '%{http_code}' http://127.0.0.1:8011/primary | grep -q 200 && echo 1 || echo 2)
    "$ha" kill-database-node "$old"
    local deadline=$((SECONDS + 60))
    until curl -fs -o /dev/null "http://127.0.0.1:$((8010 + 3 - old))/primary"; do ((SECONDS < deadline)) || break; sleep 0.5; done
    sleep 2
    "$ha" start-database-node "$old"
}
play "kill-database-node primary" node_loss

"$ha" status >&2 || true
printf 'ha-check: %s passed, %s failed\n' "$passed" "$failed"
((failed == 0))
