-- 0002 · Source batches (the lake's manifest) and rejected records.

-- One row per received batch (file, API batch, stream window). The lake writes
-- the raw bytes first, then this row; the import moves it through its statuses.
CREATE TABLE source_batches (
  batch_id       text        PRIMARY KEY,
  source         text        NOT NULL,   -- crm_salesforce, call_center, web_forms, mobile_app, manual_upload
  file_name      text,
  format         text,                   -- csv, json, ndjson, xlsx, …
  size_bytes     bigint      CHECK (size_bytes >= 0),
  sha256         text        CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  row_count      integer     CHECK (row_count >= 0),
  lake_path      text,
  status         text        NOT NULL DEFAULT 'received'
                 CHECK (status IN ('received', 'processing', 'completed', 'failed', 'quarantined', 'accepted')),
  counts         jsonb       NOT NULL DEFAULT '{}',  -- inserted, updated, unchanged, rejected, duplicates, by_reason…
  checkpoint_row integer     NOT NULL DEFAULT 0,     -- last source row whose effects are committed (resume point)
  error          text,
  created_by     text,
  received_at    timestamptz NOT NULL DEFAULT now(),
  completed_at   timestamptz
);
CREATE INDEX source_batches_sha256_idx ON source_batches (sha256);
CREATE INDEX source_batches_received_at_idx ON source_batches (received_at);

-- Rows that could not enter the registry, with their reasons. The raw values
-- (the whole source row, as JSON) are one encrypted envelope.
CREATE TABLE rejected_records (
  reject_id  bigserial   PRIMARY KEY,
  batch_id   text        NOT NULL,
  row_number integer,
  raw_values text        NOT NULL,   -- encrypted envelope of the row's fields as JSON
  reasons    text[]      NOT NULL,   -- machine-readable codes (engine issues, rule codes)
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rejected_records_batch_id_idx ON rejected_records (batch_id, row_number);
