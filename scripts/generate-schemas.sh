#!/usr/bin/env bash
# Regenerates docs/schemas/*.json (one JSON Schema per contract message, plus MassTransit's envelope)
# and docs/asyncapi.yaml from src/Contracts and the poller's bus topology, and
# docs/deploying/configuration-reference.md from the options classes. Run it after changing a
# contract or an options class; the unit test GeneratedDocsTests fails while the checked-in files are stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet run --project tools/SchemaGen -c Release -- docs
