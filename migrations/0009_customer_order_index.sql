-- 0009 · The registry's natural key as a byte-ordered ("C") index.
-- Readers that walk the registry customer by customer (quality, releases, the content
-- digest) page on (customer_id COLLATE "C", phone_id), the order JavaScript sorts strings
-- in. With the key in that collation each page is an index range scan plus a sort within
-- one customer, instead of a sort of the whole registry per page (quadratic on millions
-- of rows). Equality is byte equality in every deterministic collation, so the
-- constraint itself does not change.
ALTER TABLE customer_phones DROP CONSTRAINT customer_phones_customer_id_phone_hash_country_code_key;
CREATE UNIQUE INDEX customer_phones_customer_key
  ON customer_phones (customer_id COLLATE "C", phone_hash, country_code);
