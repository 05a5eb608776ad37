#!/usr/bin/env bash
# Writes .env in the current directory on first use: random passwords and an API key, readable by
# this user only, git-ignored. docker compose reads it (and refuses to start without it); run.sh
# sources this script to get the same values. An existing value is never changed; a secret that a
# newer compose file needs and an older .env lacks is appended, random too.
#
#   source scripts/dotenv.sh     # writes .env if missing, then exports its variables
#   bash scripts/dotenv.sh       # only writes .env if missing

_tchek_random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
# POSTGRES_PASSWORD is the superuser's (the postgres-init service only); the OWNER, POLLER and SAMPLE
# ones are the logins of deploy/postgres-init.sql; RABBITMQ_ERLANG_COOKIE is shared by the broker nodes
# (profile ha); GRAFANA_PASSWORD is Grafana's admin (profile monitoring).
_tchek_secrets=(TCHEK_API_KEY POSTGRES_PASSWORD POSTGRES_OWNER_PASSWORD POSTGRES_POLLER_PASSWORD POSTGRES_SAMPLE_PASSWORD
    RABBITMQ_PASSWORD RABBITMQ_POLLER_PASSWORD RABBITMQ_CONSUMER_PASSWORD RABBITMQ_COMMANDER_PASSWORD RABBITMQ_ERLANG_COOKIE
    GRAFANA_PASSWORD)

_tchek_fresh=0
if [[ ! -f .env ]]; then
    _tchek_fresh=1
    (
        umask 077
        printf '# Written on first run (scripts/dotenv.sh): secrets for docker compose and the local run. Never commit.\n' >.env
    )
    printf 'dotenv: wrote .env: random passwords and an API key (git-ignored)\n' >&2
fi

for _tchek_name in "${_tchek_secrets[@]}"; do
    if ! grep -q "^${_tchek_name}=" .env; then
        printf '%s=%s\n' "$_tchek_name" "$(_tchek_random_secret)" >>.env
        ((_tchek_fresh)) || printf 'dotenv: added %s to .env (random)\n' "$_tchek_name" >&2
    fi
done

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
    set -a
    # shellcheck source=/dev/null
    source .env
    set +a
fi
unset -f _tchek_random_secret
unset _tchek_secrets _tchek_name _tchek_fresh
