-- The sample consumers' tables. Idempotent: applied at every start.
CREATE TABLE IF NOT EXISTS inbox (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    token_uid    text        NOT NULL,
    sequence     bigint      NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE IF NOT EXISTS token_cursors (
    consumer      text   NOT NULL,
    token_uid     text   NOT NULL,
    last_sequence bigint NOT NULL,
    PRIMARY KEY (consumer, token_uid)
);

CREATE TABLE IF NOT EXISTS sequence_gaps (
    consumer  text        NOT NULL,
    token_uid text        NOT NULL,
    expected  bigint      NOT NULL,
    received  bigint      NOT NULL,
    seen_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS crm_leads (
    token_uid  text        PRIMARY KEY,
    stage      text        NOT NULL,
    changed_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS crm_activities (
    token_uid text        NOT NULL,
    activity  text        NOT NULL,
    at        timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS dms_inspections (
    token_uid        text        PRIMARY KEY,
    inspection_id    text,
    percent_damage   numeric,
    report_available boolean     NOT NULL DEFAULT false,
    changed_at       timestamptz NOT NULL
);

-- Tokens erased (TokenErased received): only the uid stays, so a late delivery of one of their
-- events is recognised and brings nothing back. A real subscriber may drop a row once no
-- delivery of the token can arrive any more (its redelivery horizon).
CREATE TABLE IF NOT EXISTS erased_tokens (
    consumer  text        NOT NULL,
    token_uid text        NOT NULL,
    erased_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, token_uid)
);
