#!/usr/bin/env bash
# What a test run left on the RabbitMQ broker (run by test.sh around the tests):
#   scripts/broker-leftovers.sh snapshot FILE   # the broker's vhosts, queues and exchanges, into FILE
#   scripts/broker-leftovers.sh check FILE      # exit 1, listing them, when the broker holds more than FILE
# A leftover is a vhost, a queue or an exchange that was not there at the snapshot, or a queue that was
# there, has no consumer, and holds more messages than then (a test published into a shared vhost).
# What was there before the run (a developer's ./run.sh queues, say) and the broker's own amq.*
# exchanges are never leftovers. Vhosts named tchek-test-* of another run (without this run's
# TCHEK_TEST_RUN_ID) or bench-* of a bench session are live work of another process on a shared
# broker: named, not counted. The check waits up to TCHEK_LEFTOVER_GRACE seconds (default 20) for a
# leftover to go: auto-delete queues and vhosts being deleted take a moment.
#
# The broker is read through its management API, TCHEK_TEST_RABBITMQ_MANAGEMENT (scripts/services.sh
# sets it). Without it, or when it does not answer, both commands say why and exit 3 (skipped).
set -euo pipefail

say() { printf 'broker-leftovers: %s\n' "$*" >&2; }
usage() { say "usage: $0 snapshot|check FILE"; exit 2; }

(($# == 2)) || usage
command=$1 file=$2
api=${TCHEK_TEST_RABBITMQ_MANAGEMENT:-}
grace=${TCHEK_LEFTOVER_GRACE:-20}

if [[ -z $api ]]; then
    say "skipped: TCHEK_TEST_RABBITMQ_MANAGEMENT is not set, so the broker cannot be listed"
    exit 3
fi
if ! command -v python3 >/dev/null 2>&1; then
    say "skipped: python3 is not installed (it reads the management API's JSON)"
    exit 3
fi

# One line per object, tab-separated and sorted: "vhost NAME", "queue VHOST NAME MESSAGES CONSUMERS",
# "exchange VHOST NAME". The amq.* exchanges and the nameless default exchange belong to the broker.
list() {
    local base=${api%/} vhosts queues exchanges
    vhosts=$(curl -fsS --max-time 20 "$base/api/vhosts?columns=name") || return 1
    queues=$(curl -fsS --max-time 20 "$base/api/queues?columns=vhost,name,messages,consumers") || return 1
    exchanges=$(curl -fsS --max-time 20 "$base/api/exchanges?columns=vhost,name") || return 1
    VHOSTS=$vhosts QUEUES=$queues EXCHANGES=$exchanges python3 -c '
import json, os
lines = ["vhost\t" + v["name"] for v in json.loads(os.environ["VHOSTS"])]
# A queue just declared may not have its statistics yet: no count is 0.
lines += ["queue\t%s\t%s\t%d\t%d" % (q["vhost"], q["name"], q.get("messages") or 0, q.get("consumers") or 0)
          for q in json.loads(os.environ["QUEUES"])]
lines += ["exchange\t%s\t%s" % (e["vhost"], e["name"]) for e in json.loads(os.environ["EXCHANGES"])
          if e["name"] and not e["name"].startswith("amq.")]
print("\n".join(sorted(lines)))
'
}

# Compares the snapshot ($1) with the broker now ($2); prints "leftover ..." and "other ..." lines.
compare() {
    BEFORE=$1 NOW=$2 RUN_ID=${TCHEK_TEST_RUN_ID:-} python3 -c '
import os
def parse(text):
    vhosts, queues, exchanges = set(), {}, set()
    for line in text.splitlines():
        kind, *f = line.split("\t")
        if kind == "vhost": vhosts.add(f[0])
        elif kind == "queue": queues[(f[0], f[1])] = (int(f[2]), int(f[3]))
        elif kind == "exchange": exchanges.add((f[0], f[1]))
    return vhosts, queues, exchanges
bv, bq, bx = parse(os.environ["BEFORE"])
nv, nq, nx = parse(os.environ["NOW"])
run = os.environ["RUN_ID"]
def another(vhost):
    if vhost.startswith("bench-"): return True
    return bool(run) and vhost.startswith("tchek-test-") and not vhost.startswith("tchek-test-%s-" % run)
out = []
for v in sorted(nv - bv):
    out.append(("other" if another(v) else "leftover") + "\tvhost " + v)
for (v, q), (messages, consumers) in sorted(nq.items()):
    if v not in bv: continue  # inside a new vhost: that vhost says it all
    if (v, q) not in bq:
        out.append("leftover\tqueue %s in vhost %s (%d messages)" % (q, v, messages))
    elif consumers == 0 and messages > bq[(v, q)][0]:
        out.append("leftover\t%d message(s) in queue %s in vhost %s (%d before the run)" % (messages - bq[(v, q)][0], q, v, bq[(v, q)][0]))
for v, x in sorted(nx - bx):
    if v in bv: out.append("leftover\texchange %s in vhost %s" % (x, v))
print("\n".join(out))
'
}

case $command in
    snapshot)
        if ! list >"$file"; then
            rm -f "$file"
            say "skipped: the management API at $(sed 's#//[^/@]*@#//#' <<<"$api") does not answer"
            exit 3
        fi
        ;;
    check)
        [[ -f $file ]] || { say "skipped: no snapshot $file (was the broker listed before the run?)"; exit 3; }
        before=$(<"$file")
        deadline=$((SECONDS + grace))
        while true; do
            if ! now=$(list); then
                say "skipped: the management API at $(sed 's#//[^/@]*@#//#' <<<"$api") does not answer"
                exit 3
            fi
            result=$(compare "$before" "$now")
            leftovers=$(grep -c '^leftover' <<<"$result" || true)
            ((leftovers > 0 && SECONDS < deadline)) || break
            sleep 2
        done
        while IFS=$'\t' read -r kind what; do
            [[ $kind == other ]] && say "not counted, another run's or a bench's: $what"
        done <<<"$result"
        if ((leftovers > 0)); then
            say "the test run left $leftovers thing(s) on the broker:"
            grep '^leftover' <<<"$result" | cut -f2 | sed 's/^/  /' >&2
            exit 1
        fi
        say "nothing left on the broker (vhosts, queues and exchanges as before the run)"
        ;;
    *) usage ;;
esac
