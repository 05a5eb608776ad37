#!/usr/bin/env bash
# The chaos run: two pollers over simulated tokens with random lives while pollers are SIGKILLed
# and SIGSTOPped, RabbitMQ and PostgreSQL restarted or cut off, and the vendor answers 429, 5xx, timeouts and
# invalid payloads; then an independent checker classifies every event. Exit 0: nothing lost,
# nothing invented, no gap, nothing out of order, no request before a Retry-After.
#   ./chaos.sh --short                      # about 2.5 minutes, every fault kind (CI)
#   ./chaos.sh                              # the long run: 2,000 tokens, 10 minutes of faults
#   ./chaos.sh --tokens 5000 --minutes 20 --speed 20 --seed 42
#   ./chaos.sh --ha --short                 # against the clusters: a broker node killed, the database failed over (CI)
#   ./chaos.sh --ha                         # the long run against the clusters
#   ./chaos.sh --help                       # every switch and its default; starts nothing
# Its own PostgreSQL cluster (port 5433) and RabbitMQ node (port 5673): see scripts/chaos-services.sh.
# With --ha, the three-node RabbitMQ cluster and the Patroni pair of scripts/ha-services.sh (shared: never reset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

mkdir -p logs
build() {
    dotnet build "$1" -c Release --nologo >>logs/chaos-build.log 2>&1 || { tail -n 30 logs/chaos-build.log >&2; exit 1; }
}

# The switches first, before any service starts: --help ends here with 0, a wrong switch with 2.
build chaos/Tchek.Events.Chaos
tool=chaos/Tchek.Events.Chaos/bin/Release/net10.0/Tchek.Events.Chaos.dll
parsed=0
dotnet "$tool" --parse-only "$@" || parsed=$?
case $parsed in
    0) ;;
    3) exit 0 ;; # the help was printed
    *) exit "$parsed" ;;
esac

ha=0
for arg in "$@"; do [[ $arg == --ha ]] && ha=1; done
# One run at a time per set of services (other clones on the machine included): a second run would
# reset the node and recreate the database under the first one. The script runs again under flock,
# which holds the lock; -o keeps it from the services the run starts, which outlive it.
if [[ -z ${TCHEK_CHAOS_LOCK:-} ]]; then
    export TCHEK_CHAOS_LOCK=/tmp/tchek-chaos.lock
    ((ha == 0)) || TCHEK_CHAOS_LOCK=/tmp/tchek-chaos-ha.lock
    locked=0
    flock -o -n -E 75 "$TCHEK_CHAOS_LOCK" bash ./chaos.sh "$@" || locked=$?
    if ((locked == 75)); then
        echo "chaos: another chaos run holds $TCHEK_CHAOS_LOCK; waiting for it to end" >&2
        exec flock -o "$TCHEK_CHAOS_LOCK" bash ./chaos.sh "$@"
    fi
    exit "$locked"
fi
if ((ha)); then
    # shellcheck source=scripts/ha-services.sh
    source scripts/ha-services.sh start
else
    # shellcheck source=scripts/services.sh
    source scripts/services.sh
    eval "$(scripts/chaos-services.sh)"
fi

for project in src/Simulator src/StatusPoller; do
    build "$project"
done

exec dotnet "$tool" "$@"
