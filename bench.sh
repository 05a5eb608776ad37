#!/usr/bin/env bash
# The bench: the poller's figures against this machine's own limits, as a Markdown table.
#   ./bench.sh                 # 1k, 10k, 100k tokens; 1M stored for the storage figure (~10 minutes)
#   ./bench.sh --short         # seconds: proves the tool runs (CI)
#   ./bench.sh --micro         # BenchmarkDotNet: parse + detect per payload
#   ./bench.sh --tokens 1000,10000 --seconds 20 --changed 2000 --storage 0
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [[ " $* " != *" --micro "* ]]; then
    # shellcheck source=scripts/services.sh
    source scripts/services.sh
fi

mkdir -p logs
for project in src/Simulator src/StatusPoller bench/Tchek.Events.Benchmarks; do
    dotnet build "$project" -c Release --nologo >>logs/bench-build.log 2>&1 || { tail -n 30 logs/bench-build.log >&2; exit 1; }
done

exec dotnet bench/Tchek.Events.Benchmarks/bin/Release/net10.0/Tchek.Events.Benchmarks.dll "$@"
