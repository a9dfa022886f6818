/**
 * Functions SQLite has and PostgreSQL lacks (or spells otherwise), made in the study's schema so
 * that the SQL of the checks and repositories runs as it is written (the schema comes before
 * pg_catalog on the search path, so json_each(text) here answers as SQLite's does). JSON values
 * come back as text: strings without their quotes, numbers as their digits, objects and arrays as
 * JSON. Part of the PostgreSQL spelling of migration 1 (migrations/postgres/0001-*.ts).
 */
export const PG_MIRROR_FUNCTIONS = /* sql */ `
CREATE FUNCTION json_path_array(path text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN path = '$' THEN ARRAY[]::text[]
    ELSE string_to_array(ltrim(regexp_replace(substr(path, 2), '\\[(\\d+)\\]', '.\\1', 'g'), '.'), '.') END
$$;

CREATE FUNCTION json_extract(doc text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT doc::jsonb #>> json_path_array(path)
$$;

CREATE FUNCTION json_valid(doc text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF doc IS NULL THEN RETURN NULL; END IF;
  PERFORM doc::jsonb;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END
$$;

CREATE FUNCTION json_each(doc jsonb) RETURNS TABLE (key text, value text, id bigint) LANGUAGE sql IMMUTABLE AS $$
  SELECT e.key, e.value, e.id FROM (
    SELECT (k - 1)::text AS key, CASE jsonb_typeof(v) WHEN 'string' THEN v #>> '{}' WHEN 'null' THEN NULL ELSE v::text END AS value, k AS id
    FROM jsonb_array_elements(CASE jsonb_typeof(doc) WHEN 'array' THEN doc ELSE '[]'::jsonb END) WITH ORDINALITY AS a(v, k)
    UNION ALL
    SELECT o.key, CASE jsonb_typeof(o.value) WHEN 'string' THEN o.value #>> '{}' WHEN 'null' THEN NULL ELSE o.value::text END, o.k
    FROM jsonb_each(CASE jsonb_typeof(doc) WHEN 'object' THEN doc ELSE '{}'::jsonb END) WITH ORDINALITY AS o(key, value, k)
  ) e ORDER BY e.id
$$;
CREATE FUNCTION json_each(doc text) RETURNS TABLE (key text, value text, id bigint) LANGUAGE sql IMMUTABLE AS $$
  SELECT * FROM json_each(doc::jsonb)
$$;
CREATE FUNCTION json_each(doc json) RETURNS TABLE (key text, value text, id bigint) LANGUAGE sql IMMUTABLE AS $$
  SELECT * FROM json_each(doc::jsonb)
$$;
CREATE FUNCTION json_each(doc text, path text) RETURNS TABLE (key text, value text, id bigint) LANGUAGE sql IMMUTABLE AS $$
  SELECT * FROM json_each(doc::jsonb #> json_path_array(path))
$$;

-- date(seconds, 'unixepoch'): the ISO date of a day number times 86400
CREATE FUNCTION date(seconds double precision, modifier text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(DATE '1970-01-01' + floor(seconds / 86400)::integer, 'YYYY-MM-DD')
$$;

CREATE FUNCTION julianday(at text) RETURNS double precision LANGUAGE sql STABLE AS $$
  SELECT extract(epoch FROM at::timestamptz)::double precision / 86400 + 2440587.5
$$;

-- char(9, 10, ...): the text of these code points (the translation renames char, a type name here)
CREATE FUNCTION sqlite_char(VARIADIC codes integer[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(chr(c), '' ORDER BY k) FROM unnest(codes) WITH ORDINALITY AS u(c, k)
$$;

CREATE FUNCTION instr(haystack text, needle text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT strpos(haystack, needle)
$$;

CREATE FUNCTION round(x double precision, digits integer) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT round(x::numeric, digits)::double precision
$$;

-- SQLite's max(a, b) and min(a, b) of two values (NULL when either is NULL)
CREATE FUNCTION max(a anyelement, b anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END
$$;
CREATE FUNCTION min(a anyelement, b anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END
$$;

-- SQLite's comparisons are numbers (1, 0): sum(status = 'CODED') counts, max(change = 'new') says whether any
CREATE FUNCTION cdm_count_true(state bigint, b boolean) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN b IS NULL THEN state ELSE coalesce(state, 0) + CASE WHEN b THEN 1 ELSE 0 END END
$$;
CREATE AGGREGATE sum(boolean) (SFUNC = cdm_count_true, STYPE = bigint);
CREATE AGGREGATE max(boolean) (SFUNC = boolor_statefunc, STYPE = boolean);
CREATE AGGREGATE min(boolean) (SFUNC = booland_statefunc, STYPE = boolean);

-- json_quote(x): x as a JSON value (json, as json_build_object makes), for CASEs that mix phrases and values
CREATE FUNCTION json_quote(v text) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT to_json(v) $$;
CREATE FUNCTION json_quote(v bigint) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT to_json(v) $$;
CREATE FUNCTION json_quote(v double precision) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT to_json(v) $$;
CREATE FUNCTION json_quote(v jsonb) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT v::json $$;
CREATE FUNCTION json_quote(v json) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT v $$;
`;
