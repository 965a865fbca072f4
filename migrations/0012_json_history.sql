-- 0012 · History columns as json, not jsonb.
-- Audit values, event payloads and merge images are written once, in bulk, and read back
-- whole: nothing queries inside them. jsonb parses every value into its binary form on the
-- way in (and back to text on the way out); json only checks the syntax and keeps the text.
-- On the embedded engine that parse was a fifth of an import's database time.
ALTER TABLE phone_audit_trail
  ALTER COLUMN old_values TYPE json USING old_values::json,
  ALTER COLUMN new_values TYPE json USING new_values::json;
ALTER TABLE outbox_events ALTER COLUMN payload TYPE json USING payload::json;
ALTER TABLE merge_members
  ALTER COLUMN before_image TYPE json USING before_image::json,
  ALTER COLUMN after_image TYPE json USING after_image::json;
