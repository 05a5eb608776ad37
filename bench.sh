#!/usr/bin/env bash
# The bench: the poller's figures against this machine's own limits, as a Markdown table.
#   ./bench.sh                 # 1k, 10k, 100k tokens; 1M stored for the storage figure (~10 minutes)
#   ./bench.sh --short         # seconds: proves the tool runs (CI)
#   ./bench.sh --micro         # BenchmarkDotNet: parse + detect per payload
#   ./bench.sh --tokens 1000,10000 --seconds 20 --changed 2000 --storage 0
#   ./bench.sh --efficiency    # requests and detection delay, Fixed against Adaptive, 100 lives per family (~20 minutes)
#   ./bench.sh --efficiency --short | --lives N --speed S --seed N --docs   (docs/benchmarks.md, "Efficiency")
#   ./bench.sh --guard         # the CI guard: per-poll figures that do not depend on the machine against bench/baseline.json
#   ./bench.sh --guard --update-baseline   # re-records bench/baseline.json (docs/benchmarks.md, "CI guard")
#   ./bench.sh --help          # every switch and its default; starts nothing
# Each run has a RabbitMQ vhost and databases of its own, deleted at the end (Ctrl-C and SIGTERM too).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

mkdir -p logs
build() {
    dotnet build "$1" -c Release --nologo >>logs/bench-build.log 2>&1 || { tail -n 30 logs/bench-build.log >&2; exit 1; }
}

# The switches first, before any service starts: --help ends here with 0, a wrong switch with 2.
build bench/Tchek.Events.Benchmarks
tool=bench/Tchek.Events.Benchmarks/bin/Release/net10.0/Tchek.Events.Benchmarks.dll
parsed=0
dotnet "$tool" --parse-only "$@" || parsed=$?
case $parsed in
    0) ;;
    3) exit 0 ;; # the help was printed
    *) exit "$parsed" ;;
esac

# Valid switches: --micro is one only when given as is (response files are off).
if [[ " $* " != *" --micro "* ]]; then
    # shellcheck source=scripts/services.sh
    source scripts/services.sh
fi

# A durable queue nobody consumes (the sample consumers' after ./run.sh, say) makes RabbitMQ
# write every bench event to disk for it: that doubled the broker's CPU and the latency tails once.
if [[ " $* " != *" --micro "* && $(id -u) -eq 0 ]] && command -v rabbitmqctl >/dev/null; then
    rabbitmqctl -q list_queues name messages 2>/dev/null | awk '$2 ~ /^[0-9]+$/ && $2 > 10000 { print $1, $2 }' | while read -r queue messages; do
        echo "bench: warning: queue $queue holds $messages messages and receives every event; latency figures will suffer (rabbitmqctl delete_queue $queue)" >&2
    done
fi

for project in src/Simulator src/StatusPoller; do
    build "$project"
done

exec dotnet "$tool" "$@"
