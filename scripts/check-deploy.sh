#!/usr/bin/env bash
# Checks the deployment files without a Docker engine or a cluster (run by .ci/run):
#   docker-compose.yml        `docker compose config -q` with a dummy .env (Compose v2 when the
#                             docker CLI has it, else Debian's docker-compose, installed if missing),
#                             with and without the monitoring profile (Prometheus and Grafana)
#                             and the ha profile (three RabbitMQ nodes)
#   deploy/prometheus/        `promtool check rules`, `promtool check config`, `promtool test rules`
#                             (Debian's prometheus package, installed if missing, without recommends)
#   deploy/kubernetes-ha/     `kubectl kustomize` when kubectl is there (no cluster needed), else
#                             each file parsed as YAML (python3)
# The Kubernetes manifests and the dashboard are checked by the unit tests (DeploymentFilesTests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'check-deploy: %s\n' "$*" >&2; }
install() {
    say "installing $* (apt-get, without recommends)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } >/dev/null </dev/null
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Dummy values for every secret the file requires: config only checks that they are set.
sed -n 's/.*\${\([A-Z_]*\):?.*/\1/p' docker-compose.yml | sort -u | sed 's/$/=dummy/' >"$tmp/env"

if docker compose version >/dev/null 2>&1; then
    docker compose --env-file "$tmp/env" config -q
    docker compose --env-file "$tmp/env" --profile monitoring --profile ha config -q
    say "docker compose config: docker-compose.yml is valid (and with --profile monitoring --profile ha)"
else
    command -v docker-compose >/dev/null 2>&1 || install docker-compose
    # Debian's docker-compose is v1, which predates the top-level `name:` key of Compose v2: that
    # one line is left out of what it checks; everything else is validated as written.
    sed '/^name:/d' docker-compose.yml | docker-compose --env-file "$tmp/env" --project-directory . -f - config -q
    sed '/^name:/d' docker-compose.yml | docker-compose --env-file "$tmp/env" --project-directory . -f - --profile monitoring --profile ha config -q
    say "docker-compose (v1) config: docker-compose.yml is valid (and with --profile monitoring --profile ha)"
fi

command -v promtool >/dev/null 2>&1 || install prometheus
promtool check rules deploy/prometheus/alerts.yml
promtool check config deploy/prometheus/prometheus.yml
promtool test rules deploy/prometheus/alerts.test.yml

# The high-availability overlay (the RabbitMQ Cluster Operator, CloudNativePG): it must build over deploy/kubernetes.
if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize deploy/kubernetes-ha >/dev/null
    say "kubectl kustomize: deploy/kubernetes-ha builds"
else
    python3 -c 'import sys, yaml; [list(yaml.safe_load_all(open(f))) for f in sys.argv[1:]]' deploy/kubernetes-ha/*.yaml
    say "deploy/kubernetes-ha: every file is YAML (no kubectl to build it)"
fi
