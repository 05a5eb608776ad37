-- Compose's database logins and databases (docs/deploying/database-logins.md), run by the one-shot
-- postgres-init service on every `docker compose up`: psql as the superuser, with the passwords from
-- .env in its environment. Idempotent, so an existing volume gets the logins too and a changed
-- password in .env is applied.
--   tchek_owner   owns database tchek_events and its schema: the migrate service only (DDL).
--   tchek_poller  the running poller: rows of its tables, granted by `migrate` (Database:RuntimeRole).
--   tchek_sample  owns database tchek_sample, nothing else: the sample consumers.
-- No login but the superuser may connect to a database it has no business in.
\set ON_ERROR_STOP on
\getenv owner_password POSTGRES_OWNER_PASSWORD
\getenv poller_password POSTGRES_POLLER_PASSWORD
\getenv sample_password POSTGRES_SAMPLE_PASSWORD

SELECT 'CREATE ROLE tchek_owner' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tchek_owner') \gexec
SELECT 'CREATE ROLE tchek_poller' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tchek_poller') \gexec
SELECT 'CREATE ROLE tchek_sample' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tchek_sample') \gexec
ALTER ROLE tchek_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE tchek_poller WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'poller_password';
ALTER ROLE tchek_sample WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'sample_password';

SELECT 'CREATE DATABASE tchek_events' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'tchek_events') \gexec
SELECT 'CREATE DATABASE tchek_sample' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'tchek_sample') \gexec
ALTER DATABASE tchek_events OWNER TO tchek_owner;
ALTER DATABASE tchek_sample OWNER TO tchek_sample;
-- PUBLIC loses CONNECT and TEMP: the owner keeps both, the poller gets CONNECT only.
REVOKE ALL ON DATABASE tchek_events FROM PUBLIC;
REVOKE ALL ON DATABASE tchek_sample FROM PUBLIC;
GRANT CONNECT ON DATABASE tchek_events TO tchek_poller;

-- In each database: nobody but its owner creates in schema public (PostgreSQL 15's default, said
-- anyway), and tables made by the superuser before these logins existed (the poller and the sample
-- consumers used to log in as postgres) go to the owner, who can then migrate and grant on them.
\connect tchek_events
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO tchek_owner;
SELECT format('ALTER TABLE public.%I OWNER TO tchek_owner', tablename) FROM pg_tables
WHERE schemaname = 'public' AND tableowner <> 'tchek_owner' \gexec

\connect tchek_sample
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO tchek_sample;
SELECT format('ALTER TABLE public.%I OWNER TO tchek_sample', tablename) FROM pg_tables
WHERE schemaname = 'public' AND tableowner <> 'tchek_sample' \gexec
