#!/usr/bin/env bash
# Regenerates docs/schemas/*.json (one JSON Schema per contract message, plus MassTransit's envelope
# and Fault<T>) and docs/asyncapi.yaml from src/Contracts and the poller's bus topology, and
# docs/deploying/configuration-reference.md from the options classes. Run it after changing a
# contract or an options class; the unit test GeneratedDocsTests fails while the checked-in files are stale.
# Then rewrites docs/openapi.json with the document the poller serves at /openapi/v1.json (which embeds
# the schemas just written): it starts the poller in a test, so it needs PostgreSQL and RabbitMQ
# (scripts/services.sh). The integration test ApiDescriptionTests fails while docs/openapi.json is stale.
# `--schemas-only` skips that second part.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet run --project tools/SchemaGen -c Release -- docs
if [[ "${1:-}" == "--schemas-only" ]]; then
  exit 0
fi

# shellcheck source=scripts/services.sh
source scripts/services.sh
TCHEK_WRITE_OPENAPI=1 dotnet test tests/Integration -c Debug \
  --filter "FullyQualifiedName~ApiDescriptionTests.The_served_document_is_the_committed_docs_openapi_json"
echo "wrote     docs/openapi.json"
