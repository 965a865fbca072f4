-- 0003 · Data-quality measurements and dataset releases.

-- One row per measurement, of a batch or of the registry (ARCHITECTURE §6).
-- Seed columns kept; scores are fractions 0–1.
CREATE TABLE data_quality_metrics (
  metric_id          bigserial   PRIMARY KEY,
  execution_date     date        NOT NULL DEFAULT CURRENT_DATE,
  dataset_version    text,
  level              text        NOT NULL CHECK (level IN ('batch', 'registry')),
  batch_id           text,
  total_records      integer     NOT NULL DEFAULT 0,
  valid_records      integer     NOT NULL DEFAULT 0,
  invalid_records    integer     NOT NULL DEFAULT 0,
  duplicate_records  integer     NOT NULL DEFAULT 0,
  completeness_score double precision,
  accuracy_score     double precision,
  uniqueness_score   double precision,
  validity_score     double precision,
  timeliness_hours   double precision,
  timeliness_score   double precision,
  quality_grade      char(1)     CHECK (quality_grade IN ('A', 'B', 'C', 'D', 'F')),
  details            jsonb       NOT NULL DEFAULT '{}',
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (level = 'registry' OR batch_id IS NOT NULL)
);
CREATE INDEX data_quality_metrics_batch_id_idx ON data_quality_metrics (batch_id);
CREATE INDEX data_quality_metrics_created_at_idx ON data_quality_metrics (level, created_at);

-- An immutable, checksummed snapshot of the registry that passed the quality gates.
CREATE TABLE dataset_releases (
  release_id   text        PRIMARY KEY,           -- the dataset version, e.g. 2026.11.28-1
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text        NOT NULL,
  record_count integer     NOT NULL,
  sha256       text        NOT NULL,
  lake_path    text,                              -- where the snapshot files are
  metric_id    bigint      REFERENCES data_quality_metrics (metric_id),
  gate         jsonb       NOT NULL DEFAULT '{}', -- the gate verdict that allowed it
  parent_id    text        REFERENCES dataset_releases (release_id),
  notes        text
);

-- Which release each stage currently serves, and the history of moves.
CREATE TABLE release_stages (
  stage       text        PRIMARY KEY CHECK (stage IN ('dev', 'staging', 'prod')),
  release_id  text        NOT NULL REFERENCES dataset_releases (release_id),
  promoted_by text        NOT NULL,
  promoted_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE release_stage_history (
  id          bigserial   PRIMARY KEY,
  stage       text        NOT NULL,
  release_id  text        NOT NULL REFERENCES dataset_releases (release_id),
  action      text        NOT NULL CHECK (action IN ('promote', 'rollback')),
  moved_by    text        NOT NULL,
  moved_at    timestamptz NOT NULL DEFAULT now()
);
