#!/usr/bin/env bash
# Runs the whole pipeline and shows a sample token's life as events, live:
#   vendor simulator -> status poller -> RabbitMQ -> sample consumers (CRM, DMS, all-events printer)
# With a Docker engine: docker compose. Without one: local PostgreSQL and RabbitMQ (started, and
# installed if missing, by scripts/services.sh), and the three .NET apps as local processes.
# Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

say() { printf '\033[1mrun.sh:\033[0m %s\n' "$*" >&2; }

# First run: .env with random passwords and an API key (git-ignored, readable by this user only).
# docker compose reads it and refuses to start without it; the local processes use its API key.
# shellcheck source=scripts/dotenv.sh
source scripts/dotenv.sh

if [[ ${TCHEK_LOCAL:-} != 1 ]] && command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; then
    say "a Docker engine answers: docker compose up (set TCHEK_LOCAL=1 to run without it)"
    say "operator console: http://127.0.0.1:5080/console  (API key, from .env: $TCHEK_API_KEY)"
    exec docker compose up --build
fi

# --- services: remember what was already running, to stop only what we start -------------------
pg_was_up=0 rabbit_was_up=0
pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && pg_was_up=1
rabbitmq-diagnostics -q ping >/dev/null 2>&1 && rabbit_was_up=1
source scripts/services.sh

pids=()
cleanup() {
    trap - INT TERM EXIT
    say "stopping"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    ((rabbit_was_up)) || { rabbitmqctl -q stop >/dev/null 2>&1 || true; }
    ((pg_was_up)) || { pg_ctlcluster 15 main stop 2>/dev/null || true; }
}
trap cleanup INT TERM EXIT

postgres='Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres'
rabbitmq='amqp://guest:guest@127.0.0.1:5672/'
api_key=$TCHEK_API_KEY
for db in tchek_events tchek_sample; do
    PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -XtAq -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
        || PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -Xq -c "CREATE DATABASE $db"
done

mkdir -p logs
say "building (Release; log: logs/build.log)"
for project in src/Simulator src/StatusPoller src/Consumers.Sample; do
    dotnet build "$project" -c Release --nologo >>logs/build.log 2>&1 || { tail -n 30 logs/build.log >&2; exit 1; }
done

out() { printf 'src/%s/bin/Release/net10.0/Tchek.Events.%s.dll' "$1" "$2"; }

# SIMULATOR_SPEED=30 runs the simulated lives 30 times faster (as does Simulator__Speed=30). The
# simulator keeps its tokens in SIMULATOR_STATE_PATH across restarts, so the tokens the poller still
# tracks are there when run.sh starts again; SIMULATOR_STATE_PATH= (empty) forgets them at exit.
simulator_env=()
[[ -n ${SIMULATOR_SPEED:-} ]] && simulator_env+=("Simulator__Speed=$SIMULATOR_SPEED")
state_path=${SIMULATOR_STATE_PATH-$PWD/logs/simulator-tokens.json}
[[ -n $state_path ]] && simulator_env+=("Simulator__StatePath=$state_path")
say "starting the vendor simulator on http://127.0.0.1:5100 (log: logs/simulator.log; tokens kept in ${state_path:-memory only})"
env "${simulator_env[@]}" dotnet "$(out Simulator Simulator)" --urls http://127.0.0.1:5100 >logs/simulator.log 2>&1 &
pids+=($!)

say "starting the status poller on http://127.0.0.1:5080 (log: logs/poller.log)"
ConnectionStrings__Postgres="$postgres;Database=tchek_events" \
ConnectionStrings__RabbitMq="$rabbitmq" \
Tchek__BaseUrl=http://127.0.0.1:5100/apiV1/ \
Api__Clients__operator__Key="$api_key" Api__Clients__operator__Scopes=admin \
Polling__UnopenedInterval=00:00:02 Polling__ActiveInterval=00:00:01 \
Polling__CompletedInterval=00:00:02 Polling__CompletedTail=00:00:15 \
    dotnet "$(out StatusPoller StatusPoller)" --urls http://127.0.0.1:5080 >logs/poller.log 2>&1 &
pids+=($!)

say "starting the sample consumers (their lines below)"
ConnectionStrings__Sample="$postgres;Database=tchek_sample" \
ConnectionStrings__RabbitMq="$rabbitmq" \
Logging__LogLevel__MassTransit=Warning \
    dotnet "$(out Consumers.Sample Consumers.Sample)" &
pids+=($!)

wait_ready() {
    local deadline=$((SECONDS + 90))
    until curl -fs -o /dev/null "$1"; do
        ((SECONDS < deadline)) || { say "error: $2 did not become ready; see logs/"; exit 1; }
        sleep 0.5
    done
}
wait_ready http://127.0.0.1:5100/health "the simulator"
wait_ready http://127.0.0.1:5080/health/ready "the poller"

# The sample consumers' queues, bound to the event exchanges the poller has just declared: the step
# compose and Kubernetes run as a one-shot (the consumers may not bind themselves with their own account).
RabbitMqManagement__Uri=http://127.0.0.1:15672/ RabbitMqManagement__Username=guest RabbitMqManagement__Password=guest \
    dotnet "$(out StatusPoller StatusPoller)" subscribers bind samples \
    --queue samples-crm-lead --queue samples-dms-inspection --queue samples-token-event-log >>logs/poller.log 2>&1 \
    || { say "error: could not bind the sample consumers' queues; see logs/poller.log"; exit 1; }

uid="D$(date +%H%M%S)"
say "a customer gets inspection link $uid: opens it, is chased up, shoots, and the report comes (~25 s)"
curl -fsS -o /dev/null -X POST http://127.0.0.1:5100/admin/tokens -H 'Content-Type: application/json' \
    -d "{\"uid\":\"$uid\",\"sample\":true,\"sampleStep\":\"00:00:04\"}"
curl -fsS -o /dev/null -X POST http://127.0.0.1:5080/tokens -H "X-Api-Key: $api_key" -H 'Content-Type: application/json' \
    -d "{\"uid\":\"$uid\",\"externalReference\":\"demo-lead\"}"
say "tracking $uid; try: curl -H 'X-Api-Key: $api_key' http://127.0.0.1:5080/tokens/$uid  (Ctrl-C to stop)"
say "operator console: http://127.0.0.1:5080/console  (sign in with the API key, from .env: $api_key)"
say "  the demo token's life, live: http://127.0.0.1:5080/console/tokens/$uid"
wait
