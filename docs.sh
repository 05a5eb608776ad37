#!/usr/bin/env bash
# The documentation site (docs/, DocFX) and its Markdown lint:
#   ./docs.sh serve   build the site, then serve it on http://localhost:${DOCS_PORT:-8080} (Ctrl-C stops)
#   ./docs.sh build   build it into docs/_site with warnings as errors (a broken link, a missing page
#                     or anchor fails), then lint the Markdown; what bash .ci/run runs
#   ./docs.sh lint    only lint the Markdown (markdownlint-cli2, .markdownlint-cli2.jsonc)
# docfx is the pinned local tool of dotnet-tools.json; markdownlint-cli2 comes from npm at the
# version below, through npx.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

MARKDOWNLINT_CLI2_VERSION=0.24.1

lint() {
    npx --yes "markdownlint-cli2@${MARKDOWNLINT_CLI2_VERSION}"
}

site() {
    dotnet tool restore >/dev/null
    # metadata (the contracts' API pages from src/Contracts) then build, warnings as errors.
    dotnet docfx docs/docfx.json --warningsAsErrors "$@"
}

case "${1:-}" in
    build) site && lint ;;
    serve) site --serve --port "${DOCS_PORT:-8080}" ;;
    lint) lint ;;
    *)
        echo "usage: ./docs.sh build | serve | lint" >&2
        exit 2
        ;;
esac
