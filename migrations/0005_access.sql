-- 0005 · Blacklist, API clients and erasure requests.

-- Numbers that must never enter the registry. Looked up by blind index; the
-- number itself is kept encrypted so that `blacklist list` can show it (masked).
CREATE TABLE blacklist (
  phone_hash   bytea       PRIMARY KEY CHECK (length(phone_hash) = 32),
  phone_number text        NOT NULL,   -- encrypted envelope of the E.164 number
  reason       text        NOT NULL,
  added_by     text        NOT NULL,
  added_at     timestamptz NOT NULL DEFAULT now()
);

-- Clients of the API. Only a hash of each API key is stored.
CREATE TABLE api_clients (
  id         text        PRIMARY KEY,
  name       text        NOT NULL,
  role       text        NOT NULL,
  key_hash   text        NOT NULL UNIQUE,
  limits     jsonb       NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Right to erasure (GDPR, Ley 1581): hidden at once, purged after retention.
CREATE TABLE erasure_requests (
  request_id   text        PRIMARY KEY,
  customer_id  text        NOT NULL,
  requested_by text        NOT NULL,
  reason       text,
  status       text        NOT NULL DEFAULT 'received'
               CHECK (status IN ('received', 'hidden', 'purged', 'rejected')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  hidden_at    timestamptz,
  purge_after  timestamptz,
  purged_at    timestamptz,
  details      jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX erasure_requests_customer_id_idx ON erasure_requests (customer_id);
