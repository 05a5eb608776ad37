#!/usr/bin/env bash
# Proves the compose file end to end: after `docker compose up --build -d`, waits until the demo
# service's token (uid D<HHMMSS>) has its InspectionCompleted event, read through the poller's API
# with the key from .env. Exit 0 when it has; 1 (after printing what it saw) on timeout.
#
#   ./scripts/dotenv.sh && docker compose up --build -d && ./scripts/compose-smoke.sh; docker compose down -v
#
# Needs curl and python3 (JSON); SMOKE_TIMEOUT seconds (default 300), SMOKE_API (default
# http://127.0.0.1:5080).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

api=${SMOKE_API:-http://127.0.0.1:5080}
deadline=$((SECONDS + ${SMOKE_TIMEOUT:-300}))
say() { printf 'compose-smoke: %s\n' "$*" >&2; }

[[ -f .env ]] || { say "error: no .env (run ./scripts/dotenv.sh first)"; exit 2; }
api_key=$(sed -n 's/^TCHEK_API_KEY=//p' .env)
[[ -n $api_key ]] || { say "error: .env has no TCHEK_API_KEY"; exit 2; }

# get PATH: the API's JSON answer, or nothing (and a non-zero status) while it does not answer.
get() { curl -fsS --max-time 5 -H "X-Api-Key: $api_key" "$api$1" 2>/dev/null; }
# json CODE: runs CODE with d = the JSON on stdin; nothing (and a failure) while the API does not answer.
json() { python3 -c "import json, sys; d = json.load(sys.stdin); $1" 2>/dev/null; }

uid=
events=
while ((SECONDS < deadline)); do
    if [[ -z $uid ]]; then
        # The demo's token: the only one whose uid is D and six digits (run.sh and compose alike).
        uid=$(get /tokens | json 'print(next((t["uid"] for t in d["items"] if len(t["uid"]) == 7 and t["uid"][0] == "D" and t["uid"][1:].isdigit()), ""))' || true)
        [[ -n $uid ]] && say "the demo tracks $uid; waiting for its InspectionCompleted"
    else
        events=$(get "/tokens/$uid/events?limit=1000" | json 'print(" ".join(e["type"] for e in d))' || true)
        if [[ " $events " == *" InspectionCompleted "* ]]; then
            say "$uid: $events"
            say "passed: InspectionCompleted came through the compose pipeline"
            exit 0
        fi
    fi
    sleep 3
done

say "timed out: ${uid:-no demo token found} ${events:+(events so far: $events)}"
exit 1
