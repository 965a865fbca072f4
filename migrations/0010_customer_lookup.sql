-- 0010 · One customer's registry rows, with a plan kept for the session.
-- The API reads a customer's phones on every GET /v1/phones/{customer_id}. Planned afresh,
-- that query over the partitioned registry spends more time in the planner than in the
-- index (about 0.7 ms of 1 ms on the embedded engine). PL/pgSQL keeps the plan of the
-- query below per session, and a generic plan serves every customer (the lookup is an
-- index scan of the natural key in each partition either way).
CREATE FUNCTION customer_phone_rows(p_customer text, p_include_deleted boolean)
  RETURNS SETOF customer_phones
  LANGUAGE plpgsql STABLE
  SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  RETURN QUERY
    SELECT * FROM customer_phones
    WHERE customer_id COLLATE "C" = p_customer AND (p_include_deleted OR deleted_at IS NULL);
END
$$;
