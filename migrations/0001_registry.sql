-- 0001 · The master registry and its history.
--
-- Runs unchanged on PostgreSQL 15+ and on PGlite (PostgreSQL in WebAssembly),
-- partitioning included. Phone numbers never appear in plaintext: the column
-- `phone_number` holds an AES-256-GCM envelope `v1:<key id>:<nonce>:<ciphertext+tag>`
-- and `phone_hash` the HMAC-SHA256 blind index of the E.164 number, which is what
-- lookups and the uniqueness constraint use.

-- The golden table: one row per (customer, phone number).
-- Partitioned by country (CO, US, MX, and a default partition for the rest).
-- A partitioned table's primary key and unique constraints must include the
-- partition key, so both carry country_code. That costs nothing in meaning:
-- a number's country follows from its E.164 digits, so UNIQUE(customer_id,
-- phone_hash, country_code) is UNIQUE(customer_id, phone).
-- 'ZZ' (the CLDR / libphonenumber code for "unknown region") stands for a number
-- with no known country; the store maps it to NULL at its boundary.
CREATE SEQUENCE customer_phones_phone_id_seq AS bigint;

CREATE TABLE customer_phones (
  phone_id            bigint      NOT NULL DEFAULT nextval('customer_phones_phone_id_seq'),
  customer_id         text        NOT NULL CHECK (length(customer_id) BETWEEN 1 AND 100),
  phone_number        text        NOT NULL,             -- encrypted envelope of the E.164 number
  phone_hash          bytea       NOT NULL CHECK (length(phone_hash) = 32), -- blind index
  phone_type          text        NOT NULL,             -- mobile, fixed, fax, voip, toll_free, …
  country_code        text        NOT NULL DEFAULT 'ZZ' CHECK (country_code ~ '^[A-Z]{2}$'),
  carrier             text,
  region              text,
  timezone            text,
  is_valid            boolean     NOT NULL DEFAULT false,
  is_primary          boolean     NOT NULL DEFAULT false,
  is_verified         boolean     NOT NULL DEFAULT false,
  verification_method text,
  confidence_score    double precision NOT NULL DEFAULT 0 CHECK (confidence_score BETWEEN 0 AND 1),
  source_system       text        NOT NULL,             -- the source whose values survived
  sources             text[]      NOT NULL DEFAULT '{}', -- every source that sent this number
  times_seen          integer     NOT NULL DEFAULT 1 CHECK (times_seen >= 1),
  issues              text[]      NOT NULL DEFAULT '{}', -- engine issue codes of the surviving verdict
  merged_into         bigint,                            -- master phone_id after a dedupe merge
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  deleted_at          timestamptz,                       -- soft delete (erasure hides first, purges later)
  PRIMARY KEY (phone_id, country_code),
  UNIQUE (customer_id, phone_hash, country_code)
) PARTITION BY LIST (country_code);

ALTER SEQUENCE customer_phones_phone_id_seq OWNED BY customer_phones.phone_id;

CREATE TABLE customer_phones_co      PARTITION OF customer_phones FOR VALUES IN ('CO');
CREATE TABLE customer_phones_us      PARTITION OF customer_phones FOR VALUES IN ('US');
CREATE TABLE customer_phones_mx      PARTITION OF customer_phones FOR VALUES IN ('MX');
CREATE TABLE customer_phones_default PARTITION OF customer_phones DEFAULT;

-- customer_id lookups use the unique index (it leads with customer_id); the seed's
-- index on phone_number becomes one on its blind index (shared numbers across customers).
-- Indexes are kept to what lookups need: every extra one slows every import row.
CREATE INDEX customer_phones_phone_hash_idx ON customer_phones (phone_hash);

-- Lineage: every source row that contributed to a registry record.
CREATE TABLE phone_lineage (
  lineage_id       bigserial   PRIMARY KEY,
  phone_id         bigint      NOT NULL,
  batch_id         text        NOT NULL,   -- source batch, or the API request / stream window id
  source_system    text        NOT NULL,
  source_record_id text,                   -- the id the source gave the row, when it has one
  row_number       integer,                -- 1-based data row in the batch file; NULL for API/stream
  seen_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phone_lineage_phone_id_idx ON phone_lineage (phone_id);

-- Audit trail: every change and every access to personal data.
-- Phone numbers inside old_values/new_values are encrypted envelopes (key_id
-- names the data key they were written under, for rotation), never plaintext.
CREATE TABLE phone_audit_trail (
  audit_id      bigserial   PRIMARY KEY,
  phone_id      bigint,                    -- NULL for operations over many records (EXPORT)
  customer_id   text,
  operation     text        NOT NULL
                CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UNMERGE', 'ERASE', 'READ', 'EXPORT')),
  old_values    jsonb,
  new_values    jsonb,
  key_id        text,
  changed_by    text        NOT NULL,
  change_reason text,
  batch_id      text,
  request_id    text,
  changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phone_audit_trail_phone_id_idx ON phone_audit_trail (phone_id);
CREATE INDEX phone_audit_trail_customer_id_idx ON phone_audit_trail (customer_id);
