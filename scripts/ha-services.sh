#!/usr/bin/env bash
# A three-node RabbitMQ cluster and a Patroni-managed PostgreSQL 15 primary with a synchronous
# standby over etcd, all from Debian's packages, on ports of their own: the single-node services of
# scripts/services.sh (PostgreSQL 5432, RabbitMQ 5672/5671/15672) run beside them untouched.
# Idempotent: start as often as you like; a start after a partial failure picks up what is missing.
#
#   source scripts/ha-services.sh          # starts what is not running, exports TCHEK_HA_*
#   eval "$(scripts/ha-services.sh)"       # same; executed, it prints the export lines on stdout
#   scripts/ha-services.sh status          # members, roles, the sync standby, pg_is_in_recovery()
#   scripts/ha-services.sh stop            # stops everything it started (data kept)
#   scripts/ha-services.sh destroy         # stops it and deletes its data: the next start is cold
#
# Faults, for the chaos run:
#   kill-broker-node N       SIGKILL node N's Erlang VM (N = 1, 2 or 3); the two others go on
#   start-broker-node N      start node N again, wait until the cluster has its three nodes
#   kill-database-node N     SIGKILL Patroni and the postmaster of node N (1, 2, or "primary"):
#                            the node is lost; the standby takes over when the leader key expires
#   start-database-node N    start node N's Patroni again; it rejoins as a standby (pg_rewind)
#   failover-database        SIGKILL the primary's postmaster only; its Patroni hands over at once
#                            (primary_start_timeout 0), the standby is promoted and the old primary
#                            rejoins as the sync standby; prints how long each step took
#
# Exports (the caller's values are kept, as scripts/services.sh does):
#   TCHEK_HA_RABBITMQ             amqp URIs of the three nodes, comma-separated
#   TCHEK_HA_RABBITMQ_NODES       host:port of the three nodes, comma-separated
#   TCHEK_HA_RABBITMQ_MANAGEMENT  node 1's management API (nodes 2 and 3: ports 15682, 15683)
#   TCHEK_HA_POSTGRES             an Npgsql multi-host connection string, read-write session
#
# Local-dev credentials, as the single-node services: RabbitMQ's localhost-only guest account,
# PostgreSQL's postgres/postgres (and replicator/replicator for streaming replication).
# Everything lives in $TCHEK_HA_DIR (default /var/lib/tchek-ha). Needs root. Documented in
# docs/contributing/ha-services.md.

_tchek_ha_default_rabbitmq='amqp://guest:guest@127.0.0.1:5681/,amqp://guest:guest@127.0.0.1:5682/,amqp://guest:guest@127.0.0.1:5683/'
_tchek_ha_default_rabbitmq_nodes='127.0.0.1:5681,127.0.0.1:5682,127.0.0.1:5683'
_tchek_ha_default_rabbitmq_management='http://guest:guest@127.0.0.1:15681/'
_tchek_ha_default_postgres='Host=127.0.0.1:5441,127.0.0.1:5442;Username=postgres;Password=postgres;Database=postgres;Target Session Attributes=read-write'

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
    # Sourced: do the work in a child bash, so `set -e` really applies and the caller's shell
    # options stay untouched; then export in the caller. Only `start` makes sense sourced.
    if (($# > 0)) && [[ $1 != start ]]; then
        printf 'ha-services: error: run "%s %s" instead of sourcing it\n' "${BASH_SOURCE[0]}" "$*" >&2
        unset _tchek_ha_default_rabbitmq _tchek_ha_default_rabbitmq_nodes _tchek_ha_default_rabbitmq_management _tchek_ha_default_postgres
        return 2
    fi
    if bash "${BASH_SOURCE[0]}" start >/dev/null; then
        export TCHEK_HA_RABBITMQ="${TCHEK_HA_RABBITMQ:-$_tchek_ha_default_rabbitmq}"
        export TCHEK_HA_RABBITMQ_NODES="${TCHEK_HA_RABBITMQ_NODES:-$_tchek_ha_default_rabbitmq_nodes}"
        export TCHEK_HA_RABBITMQ_MANAGEMENT="${TCHEK_HA_RABBITMQ_MANAGEMENT:-$_tchek_ha_default_rabbitmq_management}"
        export TCHEK_HA_POSTGRES="${TCHEK_HA_POSTGRES:-$_tchek_ha_default_postgres}"
        unset _tchek_ha_default_rabbitmq _tchek_ha_default_rabbitmq_nodes _tchek_ha_default_rabbitmq_management _tchek_ha_default_postgres
        printf 'ha-services: exported TCHEK_HA_RABBITMQ, TCHEK_HA_RABBITMQ_NODES, TCHEK_HA_RABBITMQ_MANAGEMENT and TCHEK_HA_POSTGRES\n' >&2
        return 0
    fi
    unset _tchek_ha_default_rabbitmq _tchek_ha_default_rabbitmq_nodes _tchek_ha_default_rabbitmq_management _tchek_ha_default_postgres
    printf 'ha-services: error: the RabbitMQ cluster and the PostgreSQL pair are not both ready (see above)\n' >&2
    return 1
fi

set -euo pipefail

base=${TCHEK_HA_DIR:-/var/lib/tchek-ha}
timeout_seconds=${TCHEK_HA_TIMEOUT:-120}

# RabbitMQ: node N is rabbit-haN@localhost, AMQP 5680+N, Erlang distribution 25680+N,
# management 15680+N. "localhost" rather than the host name: the data directories are named
# after the node, and a container's host name may change between sessions.
broker_nodes=(1 2 3)
broker_name() { printf 'rabbit-ha%s@localhost' "$1"; }
broker_amqp_port() { printf '%s' $((5680 + $1)); }
broker_dist_port() { printf '%s' $((25680 + $1)); }
broker_management_port() { printf '%s' $((15680 + $1)); }
broker_dir() { printf '%s/rabbitmq/ha%s' "$base" "$1"; }

# PostgreSQL: node N is pg-haN, PostgreSQL on 5440+N, Patroni's REST API on 8010+N.
database_nodes=(1 2)
pg_bin=/usr/lib/postgresql/15/bin
pg_port() { printf '%s' $((5440 + $1)); }
patroni_port() { printf '%s' $((8010 + $1)); }
patroni_config() { printf '%s/patroni/pg-ha%s.yml' "$base" "$1"; }
patroni_pid_file() { printf '%s/patroni/pg-ha%s.pid' "$base" "$1"; }
pg_data_dir() { printf '%s/postgresql/pg-ha%s' "$base" "$1"; }
etcd_client_port=2389 etcd_peer_port=2390
scope=tchek-ha

# Failover timings (Patroni's dynamic configuration, applied at every start). The leader key
# lives ttl seconds: a lost primary is replaced after at most ttl + loop_wait. Smaller is faster,
# but a primary that cannot reach etcd for retry_timeout demotes itself, so too small a ttl turns
# a slow etcd (a busy 2-core machine) into needless failovers. Patroni needs
# ttl >= loop_wait + 2 * retry_timeout.
ttl=10 loop_wait=2 retry_timeout=3

say() { printf 'ha-services: %s\n' "$*" >&2; }
fail() { printf 'ha-services: error: %s\n' "$*" >&2; exit 1; }

# Waits until "$@" succeeds, at most $timeout_seconds (or $wait_seconds when set).
wait_for() {
    local deadline=$((SECONDS + ${wait_seconds:-$timeout_seconds}))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

# Milliseconds since the epoch, for the fault timings.
now_ms() { date +%s%3N; }

require_root() {
    [[ $(id -u) -eq 0 ]] || fail "needs root (it starts RabbitMQ nodes, etcd and Patroni as their own users); run it as root"
}

apt_install() {
    local apt_log
    apt_log=$(mktemp -t tchek-ha-services-apt.XXXXXX)
    say "installing $* (apt-get; log in $apt_log)"
    if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; } >"$apt_log" 2>&1 </dev/null; then
        tail -n 20 "$apt_log" >&2
        fail "apt-get could not install $* (full log: $apt_log)"
    fi
}

ensure_packages() {
    local missing=()
    command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
    [[ -x $pg_bin/postgres ]] || missing+=(postgresql-15)
    command -v patroni >/dev/null || missing+=(patroni)
    command -v etcd >/dev/null || missing+=(etcd-server)
    command -v etcdctl >/dev/null || missing+=(etcd-client)
    command -v jq >/dev/null || missing+=(jq)
    command -v curl >/dev/null || missing+=(curl)
    ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
}

port_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# True when the pid in FILE is alive and its command line contains PATTERN (a recycled pid is not ours).
pid_alive() {
    local file=$1 pattern=$2 pid
    [[ -s $file ]] || return 1
    pid=$(<"$file")
    [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] || return 1
    { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$pattern"
}

# Starts "$@" in a session of its own (it outlives the caller's terminal) as USER, output to LOG,
# and writes its pid to PID_FILE. setsid and setpriv exec, so $! is the program's own pid.
spawn() {
    local user=$1 log=$2 pid_file=$3
    shift 3
    mkdir -p "$(dirname "$log")"
    (cd / && exec setsid setpriv --reuid="$user" --regid="$user" --init-groups "$@" >>"$log" 2>&1 </dev/null) &
    printf '%s\n' "$!" >"$pid_file"
}

# --- RabbitMQ ---------------------------------------------------------------------------------

ctl() { local node=$1; shift; timeout 60 rabbitmqctl -q -n "$(broker_name "$node")" "$@" </dev/null; }

broker_pid_file() { printf '%s/pid' "$(broker_dir "$1")"; }
# The beam's command line does not name the node; its environment does.
broker_alive() {
    local pid
    pid=$(cat "$(broker_pid_file "$1")" 2>/dev/null) && [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/environ ]] || return 1
    { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "RABBITMQ_NODENAME=$(broker_name "$1")"
}
broker_answers() { port_answers "$(broker_amqp_port "$1")"; }

write_broker_config() {
    local n=$1 dir
    dir=$(broker_dir "$n")
    mkdir -p "$dir/mnesia" "$dir/log" "$dir/conf.d"
    # Its own configuration only: /etc/rabbitmq/conf.d holds the single node's TLS listener (5671).
    cat >"$dir/rabbitmq.conf" <<CONF
# Written by scripts/ha-services.sh: node $n of the test cluster.
listeners.tcp.1 = 127.0.0.1:$(broker_amqp_port "$n")
management.tcp.ip = 127.0.0.1
management.tcp.port = $(broker_management_port "$n")
cluster_partition_handling = pause_minority
# A blank node joins node 1 as it boots (a node with data keeps its cluster and ignores this).
cluster_formation.peer_discovery_backend = classic_config
cluster_formation.classic_config.nodes.1 = $(broker_name 1)
log.console = false
log.file.level = info
CONF
    printf '[rabbitmq_management].\n' >"$dir/enabled_plugins"
    chown -R rabbitmq:rabbitmq "$dir"
}

start_broker_process() {
    local n=$1 dir
    dir=$(broker_dir "$n")
    write_broker_config "$n"
    rm -f "$(broker_pid_file "$n")"
    say "rabbitmq: starting node $(broker_name "$n") (AMQP 127.0.0.1:$(broker_amqp_port "$n"), management $(broker_management_port "$n"))"
    # In the foreground of its own session (no -detached); RUNNING_UNDER_SYSTEMD makes the script
    # exec the VM without a signal-forwarding shell in between, so $! is the beam's own pid.
    spawn rabbitmq "$dir/log/console.log" "$(broker_pid_file "$n")" \
        env HOME=/var/lib/rabbitmq RUNNING_UNDER_SYSTEMD=true \
        RABBITMQ_NODENAME="$(broker_name "$n")" \
        RABBITMQ_NODE_PORT="$(broker_amqp_port "$n")" \
        RABBITMQ_DIST_PORT="$(broker_dist_port "$n")" \
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
        RABBITMQ_CONFIG_FILES="$dir/conf.d" \
        RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
        RABBITMQ_MNESIA_BASE="$dir/mnesia" \
        RABBITMQ_LOG_BASE="$dir/log" \
        RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
        /usr/lib/rabbitmq/bin/rabbitmq-server
}

# The management API answers only once the node's rabbit application runs; it answers in
# milliseconds where each rabbitmqctl call costs a second or two.
management_answers() { curl -fsS -o /dev/null --max-time 2 -u guest:guest "http://127.0.0.1:$(broker_management_port "$1")/api/overview" 2>/dev/null; }
cluster_nodes_json() { curl -fsS --max-time 5 -u guest:guest "http://127.0.0.1:$(broker_management_port "$1")/api/nodes?columns=name,running" 2>/dev/null; }
# The nodes of the given node's cluster that are running, or all its members, one a line.
running_members() { cluster_nodes_json "$1" | jq -r '.[] | select(.running) | .name' | sort; }
cluster_members() { cluster_nodes_json "$1" | jq -r '.[].name' | sort; }
broker_cluster_complete() { [[ $(running_members "$1" | wc -l) -eq ${#broker_nodes[@]} ]]; }

broker_exited() {
    local pid
    pid=$(cat "$(broker_pid_file "$1")" 2>/dev/null) && kill -0 "$pid" 2>/dev/null && return 1
    return 0
}
# Stops waiting at once when the node's process is gone: no use waiting for a dead node.
broker_booted() { broker_exited "$1" || management_answers "$1"; }

# What a node that failed said, for the caller's log (CI shows only ours).
show_broker_log() {
    local n=$1 dir
    dir=$(broker_dir "$n")
    say "rabbitmq: the last lines of $(broker_name "$n")'s console ($dir/log/console.log):"
    tail -n 25 "$dir/log/console.log" 2>/dev/null | sed 's/^/    /' >&2 || true
    say "rabbitmq: its errors ($dir/log/$(broker_name "$n").log):"
    tail -n 300 "$dir/log/$(broker_name "$n").log" 2>/dev/null | grep -E -A3 '\[(error|critical)\]' | tail -n 30 | sed 's/^/    /' >&2 || true
}

# Returns 3 when the node's process exited while booting (the caller may try again); fails
# (exit) when it neither boots nor exits in time.
await_broker() {
    local n=$1
    if ! wait_for broker_booted "$n"; then
        show_broker_log "$n"
        fail "rabbitmq node $(broker_name "$n") did not start within ${timeout_seconds}s (no management API on 127.0.0.1:$(broker_management_port "$n")); see $(broker_dir "$n")/log/"
    fi
    broker_exited "$n" && return 3
    wait_for broker_answers "$n" || fail "rabbitmq node $(broker_name "$n") runs but nothing answers on 127.0.0.1:$(broker_amqp_port "$n")"
}

# The ports a node listens on, and who holds them when one is taken before it starts.
ports_taken_report() {
    local n=$1 port holders=""
    for port in "$(broker_amqp_port "$n")" "$(broker_dist_port "$n")" "$(broker_management_port "$n")"; do
        if port_answers "$port"; then
            holders+=" $port ($(ss -Htlnp "sport = :$port" 2>/dev/null | grep -o 'users:.*' | head -n 1))"
        fi
    done
    printf '%s' "$holders"
}

# Starts node N's process, once its ports are free.
boot_broker() {
    local n=$1 taken
    taken=$(ports_taken_report "$n")
    [[ -z $taken ]] || fail "rabbitmq node $(broker_name "$n") cannot start: its ports are taken:$taken"
    start_broker_process "$n"
}
# Waits for node N. A node that exits while booting (a join that lost a race, data its peers no
# longer agree with) is shown, wiped (a test node's queues live on its peers too) and started once
# more, blank: it joins node 1 or, later, the largest cluster.
await_or_retry_broker() {
    local n=$1 status=0
    await_broker "$n" || status=$?
    ((status == 3)) || return "$status"
    show_broker_log "$n"
    say "rabbitmq: node $(broker_name "$n") exited while booting; deleting its data and starting it again"
    mv "$(broker_dir "$n")/log/console.log" "$(broker_dir "$n")/log/console.failed.log" 2>/dev/null || true
    rm -rf "$(broker_dir "$n")/mnesia"
    boot_broker "$n"
    status=0
    await_broker "$n" || status=$?
    if ((status == 3)); then
        show_broker_log "$n"
        fail "rabbitmq node $(broker_name "$n") exited at start twice; see $(broker_dir "$n")/log/"
    fi
    return "$status"
}

join_broker() {
    local n=$1 seed=$2 log
    log=$(broker_dir "$n")/log/join.log
    say "rabbitmq: joining $(broker_name "$n") to the cluster of $(broker_name "$seed") (its own data is reset)"
    { ctl "$n" stop_app && ctl "$n" reset && ctl "$n" join_cluster "$(broker_name "$seed")" && ctl "$n" start_app; } >"$log" 2>&1 \
        || { cat "$log" >&2; fail "could not join $(broker_name "$n") to $(broker_name "$seed") (log: $log)"; }
    await_broker "$n" || { show_broker_log "$n"; fail "rabbitmq node $(broker_name "$n") exited after joining $(broker_name "$seed")"; }
}

broker_blank() { [[ ! -d $(broker_dir "$1")/mnesia/$(broker_name "$1") ]]; }

start_brokers() {
    local n first=() later=()
    # A node that was clustered waits at boot for its peers' tables, so stopped nodes with data
    # start together. Blank nodes other than node 1 start once node 1 runs, and join it as they boot.
    for n in "${broker_nodes[@]}"; do
        if broker_alive "$n"; then
            say "rabbitmq: node $(broker_name "$n") already running"
        elif [[ $n != 1 ]] && broker_blank "$n"; then
            later+=("$n")
        else
            first+=("$n")
        fi
    done
    for n in "${first[@]}"; do boot_broker "$n"; done
    for n in "${first[@]}"; do await_or_retry_broker "$n"; done
    # One at a time: two blank nodes joining node 1 at once can race for its schema.
    for n in "${later[@]}"; do
        boot_broker "$n"
        await_or_retry_broker "$n"
    done

    # After a partial failure a node may stand in a cluster of its own: join it to the largest.
    local seed=1 best=0 size seed_members
    for n in "${broker_nodes[@]}"; do
        size=$(cluster_members "$n" | wc -l)
        if ((size > best)); then best=$size seed=$n; fi
    done
    seed_members=$(cluster_members "$seed")
    for n in "${broker_nodes[@]}"; do
        grep -qxF "$(broker_name "$n")" <<<"$seed_members" || join_broker "$n" "$seed"
    done
    wait_for broker_cluster_complete 1 \
        || fail "the rabbitmq cluster does not show its ${#broker_nodes[@]} nodes running; run: $0 status"
    say "rabbitmq: cluster of ${#broker_nodes[@]} nodes running: $(running_members 1 | paste -sd' ')"
}

# SIGTERM makes the VM stop RabbitMQ cleanly (as `rabbitmqctl stop`, minus a CLI's start-up).
stop_brokers() {
    local n pids=()
    for n in "$@"; do
        if broker_alive "$n"; then
            say "rabbitmq: stopping node $(broker_name "$n")"
            pids+=("$(<"$(broker_pid_file "$n")")")
        else
            say "rabbitmq: node $(broker_name "$n") is not running"
        fi
    done
    ((${#pids[@]} > 0)) || return 0
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local pid
    for pid in "${pids[@]}"; do
        wait_seconds=60 wait_for eval "! kill -0 $pid 2>/dev/null" || { say "rabbitmq: pid $pid did not stop in 60 s, killing it"; kill -KILL "$pid" 2>/dev/null || true; }
    done
}

kill_broker() {
    local n=$1 pid
    broker_alive "$n" || fail "rabbitmq node $(broker_name "$n") is not running"
    pid=$(<"$(broker_pid_file "$n")")
    kill -KILL "$pid"
    wait_for eval "! kill -0 $pid 2>/dev/null" || fail "rabbitmq node $(broker_name "$n") (pid $pid) survived SIGKILL"
    say "rabbitmq: killed node $(broker_name "$n") (SIGKILL pid $pid)"
    local other
    for other in "${broker_nodes[@]}"; do
        [[ $other == "$n" ]] && continue
        wait_for eval "! running_members $other | grep -qxF $(broker_name "$n")" \
            || fail "node $(broker_name "$other") still sees $(broker_name "$n") running"
        say "rabbitmq: running nodes now: $(running_members "$other" | paste -sd' ')"
        break
    done
}

start_one_broker() {
    local n=$1 t0
    t0=$(now_ms)
    if broker_alive "$n"; then
        say "rabbitmq: node $(broker_name "$n") already running"
    else
        boot_broker "$n"
    fi
    await_or_retry_broker "$n"
    wait_for broker_cluster_complete "$n" || fail "node $(broker_name "$n") started but the cluster does not show ${#broker_nodes[@]} running nodes"
    say "rabbitmq: node $(broker_name "$n") back in $(($(now_ms) - t0)) ms; running nodes: $(running_members "$n" | paste -sd' ')"
}

# --- etcd -------------------------------------------------------------------------------------

etcd_pid_file() { printf '%s/etcd/pid' "$base"; }
etcd_answers() { curl -fsS "http://127.0.0.1:$etcd_client_port/health" 2>/dev/null | grep -q '"health":"true"'; }

start_etcd() {
    if pid_alive "$(etcd_pid_file)" etcd && etcd_answers; then
        say "etcd: already answering on 127.0.0.1:$etcd_client_port"
        return 0
    fi
    if ! pid_alive "$(etcd_pid_file)" etcd; then
        mkdir -p "$base/etcd/data" && chown -R etcd:etcd "$base/etcd" && chmod 700 "$base/etcd/data"
        say "etcd: starting one member on 127.0.0.1:$etcd_client_port (peer $etcd_peer_port)"
        spawn etcd "$base/log/etcd.log" "$(etcd_pid_file)" \
            etcd --name "$scope" --data-dir "$base/etcd/data" \
            --listen-client-urls "http://127.0.0.1:$etcd_client_port" --advertise-client-urls "http://127.0.0.1:$etcd_client_port" \
            --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
            --initial-cluster "$scope=http://127.0.0.1:$etcd_peer_port" --initial-cluster-token "$scope" --initial-cluster-state new
    fi
    wait_for etcd_answers || fail "etcd does not answer on 127.0.0.1:$etcd_client_port; see $base/log/etcd.log"
    say "etcd: answering on 127.0.0.1:$etcd_client_port"
}

stop_etcd() {
    local pid
    pid_alive "$(etcd_pid_file)" etcd || { say "etcd: not running"; return 0; }
    pid=$(<"$(etcd_pid_file)")
    say "etcd: stopping"
    kill -TERM "$pid"
    wait_seconds=30 wait_for eval "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
}

# --- PostgreSQL under Patroni -----------------------------------------------------------------

write_patroni_config() {
    local n=$1 file
    file=$(patroni_config "$n")
    mkdir -p "$(dirname "$file")" "$base/postgresql" /var/run/postgresql
    chown postgres:postgres "$(dirname "$file")" "$base/postgresql" /var/run/postgresql
    cat >"$file" <<YAML
# Written by scripts/ha-services.sh: node $n of the test PostgreSQL pair.
scope: $scope
namespace: /$scope/
name: pg-ha$n

restapi:
  listen: 127.0.0.1:$(patroni_port "$n")
  connect_address: 127.0.0.1:$(patroni_port "$n")

etcd3:
  hosts: 127.0.0.1:$etcd_client_port

bootstrap:
  # Only read when the cluster is first made; start applies the same values to a running cluster.
  dcs:
    ttl: $ttl
    loop_wait: $loop_wait
    retry_timeout: $retry_timeout
    maximum_lag_on_failover: 1048576
    primary_start_timeout: 0
    synchronous_mode: true
    synchronous_mode_strict: false
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        max_connections: 100
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums

postgresql:
  listen: 127.0.0.1:$(pg_port "$n")
  connect_address: 127.0.0.1:$(pg_port "$n")
  data_dir: $(pg_data_dir "$n")
  bin_dir: $pg_bin
  pgpass: $base/patroni/pgpass-pg-ha$n
  use_unix_socket: true
  remove_data_directory_on_rewind_failure: true
  remove_data_directory_on_diverged_timelines: true
  authentication:
    superuser:
      username: postgres
      password: postgres
    replication:
      username: replicator
      password: replicator
  parameters:
    unix_socket_directories: /var/run/postgresql
  pg_hba:
    - local all all peer
    - host all all 127.0.0.1/32 scram-sha-256
    - host replication replicator 127.0.0.1/32 scram-sha-256

# No /dev/watchdog here; saying so keeps Patroni from warning at every start.
watchdog:
  mode: "off"

tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
YAML
    chown postgres:postgres "$file" && chmod 600 "$file"
}

patroni_alive() { pid_alive "$(patroni_pid_file "$1")" "$(patroni_config "$1")"; }
rest() { curl -fsS --max-time 2 "http://127.0.0.1:$(patroni_port "$1")/$2" 2>/dev/null; }
rest_ok() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$(patroni_port "$1")/$2" 2>/dev/null; }

# The node number of the current primary (Patroni's leader that answers /primary), or nothing.
primary_node() {
    local n
    for n in "${database_nodes[@]}"; do
        if rest_ok "$n" primary; then printf '%s' "$n"; return 0; fi
    done
    return 1
}
is_sync_standby() { rest_ok "$1" sync; }
pg_sql() {
    PGPASSWORD=postgres PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$(pg_port "$1")" -U postgres -d postgres -XtAq -c "$2" 2>/dev/null
}
pg_in_recovery() { pg_sql "$1" 'select pg_is_in_recovery()'; }
# A read-write session through the multi-host string the tests get.
pg_read_write_port() {
    PGPASSWORD=postgres PGCONNECT_TIMEOUT=3 psql -XtAq -c 'select inet_server_port()' \
        "host=127.0.0.1,127.0.0.1 port=$(pg_port 1),$(pg_port 2) user=postgres dbname=postgres target_session_attrs=read-write" 2>/dev/null
}
# True once one node is the primary, accepts writes, and the other is its streaming sync standby.
database_pair_ready() {
    local primary n
    primary=$(primary_node) || return 1
    [[ $(pg_in_recovery "$primary") == f ]] || return 1
    for n in "${database_nodes[@]}"; do
        [[ $n == "$primary" ]] && continue
        is_sync_standby "$n" && [[ $(pg_in_recovery "$n") == t ]] || return 1
    done
}

start_patroni_process() {
    local n=$1
    write_patroni_config "$n"
    say "patroni: starting pg-ha$n (PostgreSQL 127.0.0.1:$(pg_port "$n"), REST API $(patroni_port "$n"))"
    spawn postgres "$base/log/patroni-pg-ha$n.log" "$(patroni_pid_file "$n")" patroni "$(patroni_config "$n")"
}

# Applies this script's failover timings to a cluster that already exists (bootstrap.dcs is read
# only when the cluster is made).
apply_dynamic_config() {
    local primary=$1 wanted
    wanted=$(jq -nc --argjson ttl "$ttl" --argjson loop_wait "$loop_wait" --argjson retry_timeout "$retry_timeout" \
        '{ttl: $ttl, loop_wait: $loop_wait, retry_timeout: $retry_timeout, primary_start_timeout: 0,
          synchronous_mode: true, synchronous_mode_strict: false,
          postgresql: {use_pg_rewind: true, use_slots: true}}')
    if [[ $(rest "$primary" config | jq -c --argjson w "$wanted" '. as $c | $w | to_entries | all(.key as $k | .value as $v | if ($v|type) == "object" then ($v | to_entries | all(.value == $c[$k][.key])) else $c[$k] == $v end)') == true ]]; then
        return 0
    fi
    say "patroni: applying ttl $ttl, loop_wait $loop_wait, retry_timeout $retry_timeout, synchronous_mode to the running cluster"
    curl -fsS --max-time 5 -X PATCH -H 'Content-Type: application/json' -d "$wanted" \
        "http://127.0.0.1:$(patroni_port "$primary")/config" >/dev/null \
        || fail "could not update Patroni's dynamic configuration through 127.0.0.1:$(patroni_port "$primary")"
}

# Starts etcd and whichever Patroni is not running, without waiting for PostgreSQL: the
# brokers boot meanwhile, and await_databases waits for the pair.
launch_databases() {
    local n
    start_etcd
    for n in "${database_nodes[@]}"; do
        if patroni_alive "$n"; then
            say "patroni: pg-ha$n already running"
        else
            start_patroni_process "$n"
        fi
    done
}

await_databases() {
    wait_for database_pair_ready \
        || fail "no primary with a streaming sync standby after ${timeout_seconds}s; see $base/log/patroni-pg-ha*.log and: $0 status"
    local primary
    primary=$(primary_node)
    apply_dynamic_config "$primary"
    [[ -n $(pg_read_write_port) ]] || fail "cannot log in as postgres through the multi-host connection string (ports $(pg_port 1),$(pg_port 2))"
    say "postgresql: primary pg-ha$primary on 127.0.0.1:$(pg_port "$primary"), sync standby on the other; postgres logs in read-write"
}

stop_patroni() {
    local n=$1 pid
    patroni_alive "$n" || { say "patroni: pg-ha$n is not running"; stop_orphan_postmaster "$n"; return 0; }
    pid=$(<"$(patroni_pid_file "$n")")
    say "patroni: stopping pg-ha$n (and its PostgreSQL)"
    kill -TERM "$pid"
    wait_seconds=60 wait_for eval "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
    stop_orphan_postmaster "$n"
}

postmaster_pid() {
    local file
    file=$(pg_data_dir "$1")/postmaster.pid
    [[ -s $file ]] || return 1
    local pid
    pid=$(head -n 1 "$file")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$(pg_data_dir "$1")" || return 1
    printf '%s' "$pid"
}

# A postmaster left without its Patroni (after kill-database-node) is stopped fast.
stop_orphan_postmaster() {
    local n=$1 pid
    pid=$(postmaster_pid "$n") || return 0
    say "postgresql: stopping pg-ha$n's postmaster left without Patroni (pid $pid)"
    kill -INT "$pid" 2>/dev/null || true
    wait_seconds=30 wait_for eval "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
}

resolve_database_node() {
    local n=$1
    if [[ $n == primary ]]; then
        n=$(primary_node) || fail "no node is primary now; run: $0 status"
    fi
    [[ $n == 1 || $n == 2 ]] || fail "database node must be 1, 2 or primary, not '$1'"
    printf '%s' "$n"
}

kill_database_node() {
    local n ppid pmpid
    n=$(resolve_database_node "$1")
    patroni_alive "$n" || fail "patroni pg-ha$n is not running"
    ppid=$(<"$(patroni_pid_file "$n")")
    pmpid=$(postmaster_pid "$n" || true)
    kill -KILL "$ppid" ${pmpid:+"$pmpid"}
    say "patroni: killed pg-ha$n (SIGKILL Patroni pid $ppid${pmpid:+, postmaster pid $pmpid}); the other node takes over within ttl ${ttl}s + loop_wait ${loop_wait}s"
}

start_database_node() {
    local n=$1 t0
    [[ $n == 1 || $n == 2 ]] || fail "database node must be 1 or 2, not '$n'"
    t0=$(now_ms)
    start_etcd
    if patroni_alive "$n"; then
        say "patroni: pg-ha$n already running"
    else
        stop_orphan_postmaster "$n"
        start_patroni_process "$n"
    fi
    wait_for database_pair_ready || fail "pg-ha$n did not come back as primary or sync standby within ${timeout_seconds}s; see $base/log/patroni-pg-ha$n.log"
    say "patroni: pg-ha$n back in $(($(now_ms) - t0)) ms as $(role_of "$n")"
}

role_of() { rest "$1" patroni | jq -r '.role + (if .sync_standby then " (sync standby)" else "" end)'; }

failover_database() {
    local old new pid t0 t_promoted t_write t_rejoined
    old=$(primary_node) || fail "no node is primary now; run: $0 start"
    database_pair_ready || fail "the pair is not healthy (no sync standby); run: $0 status"
    pid=$(postmaster_pid "$old") || fail "no postmaster found for pg-ha$old"
    t0=$(now_ms)
    kill -KILL "$pid"
    say "failover: killed the primary pg-ha$old's postmaster (SIGKILL pid $pid)"
    wait_for eval 'new=$(primary_node) && [[ $new != '"$old"' ]] && [[ $(pg_in_recovery $new) == f ]]' \
        || fail "no other node was promoted within ${timeout_seconds}s; run: $0 status"
    t_promoted=$(now_ms)
    say "failover: pg-ha$new promoted after $((t_promoted - t0)) ms"
    wait_for eval '[[ $(pg_read_write_port) == $(pg_port '"$new"') ]]' || fail "the multi-host string does not reach pg-ha$new read-write"
    t_write=$(now_ms)
    say "failover: the multi-host connection string reaches pg-ha$new read-write after $((t_write - t0)) ms"
    wait_for eval 'is_sync_standby '"$old"' && [[ $(pg_in_recovery '"$old"') == t ]]' \
        || fail "pg-ha$old did not rejoin as sync standby within ${timeout_seconds}s; see $base/log/patroni-pg-ha$old.log"
    t_rejoined=$(now_ms)
    say "failover: pg-ha$old rejoined as sync standby after $((t_rejoined - t0)) ms"
    local n
    for n in "${database_nodes[@]}"; do
        say "failover: pg-ha$n (port $(pg_port "$n")): pg_is_in_recovery() = $(pg_in_recovery "$n")"
    done
    printf 'promoted_ms=%s read_write_ms=%s rejoined_ms=%s old_primary=%s new_primary=%s\n' \
        $((t_promoted - t0)) $((t_write - t0)) $((t_rejoined - t0)) "$old" "$new"
}

# --- status -----------------------------------------------------------------------------------

status() {
    local n rc=0
    printf 'rabbitmq:\n'
    for n in "${broker_nodes[@]}"; do
        if broker_alive "$n" && broker_answers "$n"; then
            printf '  %s  amqp 127.0.0.1:%s  management %s  pid %s  running\n' "$(broker_name "$n")" \
                "$(broker_amqp_port "$n")" "$(broker_management_port "$n")" "$(<"$(broker_pid_file "$n")")"
        else
            printf '  %s  amqp 127.0.0.1:%s  DOWN\n' "$(broker_name "$n")" "$(broker_amqp_port "$n")"
            rc=1
        fi
    done
    for n in "${broker_nodes[@]}"; do
        if broker_alive "$n"; then
            printf '  cluster (seen by %s): running %s; members %s\n' "$(broker_name "$n")" \
                "$(running_members "$n" | paste -sd' ')" "$(cluster_members "$n" | paste -sd' ')"
            break
        fi
    done
    printf 'etcd: '
    if etcd_answers; then printf '127.0.0.1:%s healthy\n' "$etcd_client_port"; else printf 'DOWN\n'; rc=1; fi
    printf 'postgresql (patroni scope %s):\n' "$scope"
    for n in "${database_nodes[@]}"; do
        if patroni_alive "$n"; then
            printf '  pg-ha%s  127.0.0.1:%s  %-26s pg_is_in_recovery=%s\n' "$n" "$(pg_port "$n")" \
                "$(role_of "$n" || echo '?')" "$(pg_in_recovery "$n" || echo '?')"
        else
            printf '  pg-ha%s  127.0.0.1:%s  DOWN (patroni not running)\n' "$n" "$(pg_port "$n")"
            rc=1
        fi
    done
    if etcd_answers && [[ -f $(patroni_config 1) ]]; then
        patronictl -c "$(patroni_config 1)" list 2>/dev/null | sed 's/^/  /' || true
    fi
    return $rc
}

stop_all() {
    local n primary
    stop_brokers "${broker_nodes[@]}"
    # The standby first, so that stopping the primary does not hand it over needlessly.
    primary=$(primary_node || true)
    for n in "${database_nodes[@]}"; do [[ $n == "$primary" ]] || stop_patroni "$n"; done
    [[ -z $primary ]] || stop_patroni "$primary"
    stop_etcd
    say "stopped (data kept in $base; '$0 destroy' deletes it)"
}

quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

usage() {
    sed -n '2,/^$/p' "$0" | sed -n '/^#/s/^# \{0,1\}//p' >&2
    exit 2
}

main() {
    local command=${1:-start}
    case $command in
        start | stop | destroy | kill-broker-node | start-broker-node | kill-database-node | start-database-node | failover-database) require_root ;;
        status) ;;
        -h | --help | help) usage ;;
        *) say "unknown command '$command'"; usage ;;
    esac
    case $command in
        start)
            local t0=$SECONDS
            ensure_packages
            launch_databases
            start_brokers
            await_databases
            say "ready in $((SECONDS - t0)) s"
            printf 'export TCHEK_HA_RABBITMQ=%s\n' "$(quote "${TCHEK_HA_RABBITMQ:-$_tchek_ha_default_rabbitmq}")"
            printf 'export TCHEK_HA_RABBITMQ_NODES=%s\n' "$(quote "${TCHEK_HA_RABBITMQ_NODES:-$_tchek_ha_default_rabbitmq_nodes}")"
            printf 'export TCHEK_HA_RABBITMQ_MANAGEMENT=%s\n' "$(quote "${TCHEK_HA_RABBITMQ_MANAGEMENT:-$_tchek_ha_default_rabbitmq_management}")"
            printf 'export TCHEK_HA_POSTGRES=%s\n' "$(quote "${TCHEK_HA_POSTGRES:-$_tchek_ha_default_postgres}")"
            ;;
        stop) stop_all ;;
        destroy)
            stop_all
            say "deleting $base"
            rm -rf "$base"
            ;;
        status) status ;;
        kill-broker-node | start-broker-node)
            [[ ${2:-} =~ ^[123]$ ]] || fail "$command needs a node number: 1, 2 or 3"
            if [[ $command == kill-broker-node ]]; then kill_broker "$2"; else start_one_broker "$2"; fi
            ;;
        kill-database-node)
            [[ -n ${2:-} ]] || fail "$command needs a node: 1, 2 or primary"
            kill_database_node "$2"
            ;;
        start-database-node)
            [[ -n ${2:-} ]] || fail "$command needs a node number: 1 or 2"
            start_database_node "$2"
            ;;
        failover-database) failover_database ;;
    esac
}

main "$@"
