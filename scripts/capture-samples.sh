#!/usr/bin/env bash
# Rewrites docs/samples/*.json: bus messages exactly as the poller sends them (the first of each token
# event type, one replayed event, and the Fault of a refused TrackToken), captured below MassTransit by
# the integration tests PublishedEventSchemaTests with TCHEK_WRITE_SAMPLES=1. scripts/validate-contracts.sh
# checks each against docs/schemas with ajv. Run it after a contract changes (after scripts/generate-schemas.sh);
# it needs PostgreSQL and RabbitMQ (scripts/services.sh). The ids and times differ on every run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/services.sh
source scripts/services.sh
rm -f docs/samples/*.json
TCHEK_WRITE_SAMPLES=1 dotnet test tests/Integration -c Debug \
  --filter "FullyQualifiedName~PublishedEventSchemaTests.Real_events_of_every_type|FullyQualifiedName~PublishedEventSchemaTests.A_refused_command_faults"
echo "wrote     $(ls docs/samples/*.json | wc -l) files in docs/samples/"
