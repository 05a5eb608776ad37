#!/usr/bin/env bash
# Ensures a local PostgreSQL 15 and RabbitMQ are running and answering (Debian), and python3-pika for
# the Python subscriber example, for the integration tests. Idempotent: run it as often as you like.
#
#   source scripts/services.sh     # starts them, exports TCHEK_TEST_POSTGRES and TCHEK_TEST_RABBITMQ
#   eval "$(scripts/services.sh)"  # same; executed, it prints the export lines on stdout
#
# Variables the caller already set are kept. Local-dev defaults only: the postgres password is
# "postgres" and RabbitMQ uses its localhost-only guest account.
#
# Installing (RabbitMQ, or PostgreSQL 15 if absent) and starting need root; as another user it
# only checks, and says what to run.

_tchek_default_postgres='Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres'
_tchek_default_rabbitmq='amqp://guest:guest@127.0.0.1:5672/'

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
    # Sourced: do the work in a child bash, so `set -e` really applies (it is ignored inside an
    # `if` here) and the caller's shell options stay untouched; then export in the caller.
    if bash "${BASH_SOURCE[0]}" >/dev/null; then
        export TCHEK_TEST_POSTGRES="${TCHEK_TEST_POSTGRES:-$_tchek_default_postgres}"
        export TCHEK_TEST_RABBITMQ="${TCHEK_TEST_RABBITMQ:-$_tchek_default_rabbitmq}"
        unset _tchek_default_postgres _tchek_default_rabbitmq
        printf 'services: exported TCHEK_TEST_POSTGRES and TCHEK_TEST_RABBITMQ\n' >&2
        return 0
    fi
    unset _tchek_default_postgres _tchek_default_rabbitmq
    printf 'services: error: PostgreSQL and RabbitMQ are not both ready (see above)\n' >&2
    return 1
fi

set -euo pipefail

main() {
    local pg_version=15 pg_cluster=main pg_port=5432 pg_password=postgres amqp_port=5672
    local timeout_seconds=90

    say() { printf 'services: %s\n' "$*" >&2; }
    fail() { printf 'services: error: %s\n' "$*" >&2; return 1; }
    is_root() { [[ $(id -u) -eq 0 ]]; }

    # Waits until "$@" succeeds, at most $timeout_seconds.
    wait_for() {
        local deadline=$((SECONDS + timeout_seconds))
        until "$@"; do
            ((SECONDS < deadline)) || return 1
            sleep 1
        done
    }

    apt_install() {
        is_root || fail "$1 is not installed; as root run: apt-get update && apt-get install -y $*" || return 1
        local apt_log
        apt_log=$(mktemp -t tchek-services-apt.XXXXXX)
        say "installing $* (apt-get; log in $apt_log)"
        if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; } >"$apt_log" 2>&1 </dev/null; then
            tail -n 20 "$apt_log" >&2
            fail "apt-get could not install $* (full log: $apt_log)" || return 1
        fi
    }

    # --- PostgreSQL -----------------------------------------------------------------------
    pg_answers() { pg_isready -q -h 127.0.0.1 -p "$pg_port"; }
    pg_login_works() {
        PGPASSWORD=$pg_password PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$pg_port" -U postgres \
            -d postgres -XtAq -c 'select 1' >/dev/null 2>&1
    }

    if ! command -v pg_ctlcluster >/dev/null || [[ ! -d /etc/postgresql/$pg_version/$pg_cluster ]]; then
        apt_install "postgresql-$pg_version"
    fi

    if pg_answers; then
        say "postgresql: already answering on 127.0.0.1:$pg_port"
    else
        is_root || fail "postgresql is not running; as root run: pg_ctlcluster --skip-systemctl-redirect $pg_version $pg_cluster start" || return 1
        if pg_ctlcluster "$pg_version" "$pg_cluster" status >/dev/null 2>&1; then
            say "postgresql: cluster $pg_version/$pg_cluster is running, waiting for it"
        else
            say "postgresql: starting cluster $pg_version/$pg_cluster"
            pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" start >&2
        fi
        wait_for pg_answers || fail "postgresql does not answer on 127.0.0.1:$pg_port after ${timeout_seconds}s; see /var/log/postgresql/postgresql-$pg_version-$pg_cluster.log" || return 1
        say "postgresql: answering on 127.0.0.1:$pg_port"
    fi

    if pg_login_works; then
        say "postgresql: user postgres logs in with the local-dev password"
    else
        is_root || fail "cannot log in as postgres/$pg_password; as root run: su postgres -c \"psql -c \\\"ALTER USER postgres PASSWORD '$pg_password'\\\"\"" || return 1
        say "postgresql: setting the postgres user's password to the local-dev default"
        su postgres -c "psql -p $pg_port -XqAt -c \"ALTER USER postgres PASSWORD '$pg_password'\"" >&2 </dev/null
        pg_login_works || fail "still cannot log in as postgres on 127.0.0.1:$pg_port (check pg_hba.conf)" || return 1
    fi

    # --- Python and pika, for examples/python-subscriber (an integration test runs it) ------
    if /usr/bin/python3 -c 'import pika' >/dev/null 2>&1; then
        say "python3-pika: installed"
    elif is_root; then
        apt_install python3-pika
    else
        say "warning: /usr/bin/python3 cannot import pika, so the Python subscriber's test will fail; as root run: apt-get install -y python3-pika"
    fi

    # --- RabbitMQ -------------------------------------------------------------------------
    rabbit_running() { rabbitmq-diagnostics -q ping >/dev/null 2>&1; }
    amqp_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$amqp_port" 2>/dev/null; }

    if ! command -v rabbitmq-server >/dev/null; then
        apt_install rabbitmq-server
    fi

    if rabbit_running; then
        say "rabbitmq: node already running"
    elif ! is_root; then
        # Only root (or rabbitmq) holds the Erlang cookie to ask the node; the AMQP port will do.
        amqp_answers || fail "rabbitmq is not running; as root run: rabbitmq-server -detached && rabbitmqctl await_startup" || return 1
        say "rabbitmq: answering on 127.0.0.1:$amqp_port"
        return 0
    else
        say "rabbitmq: starting (rabbitmq-server -detached)"
        rabbitmq-server -detached >&2 </dev/null
    fi
    # await_startup fails at once while the node is not yet reachable, so retry it.
    wait_for timeout 30 rabbitmqctl -q await_startup >/dev/null 2>&1 </dev/null \
        || fail "rabbitmq did not start within ${timeout_seconds}s; see /var/log/rabbitmq/" || return 1
    wait_for amqp_answers || fail "rabbitmq runs but nothing answers on 127.0.0.1:$amqp_port" || return 1
    say "rabbitmq: answering on 127.0.0.1:$amqp_port"
}

quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

main
printf 'export TCHEK_TEST_POSTGRES=%s\n' "$(quote "${TCHEK_TEST_POSTGRES:-$_tchek_default_postgres}")"
printf 'export TCHEK_TEST_RABBITMQ=%s\n' "$(quote "${TCHEK_TEST_RABBITMQ:-$_tchek_default_rabbitmq}")"
