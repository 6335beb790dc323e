-- What cached measures pages and lookups depend on (platform migration 0006 explains tags;
-- src/domains/measures/cache-tags.ts names them for the code):
--   response:<id>    a response: its status, its sections' answers, its stored scores
--   measures:<org>   anything measured at or under an organisation: its responses (started,
--                    submitted), latest scores, running sums and participation; announced for
--                    the organisation and every organisation above it, so a district dashboard
--                    or a report's district comparison is dropped when any of its schools changes
-- Saving answers touches response_sections only, so an autosave drops the pages of that
-- response and nothing else (drafts are aggregated nowhere).
--
-- Statement-level triggers reading the transition tables: one notice per distinct tag, and a
-- statement touching more than 500 rows (the census import, a rebuild) announces '*' instead of
-- tens of thousands of tags. Arguments say what to announce:
--   'response:response_id'      'response:' || the column
--   'measures:scope_id'         'measures:' || the column
--   'measures-up:organisation_id'  'measures:' || the organisation and each of its ancestors
CREATE OR REPLACE FUNCTION smh_announce_measures_changes() RETURNS trigger AS $$
DECLARE
  rows_sql text;
  changed integer;
  spec text;
  kind text;
  col text;
  announced text;
BEGIN
  rows_sql := CASE TG_OP
    WHEN 'INSERT' THEN 'select * from new_rows'
    WHEN 'DELETE' THEN 'select * from old_rows'
    ELSE 'select * from old_rows union all select * from new_rows'
  END;
  EXECUTE 'select count(*) from (' || rows_sql || ') r' INTO changed;
  IF changed = 0 THEN
    RETURN NULL;
  END IF;
  IF changed > 500 THEN
    PERFORM pg_notify('smh_changes', '*');
    RETURN NULL;
  END IF;
  FOREACH spec IN ARRAY TG_ARGV LOOP
    kind := split_part(spec, ':', 1);
    col := split_part(spec, ':', 2);
    IF kind = 'measures-up' THEN
      FOR announced IN EXECUTE format(
        'select distinct ''measures:'' || s from (%s) r join organisations o on o.id = r.%I '
        'cross join lateral unnest(o.ancestor_ids || o.id) s', rows_sql, col)
      LOOP
        PERFORM pg_notify('smh_changes', announced);
      END LOOP;
    ELSE
      FOR announced IN EXECUTE format(
        'select distinct %L || r.%I from (%s) r where r.%I is not null', kind || ':', col, rows_sql, col)
      LOOP
        PERFORM pg_notify('smh_changes', announced);
      END LOOP;
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER responses_announce_insert AFTER INSERT ON "responses"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:id', 'measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER responses_announce_update AFTER UPDATE ON "responses"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:id', 'measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER responses_announce_delete AFTER DELETE ON "responses"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:id', 'measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER response_sections_announce_insert AFTER INSERT ON "response_sections"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:response_id');
--> statement-breakpoint
CREATE TRIGGER response_sections_announce_update AFTER UPDATE ON "response_sections"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:response_id');
--> statement-breakpoint
CREATE TRIGGER response_sections_announce_delete AFTER DELETE ON "response_sections"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:response_id');
--> statement-breakpoint
CREATE TRIGGER assessment_scores_announce_insert AFTER INSERT ON "assessment_scores"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:response_id', 'measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER assessment_scores_announce_update AFTER UPDATE ON "assessment_scores"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:response_id', 'measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER assessment_scores_announce_delete AFTER DELETE ON "assessment_scores"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('response:response_id', 'measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER latest_scores_announce_insert AFTER INSERT ON "latest_scores"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER latest_scores_announce_update AFTER UPDATE ON "latest_scores"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER latest_scores_announce_delete AFTER DELETE ON "latest_scores"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER score_aggregates_announce_insert AFTER INSERT ON "score_aggregates"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures:scope_id');
--> statement-breakpoint
CREATE TRIGGER score_aggregates_announce_update AFTER UPDATE ON "score_aggregates"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures:scope_id');
--> statement-breakpoint
CREATE TRIGGER score_aggregates_announce_delete AFTER DELETE ON "score_aggregates"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures:scope_id');
--> statement-breakpoint
CREATE TRIGGER participation_announce_insert AFTER INSERT ON "participation"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures:scope_id');
--> statement-breakpoint
CREATE TRIGGER participation_announce_update AFTER UPDATE ON "participation"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures:scope_id');
--> statement-breakpoint
CREATE TRIGGER participation_announce_delete AFTER DELETE ON "participation"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures:scope_id');
--> statement-breakpoint
-- Dashboards list the schools under a district or state: a new one must show. (Renames and
-- removals already announce '*', directory migration 0002.)
CREATE TRIGGER organisations_announce_measures_insert AFTER INSERT ON "organisations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures-up:id');
--> statement-breakpoint
-- Every page shows an instrument's sections, items and labels. New versions are published
-- rarely (reference data, on start when it changed): every cached entry goes ('*', through the
-- platform's smh_announce_tags, which needs no transition table for a literal).
CREATE TRIGGER instruments_announce_change AFTER INSERT OR UPDATE OR DELETE ON "instruments"
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_tags('=*');
--> statement-breakpoint
CREATE TRIGGER instrument_sections_announce_change AFTER INSERT OR UPDATE OR DELETE ON "instrument_sections"
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_tags('=*');
--> statement-breakpoint
CREATE TRIGGER instrument_items_announce_change AFTER INSERT OR UPDATE OR DELETE ON "instrument_items"
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_tags('=*');
