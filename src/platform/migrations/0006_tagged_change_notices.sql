-- Cached pages and query results name what they depend on with tags: a bare user id (that
-- person's rows) or kind:id (community:<uuid>, topic:<uuid>, ...). A table's trigger announces
-- the tags a changed row touches on the smh_changes channel; every server drops the entries
-- holding them (platform/cache). One function for every table, told by its arguments what to
-- announce, so a domain adds a trigger and no code:
--   'user_id'             the column's value (a person)
--   'community:id'        'community:' || the column's value
--   '=community:any'      that literal tag
-- Old and new values are both announced, so a row moving (a topic to another community) drops
-- both sides. PostgreSQL sends identical notices of one transaction once, so a statement
-- touching many rows of one community costs one notice per tag, not per row.
CREATE OR REPLACE FUNCTION smh_announce_tags() RETURNS trigger AS $$
DECLARE
  spec text;
  kind text;
  col text;
  old_row jsonb;
  new_row jsonb;
  old_value text;
  new_value text;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
  FOREACH spec IN ARRAY TG_ARGV LOOP
    IF left(spec, 1) = '=' THEN
      PERFORM pg_notify('smh_changes', substr(spec, 2));
      CONTINUE;
    END IF;
    IF position(':' in spec) > 0 THEN
      kind := split_part(spec, ':', 1) || ':';
      col := split_part(spec, ':', 2);
    ELSE
      kind := '';
      col := spec;
    END IF;
    old_value := old_row ->> col;
    new_value := new_row ->> col;
    IF old_value IS NOT NULL THEN
      PERFORM pg_notify('smh_changes', kind || old_value);
    END IF;
    IF new_value IS NOT NULL AND new_value IS DISTINCT FROM old_value THEN
      PERFORM pg_notify('smh_changes', kind || new_value);
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
