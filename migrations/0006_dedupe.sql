-- 0006 · Deduplication: trained match models, merge sets (undoable), the review queue.

-- Every trained Fellegi–Sunter model, versioned: online matching and explanations
-- reuse the newest one, and each merge set names the version that decided it.
CREATE TABLE match_models (
  model_version  bigserial   PRIMARY KEY,
  model          jsonb       NOT NULL,   -- the MatchModel (m, u, λ, levels), plain JSON
  config         jsonb       NOT NULL,   -- thresholds and settings it was used with
  trained_pairs  integer     NOT NULL,
  labelled_pairs integer     NOT NULL,
  created_by     text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- One merge decision (a dedupe run, an accepted review, an online join): the unit of undo.
CREATE TABLE merge_sets (
  merge_id       bigserial   PRIMARY KEY,
  kind           text        NOT NULL CHECK (kind IN ('batch', 'review', 'online')),
  model_version  bigint,
  status         text        NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'undone')),
  groups         integer     NOT NULL,
  merged_records integer     NOT NULL,
  created_by     text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  undone_by      text,
  undone_at      timestamptz
);

-- Every record a merge set changed, with its whole state before and after (encrypted
-- JSON envelopes: they hold the phone number): undo restores `before_image` exactly,
-- and refuses when the record no longer matches `after_image`.
CREATE TABLE merge_members (
  merge_id     bigint           NOT NULL REFERENCES merge_sets (merge_id),
  phone_id     bigint           NOT NULL,
  master_id    bigint           NOT NULL,
  probability  double precision,          -- strongest link into the cluster; NULL for the master
  before_image jsonb            NOT NULL,
  after_image  jsonb            NOT NULL,
  PRIMARY KEY (merge_id, phone_id)
);
CREATE INDEX merge_members_phone_id_idx ON merge_members (phone_id);

-- Pairs scored between the review and auto-merge thresholds, waiting for a person.
-- A decided pair is a label the next training uses.
CREATE TABLE review_pairs (
  review_id       bigserial        PRIMARY KEY,
  customer_id     text             NOT NULL,
  phone_a         bigint           NOT NULL,
  phone_b         bigint           NOT NULL,
  probability     double precision NOT NULL,
  weight          double precision NOT NULL,
  reason          text             NOT NULL,
  model_version   bigint,
  status          text             NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'accepted', 'rejected')),
  decided_by      text,
  decided_at      timestamptz,
  decision_reason text,
  merge_id        bigint,
  created_at      timestamptz      NOT NULL DEFAULT now(),
  CHECK (phone_a < phone_b),
  UNIQUE (phone_a, phone_b)
);
CREATE INDEX review_pairs_status_idx ON review_pairs (status, review_id);

-- Records merged into a master (followers re-pointed when masters merge, undo checks).
CREATE INDEX customer_phones_merged_into_idx ON customer_phones (merged_into) WHERE merged_into IS NOT NULL;

-- Review decisions are audited like registry changes.
ALTER TABLE phone_audit_trail DROP CONSTRAINT phone_audit_trail_operation_check;
ALTER TABLE phone_audit_trail ADD CONSTRAINT phone_audit_trail_operation_check
  CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UNMERGE', 'ERASE', 'READ', 'EXPORT', 'REVIEW'));
