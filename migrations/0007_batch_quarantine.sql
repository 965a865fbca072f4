-- 0007 · Quarantined batches.
--
-- `phoneset import --gate` runs the suite's batch checks on a batch before its rows are merged.
-- A batch that fails them is quarantined: its rows stay in the raw lake (immutable,
-- checksummed) and nothing of it enters the registry. This table keeps the verdict that
-- stopped it (PII-free: expectation results name row numbers, never phone numbers) and how the
-- quarantine ended: accepted (merged anyway), reprocessed (passed on a re-run) or removed.

-- A quarantined batch can be removed: it keeps its manifest row and lake copy, and no longer
-- blocks releases.
ALTER TABLE source_batches DROP CONSTRAINT IF EXISTS source_batches_status_check;
ALTER TABLE source_batches ADD CONSTRAINT source_batches_status_check
  CHECK (status IN ('received', 'processing', 'completed', 'failed', 'quarantined', 'accepted', 'removed'));

CREATE TABLE batch_quarantine (
  batch_id          text        PRIMARY KEY REFERENCES source_batches (batch_id),
  quarantined_at    timestamptz NOT NULL DEFAULT now(),
  quarantined_by    text        NOT NULL,
  suite_file        text,
  reason            text        NOT NULL,               -- one line: the failed expectations
  failures          jsonb       NOT NULL DEFAULT '[]',  -- [{ expectation, observed, threshold, failing, message }]
  evaluation        jsonb       NOT NULL DEFAULT '{}',  -- the batch's metrics, grade and results (row numbers)
  counts            jsonb       NOT NULL DEFAULT '{}',  -- what the merge would have done with its rows
  resolution        text        CHECK (resolution IN ('accepted', 'reprocessed', 'removed')),
  resolved_by       text,
  resolved_at       timestamptz,
  resolution_reason text,
  CHECK ((resolution IS NULL) = (resolved_at IS NULL))
);
-- The open quarantines (what blocks releases) are read by every gate.
CREATE INDEX batch_quarantine_open_idx ON batch_quarantine (quarantined_at) WHERE resolution IS NULL;
