#!/usr/bin/env bash
# Writes .env in the current directory on first use: random passwords and an API key, readable by
# this user only, git-ignored. docker compose reads it (and refuses to start without it); run.sh
# sources this script to get the same values. An existing .env is never changed.
#
#   source scripts/dotenv.sh     # writes .env if missing, then exports its variables
#   bash scripts/dotenv.sh       # only writes .env if missing

_tchek_random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

if [[ ! -f .env ]]; then
    (
        umask 077
        {
            printf '# Written on first run (scripts/dotenv.sh): secrets for docker compose and the local run. Never commit.\n'
            printf 'TCHEK_API_KEY=%s\n' "$(_tchek_random_secret)"
            printf 'POSTGRES_PASSWORD=%s\n' "$(_tchek_random_secret)"
            printf 'RABBITMQ_PASSWORD=%s\n' "$(_tchek_random_secret)"
            printf 'RABBITMQ_POLLER_PASSWORD=%s\n' "$(_tchek_random_secret)"
            printf 'RABBITMQ_CONSUMER_PASSWORD=%s\n' "$(_tchek_random_secret)"
            printf 'RABBITMQ_COMMANDER_PASSWORD=%s\n' "$(_tchek_random_secret)"
        } >.env
    )
    printf 'dotenv: wrote .env: random passwords and an API key (git-ignored)\n' >&2
fi

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
    set -a
    # shellcheck source=/dev/null
    source .env
    set +a
fi
unset -f _tchek_random_secret
