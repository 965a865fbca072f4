-- 0010 · One customer's registry records as JSON, with a plan kept for the session.
-- The API reads a customer's phones on every GET /v1/phones/{customer_id}. Planned afresh,
-- that query over the partitioned registry spends more time in the planner than in the
-- index (0.4–0.7 ms against 0.2 ms on the embedded engine with a million records). PL/pgSQL
-- keeps the plan of the query below per session, and a generic plan serves every customer
-- (the lookup is an index scan of the natural key in each partition either way).
-- The column list is PHONE_COLUMNS of src/store/phone-row.ts: change both together.
CREATE FUNCTION customer_phones_json(p_customer text, p_include_deleted boolean)
  RETURNS text
  LANGUAGE plpgsql STABLE
  SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  result text;
BEGIN
  SELECT coalesce(json_agg(t ORDER BY t.is_primary DESC, t.phone_id::bigint), '[]')::text INTO result
  FROM (
    SELECT phone_id::text AS phone_id, customer_id, phone_number, phone_type,
      NULLIF(country_code, 'ZZ') AS country_code, carrier, region, timezone, is_valid, is_primary,
      is_verified, verification_method, confidence_score, source_system, sources, times_seen, issues,
      merged_into::text AS merged_into, created_at, updated_at, deleted_at
    FROM customer_phones
    WHERE customer_id COLLATE "C" = p_customer AND (p_include_deleted OR deleted_at IS NULL)
  ) t;
  RETURN result;
END
$$;
