#!/usr/bin/env bash
# Runs every test in Tchek.Events.sln (extra arguments go to `dotnet test`) and ends with one line:
#   N passed, N failed[, N skipped]
# The integration tests need PostgreSQL and RabbitMQ: TCHEK_TEST_POSTGRES/TCHEK_TEST_RABBITMQ when
# set; otherwise Testcontainers when a Docker engine answers; otherwise this starts local ones with
# scripts/services.sh. Counts come from each test project's .trx file, not from the console, so a
# project that did not build or whose test host crashed counts as failed instead of vanishing.
# No test may leave a vhost, queue or exchange on the broker: scripts/broker-leftovers.sh compares the
# broker after the tests with the broker before, and what was left counts as 1 failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

solution=Tchek.Events.sln
trx_name=tchek-test.trx
log=TestResults/test.log

say() { printf 'test.sh: %s\n' "$*"; }
# count NAME: the NAME attribute of the .trx <Counters> element in $counters (0 when absent).
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters" | grep . || echo 0; }

for arg in "$@"; do
    if [[ $arg == --results-directory* ]]; then
        say "error: --results-directory is not supported here: the counts are read from each project's TestResults/$trx_name" >&2
        exit 2
    fi
done

containers=0
if [[ -z ${TCHEK_TEST_POSTGRES:-} || -z ${TCHEK_TEST_RABBITMQ:-} ]]; then
    if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
        say "a Docker engine answers: the integration tests start their services with Testcontainers"
        [[ -n ${TCHEK_TEST_RABBITMQ:-} ]] || containers=1
    else
        say "no Docker engine: starting local PostgreSQL and RabbitMQ (scripts/services.sh)"
        # shellcheck source=scripts/services.sh
        source scripts/services.sh \
            || say "warning: local services are not ready (see above); the integration tests will fail" >&2
    fi
fi

# Every test project in the solution, to notice one that produced no results at all.
# shellcheck disable=SC1003 # tr '\\' is a backslash, not an escaped quote
solution_projects=$(sed -n 's/^Project("[^"]*") = "[^"]*", "\([^"]*\.csproj\)".*/\1/p' "$solution" | tr -d '\r' | tr '\\' '/')
test_projects=()
while IFS= read -r project; do
    if [[ -n $project ]] && grep -qE '<IsTestProject>true</IsTestProject>|"Microsoft\.NET\.Test\.Sdk"' "$project"; then
        test_projects+=("$project")
    fi
done <<<"$solution_projects"

for project in "${test_projects[@]}"; do
    rm -f "$(dirname "$project")/TestResults/$trx_name"
done
mkdir -p "$(dirname "$log")"

# The broker as it was before the tests; the tests name their vhosts after this run, so another run's
# on a shared broker are told apart from this one's.
export TCHEK_TEST_RUN_ID=${TCHEK_TEST_RUN_ID:-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')}
broker_before=TestResults/broker-before.txt
rm -f "$broker_before"
if ((containers)); then
    say "broker leftovers: not checked, the Testcontainers broker goes with the run"
elif ! scripts/broker-leftovers.sh snapshot "$broker_before"; then
    say "broker leftovers: not checked (see above)"
fi

set +e
dotnet test "$solution" -c Release --logger "trx;LogFileName=$trx_name" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=0 failed=0 skipped=0
echo
for project in "${test_projects[@]}"; do
    name=$(basename "$project" .csproj)
    trx=$(dirname "$project")/TestResults/$trx_name
    if [[ ! -f $trx ]]; then
        say "$name: no test results (it did not build, or its tests never started): counted as 1 failed"
        failed=$((failed + 1))
        continue
    fi

    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p_passed=$(count passed)
    p_failed=$(($(count failed) + $(count error) + $(count timeout) + $(count aborted)))
    p_skipped=$(($(count total) - $(count executed)))
    if grep -q '<RunInfo [^>]*outcome="Error"' "$trx" && ((p_failed == 0)); then
        # A crashed test host leaves no failed test behind, only an aborted run.
        say "$name: test run aborted (see the log: crashed test host?): counted as 1 failed"
        p_failed=1
    fi
    say "$name: $p_passed passed, $p_failed failed, $p_skipped skipped"
    passed=$((passed + p_passed)) failed=$((failed + p_failed)) skipped=$((skipped + p_skipped))
done

if [[ -f $broker_before ]]; then
    leftovers=0
    scripts/broker-leftovers.sh check "$broker_before" || leftovers=$?
    case $leftovers in
        0) ;;
        1)
            say "broker leftovers: a test left the above on the broker (each test cleans up after itself): counted as 1 failed"
            failed=$((failed + 1))
            ;;
        *) say "broker leftovers: not checked (see above)" ;;
    esac
fi

if ((status != 0 && failed == 0)); then
    say "dotnet test failed (exit $status) without a failed test to show for it (see $log): counted as 1 failed"
    failed=1
fi
if ((passed + failed == 0)); then
    say "error: no test ran (see $log)"
    ((status != 0)) || status=1
fi
if ((failed > 0 && status == 0)); then
    status=1
fi

summary="$passed passed, $failed failed"
((skipped == 0)) || summary+=", $skipped skipped"
printf '%s\n' "$summary"
exit "$status"
