-- In-process caches hold what a person reads on every page (who is signed in, their teams,
-- their account page). Each change to those rows announces the person it concerns on the
-- smh_changes channel, so every server forgets its copy when the transaction commits.
-- Statement-level use (no argument) announces "*": everyone.
CREATE OR REPLACE FUNCTION smh_announce_person_change() RETURNS trigger AS $$
DECLARE
  person_column text := TG_ARGV[0];
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('smh_changes', '*');
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('smh_changes', to_jsonb(OLD) ->> person_column);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('smh_changes', to_jsonb(NEW) ->> person_column);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_announce_change AFTER UPDATE OR DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_person_change('id');
--> statement-breakpoint
CREATE TRIGGER sessions_announce_change AFTER INSERT OR UPDATE OR DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_person_change('user_id');
--> statement-breakpoint
-- Using a token only moves last_used_at, which no cached page shows.
CREATE TRIGGER access_tokens_announce_change AFTER INSERT OR DELETE OR UPDATE OF revoked_at ON "access_tokens"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_person_change('user_id');
