#!/usr/bin/env bash
# Ensures a local PostgreSQL 15 and RabbitMQ are running and answering (Debian), python3-pika for
# the Python subscriber example, Node.js and npm (nodejs, npm) for the Node one, and Chromium with its
# driver (chromium, chromium-driver) for the console's browser tests, for the integration tests. Idempotent: run it as often as you like.
#
#   source scripts/services.sh     # starts them, exports TCHEK_TEST_POSTGRES and TCHEK_TEST_RABBITMQ
#                                  # (and TCHEK_TEST_CHROMIUM, TCHEK_TEST_CHROMEDRIVER: the browser's paths)
#   eval "$(scripts/services.sh)"  # same; executed, it prints the export lines on stdout
#
# Variables the caller already set are kept. Local-dev defaults only: the postgres password is
# "postgres" and RabbitMQ uses its localhost-only guest account.
#
# RabbitMQ also gets a TLS listener (port 5671) for the amqps tests: a throwaway CA and a server
# certificate for localhost and 127.0.0.1 are generated with openssl into $TCHEK_TEST_TLS_DIR
# (default /var/lib/tchek-test-tls, outside the repository; regenerated when missing or expiring
# within a week), and TCHEK_TEST_RABBITMQ_TLS (amqps URI) and TCHEK_TEST_RABBITMQ_TLS_CA (the CA's
# PEM path) are exported. A node already running without that listener is restarted once, after
# the listener's configuration is written to /etc/rabbitmq/conf.d/.
#
# The management plugin is enabled (no restart) and TCHEK_TEST_RABBITMQ_MANAGEMENT exported: each
# integration test makes its own vhost through it in milliseconds (rabbitmqctl would take seconds).
#
# To exercise this script on a private RabbitMQ node instead of the machine's main one, export
# that node's RABBITMQ_NODENAME, RABBITMQ_NODE_PORT, RABBITMQ_DIST_PORT, RABBITMQ_CONFIG_FILES
# (a directory), RABBITMQ_MNESIA_BASE, RABBITMQ_LOG_BASE, RABBITMQ_PID_FILE, and its TLS port as
# TCHEK_TEST_AMQPS_PORT, and a TCHEK_TEST_TLS_DIR of its own.
#
# Installing (RabbitMQ, or PostgreSQL 15 if absent) and starting need root; as another user it
# only checks, and says what to run.

_tchek_default_postgres='Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres'
_tchek_default_rabbitmq="amqp://guest:guest@127.0.0.1:${RABBITMQ_NODE_PORT:-5672}/"
_tchek_default_rabbitmq_tls="amqps://guest:guest@localhost:${TCHEK_TEST_AMQPS_PORT:-5671}/"
_tchek_default_tls_ca="${TCHEK_TEST_TLS_DIR:-/var/lib/tchek-test-tls}/ca.pem"
_tchek_default_rabbitmq_management="http://guest:guest@127.0.0.1:${TCHEK_TEST_MANAGEMENT_PORT:-15672}/"
_tchek_default_chromium=/usr/bin/chromium
_tchek_default_chromedriver=/usr/bin/chromedriver

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
    # Sourced: do the work in a child bash, so `set -e` really applies (it is ignored inside an
    # `if` here) and the caller's shell options stay untouched; then export in the caller.
    if bash "${BASH_SOURCE[0]}" >/dev/null; then
        export TCHEK_TEST_POSTGRES="${TCHEK_TEST_POSTGRES:-$_tchek_default_postgres}"
        export TCHEK_TEST_RABBITMQ="${TCHEK_TEST_RABBITMQ:-$_tchek_default_rabbitmq}"
        export TCHEK_TEST_RABBITMQ_TLS="${TCHEK_TEST_RABBITMQ_TLS:-$_tchek_default_rabbitmq_tls}"
        export TCHEK_TEST_RABBITMQ_TLS_CA="${TCHEK_TEST_RABBITMQ_TLS_CA:-$_tchek_default_tls_ca}"
        export TCHEK_TEST_RABBITMQ_MANAGEMENT="${TCHEK_TEST_RABBITMQ_MANAGEMENT:-$_tchek_default_rabbitmq_management}"
        export TCHEK_TEST_CHROMIUM="${TCHEK_TEST_CHROMIUM:-$_tchek_default_chromium}"
        export TCHEK_TEST_CHROMEDRIVER="${TCHEK_TEST_CHROMEDRIVER:-$_tchek_default_chromedriver}"
        unset _tchek_default_postgres _tchek_default_rabbitmq _tchek_default_rabbitmq_tls _tchek_default_tls_ca _tchek_default_rabbitmq_management _tchek_default_chromium _tchek_default_chromedriver
        printf 'services: exported TCHEK_TEST_POSTGRES, TCHEK_TEST_RABBITMQ, TCHEK_TEST_RABBITMQ_TLS, TCHEK_TEST_RABBITMQ_TLS_CA, TCHEK_TEST_RABBITMQ_MANAGEMENT, TCHEK_TEST_CHROMIUM and TCHEK_TEST_CHROMEDRIVER\n' >&2
        return 0
    fi
    unset _tchek_default_postgres _tchek_default_rabbitmq _tchek_default_rabbitmq_tls _tchek_default_tls_ca _tchek_default_rabbitmq_management _tchek_default_chromium _tchek_default_chromedriver
    printf 'services: error: PostgreSQL and RabbitMQ are not both ready (see above)\n' >&2
    return 1
fi

set -euo pipefail

main() {
    local pg_version=15 pg_cluster=main pg_port=5432 pg_password=postgres
    local amqp_port=${RABBITMQ_NODE_PORT:-5672} amqps_port=${TCHEK_TEST_AMQPS_PORT:-5671}
    local management_port=${TCHEK_TEST_MANAGEMENT_PORT:-15672}
    local tls_dir=${TCHEK_TEST_TLS_DIR:-/var/lib/tchek-test-tls}
    # RABBITMQ_CONFIG_FILES (a directory of .conf files) is where RabbitMQ reads extra configuration.
    local rabbit_conf_dir=${RABBITMQ_CONFIG_FILES:-/etc/rabbitmq/conf.d}
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

    # --- Node.js and npm, for examples/node-subscriber and the amqplib permission tests -------
    # Any node and npm on the PATH will do (the examples need Node 18 or later); Debian's otherwise.
    if command -v node >/dev/null && command -v npm >/dev/null; then
        say "node: $(command -v node) $(node --version), npm $(npm --version)"
    elif is_root; then
        apt_install nodejs npm
    else
        say "warning: no node or npm, so the Node subscriber's test and the amqplib permission tests will fail; as root run: apt-get install -y nodejs npm"
    fi

    # --- Chromium and its driver, for the console's browser tests (Selenium, headless) ------
    local chromium=${TCHEK_TEST_CHROMIUM:-$_tchek_default_chromium} chromedriver=${TCHEK_TEST_CHROMEDRIVER:-$_tchek_default_chromedriver}
    if [[ -x $chromium && -x $chromedriver ]]; then
        say "chromium: $chromium, driver $chromedriver"
    elif is_root; then
        apt_install chromium chromium-driver
    else
        say "warning: no $chromium or $chromedriver, so the console's browser tests will fail; as root run: apt-get install -y chromium chromium-driver"
    fi

    # --- RabbitMQ -------------------------------------------------------------------------
    rabbit_running() { rabbitmq-diagnostics -q ping >/dev/null 2>&1; }
    amqp_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$amqp_port" 2>/dev/null; }
    # A real handshake that checks the server certificate against our CA and the name localhost.
    amqps_answers() {
        timeout 5 openssl s_client -connect "127.0.0.1:$amqps_port" -servername localhost -verify_hostname localhost \
            -CAfile "$tls_dir/ca.pem" -verify_return_error </dev/null >/dev/null 2>&1
    }
    start_rabbit() {
        say "rabbitmq: starting (rabbitmq-server -detached)"
        (cd /tmp && rabbitmq-server -detached >&2 </dev/null)
    }
    # await_startup fails at once while the node is not yet reachable, so retry it.
    await_rabbit() {
        wait_for timeout 30 rabbitmqctl -q await_startup >/dev/null 2>&1 </dev/null \
            || fail "rabbitmq did not start within ${timeout_seconds}s; see ${RABBITMQ_LOG_BASE:-/var/log/rabbitmq}/" || return 1
        wait_for amqp_answers || fail "rabbitmq runs but nothing answers on 127.0.0.1:$amqp_port" || return 1
        say "rabbitmq: answering on 127.0.0.1:$amqp_port"
    }

    if ! command -v rabbitmq-server >/dev/null; then
        apt_install rabbitmq-server
    fi

    if rabbit_running; then
        say "rabbitmq: node already running"
    elif ! is_root; then
        # Only root (or rabbitmq) holds the Erlang cookie to ask the node; the AMQP port will do.
        amqp_answers || fail "rabbitmq is not running; as root run: rabbitmq-server -detached && rabbitmqctl await_startup" || return 1
        say "rabbitmq: answering on 127.0.0.1:$amqp_port"
        if amqps_answers; then
            say "rabbitmq: TLS listener answering on 127.0.0.1:$amqps_port with the test CA's certificate"
        else
            say "warning: no TLS listener with the test CA's certificate on 127.0.0.1:$amqps_port, so the amqps tests will fail; as root run: source scripts/services.sh"
        fi
        return 0
    fi

    # The TLS listener: certificates first (the node reads them at start), then its configuration.
    local renewed=0
    tls_certificates_valid "$tls_dir" || { generate_tls_certificates "$tls_dir" && renewed=1; } || return 1
    write_tls_listener_config "$rabbit_conf_dir/20-tchek-test-tls.conf" "$tls_dir" "$amqps_port" || true

    if rabbit_running; then
        if ((renewed)); then
            # New files under the same names: make a running listener read them again.
            rabbitmqctl -q eval 'ssl:clear_pem_cache().' >/dev/null 2>&1 </dev/null || true
        fi
        if ! amqps_answers; then
            # A listener is only added at start: the one case where this script restarts the node.
            say "rabbitmq: RESTARTING the running node to add its TLS listener on port $amqps_port (configuration: $rabbit_conf_dir/20-tchek-test-tls.conf)"
            rabbitmqctl -q stop >&2 </dev/null || fail "could not stop the rabbitmq node to restart it" || return 1
            start_rabbit
        fi
    else
        start_rabbit
    fi
    await_rabbit || return 1

    wait_for amqps_answers \
        || fail "rabbitmq's TLS listener does not answer on 127.0.0.1:$amqps_port with the certificate in $tls_dir (see ${RABBITMQ_LOG_BASE:-/var/log/rabbitmq}/ and $rabbit_conf_dir/20-tchek-test-tls.conf)" || return 1
    say "rabbitmq: TLS listener answering on 127.0.0.1:$amqps_port (CA: $tls_dir/ca.pem)"

    # The management API makes a test's own vhost in milliseconds (rabbitmqctl: half a second a call).
    # Enabled on the running node, no restart; the tests fall back to rabbitmqctl without it.
    management_answers() { curl -fsS -o /dev/null -u guest:guest "http://127.0.0.1:$management_port/api/overview" 2>/dev/null; }
    if ! management_answers; then
        rabbitmq-plugins -q enable rabbitmq_management >/dev/null 2>&1 </dev/null \
            || say "warning: could not enable rabbitmq_management; the tests will make their vhosts with rabbitmqctl (slower)"
        wait_for management_answers \
            || say "warning: the management API does not answer on 127.0.0.1:$management_port; the tests will use rabbitmqctl (slower)"
    fi
    management_answers && say "rabbitmq: management API answering on 127.0.0.1:$management_port"
    return 0
}

quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# --- TLS for the tests' broker (functions, so a private node can be set up the same way) -------

# True when DIR holds a CA and server certificate that stay valid for at least 7 more days.
tls_certificates_valid() {
    local dir=$1 file
    for file in ca.pem server.pem server.key; do
        [[ -s $dir/$file ]] || return 1
    done
    openssl x509 -checkend $((7 * 24 * 3600)) -noout -in "$dir/ca.pem" >/dev/null 2>&1 \
        && openssl x509 -checkend $((7 * 24 * 3600)) -noout -in "$dir/server.pem" >/dev/null 2>&1
}

# Generates a throwaway CA and a server certificate (CN localhost, SAN localhost and 127.0.0.1),
# valid 90 days, into DIR. The CA's key is deleted at once: nothing else can ever be signed by it.
generate_tls_certificates() {
    local dir=$1 work
    printf 'services: generating a test CA and server certificate in %s (openssl)\n' "$dir" >&2
    command -v openssl >/dev/null || { printf 'services: error: openssl is not installed\n' >&2; return 1; }
    work=$(mktemp -d -t tchek-test-tls.XXXXXX)
    if ! (
        set -e
        cd "$work"
        openssl req -x509 -newkey rsa:2048 -nodes -days 90 -subj "/CN=Tchek.Events test CA $(date -u +%Y%m%dT%H%M%SZ)" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
            -keyout ca.key -out ca.pem
        openssl req -new -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out server.csr
        printf '%s\n' subjectAltName=DNS:localhost,IP:127.0.0.1 basicConstraints=CA:FALSE \
            keyUsage=critical,digitalSignature,keyEncipherment extendedKeyUsage=serverAuth >server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 12)" \
            -days 90 -extfile server.ext -out server.pem
    ) >"$work/openssl.log" 2>&1; then
        cat "$work/openssl.log" >&2
        rm -rf "$work"
        printf 'services: error: openssl could not generate the test certificates\n' >&2
        return 1
    fi
    mkdir -p "$dir"
    install -m 0644 "$work/ca.pem" "$work/server.pem" "$dir/"
    install -m 0600 "$work/server.key" "$dir/"
    # The broker runs as the rabbitmq user and must read its key.
    if id rabbitmq >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
        chown rabbitmq:rabbitmq "$dir/server.key"
    fi
    rm -rf "$work"
}

# Writes the TLS listener's RabbitMQ configuration to FILE; true when the file changed.
write_tls_listener_config() {
    local file=$1 dir=$2 port=$3 wanted
    wanted=$(cat <<CONF
# Written by scripts/services.sh: the TLS listener of Tchek.Events' tests (throwaway test CA).
listeners.ssl.default = $port
ssl_options.cacertfile = $dir/ca.pem
ssl_options.certfile = $dir/server.pem
ssl_options.keyfile = $dir/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
ssl_options.versions.1 = tlsv1.3
ssl_options.versions.2 = tlsv1.2
CONF
)
    [[ -f $file && $(<"$file") == "$wanted" ]] && return 1
    mkdir -p "$(dirname "$file")"
    printf '%s\n' "$wanted" >"$file"
    return 0
}

main
printf 'export TCHEK_TEST_POSTGRES=%s\n' "$(quote "${TCHEK_TEST_POSTGRES:-$_tchek_default_postgres}")"
printf 'export TCHEK_TEST_RABBITMQ=%s\n' "$(quote "${TCHEK_TEST_RABBITMQ:-$_tchek_default_rabbitmq}")"
printf 'export TCHEK_TEST_RABBITMQ_TLS=%s\n' "$(quote "${TCHEK_TEST_RABBITMQ_TLS:-$_tchek_default_rabbitmq_tls}")"
printf 'export TCHEK_TEST_RABBITMQ_TLS_CA=%s\n' "$(quote "${TCHEK_TEST_RABBITMQ_TLS_CA:-$_tchek_default_tls_ca}")"
printf 'export TCHEK_TEST_RABBITMQ_MANAGEMENT=%s\n' "$(quote "${TCHEK_TEST_RABBITMQ_MANAGEMENT:-$_tchek_default_rabbitmq_management}")"
printf 'export TCHEK_TEST_CHROMIUM=%s\n' "$(quote "${TCHEK_TEST_CHROMIUM:-$_tchek_default_chromium}")"
printf 'export TCHEK_TEST_CHROMEDRIVER=%s\n' "$(quote "${TCHEK_TEST_CHROMEDRIVER:-$_tchek_default_chromedriver}")"
