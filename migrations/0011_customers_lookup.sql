-- 0011 · The registry records of several customers at once, with a plan kept for the session.
-- The API coalesces the customer reads that arrive while one is running into a single call
-- (ten customers cost about 2.5× one, not 10×, on the embedded engine), so its lookup takes an
-- array; one customer is an array of one, at the same cost as 0010's function, which this
-- replaces. Rows come ordered by customer, then primary first, then phone_id.
-- The column list is PHONE_COLUMNS of src/store/phone-row.ts: change both together.
CREATE FUNCTION customers_phones_json(p_customers text[], p_include_deleted boolean)
  RETURNS text
  LANGUAGE plpgsql STABLE
  SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  result text;
BEGIN
  SELECT coalesce(json_agg(t ORDER BY t.customer_id COLLATE "C", t.is_primary DESC, t.phone_id::bigint), '[]')::text
    INTO result
  FROM (
    SELECT phone_id::text AS phone_id, customer_id, phone_number, phone_type,
      NULLIF(country_code, 'ZZ') AS country_code, carrier, region, timezone, is_valid, is_primary,
      is_verified, verification_method, confidence_score, source_system, sources, times_seen, issues,
      merged_into::text AS merged_into, created_at, updated_at, deleted_at
    FROM customer_phones
    WHERE customer_id COLLATE "C" = ANY (p_customers) AND (p_include_deleted OR deleted_at IS NULL)
  ) t;
  RETURN result;
END
$$;

DROP FUNCTION customer_phones_json(text, boolean);
