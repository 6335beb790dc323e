-- Every page a team lead reads counts, in its header, the requests to join waiting for them, and
-- their home page lists them. Those pages depend on the lead's own id (platform/cache), so a
-- request made, decided or withdrawn announces the id of each lead of its team. Becoming or
-- ceasing to be a lead already announces the person (memberships_announce_change).
CREATE OR REPLACE FUNCTION smh_announce_team_leads() RETURNS trigger AS $$
DECLARE
  teams uuid[] := ARRAY[]::uuid[];
  lead_id uuid;
BEGIN
  IF TG_OP <> 'INSERT' THEN teams := teams || (to_jsonb(OLD) ->> 'organisation_id')::uuid; END IF;
  IF TG_OP <> 'DELETE' THEN teams := teams || (to_jsonb(NEW) ->> 'organisation_id')::uuid; END IF;
  FOR lead_id IN
    SELECT DISTINCT m.user_id FROM memberships m WHERE m.role = 'lead' AND m.organisation_id = ANY (teams)
  LOOP
    PERFORM pg_notify('smh_changes', lead_id::text);
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER join_requests_announce_leads AFTER INSERT OR UPDATE OR DELETE ON "join_requests"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_team_leads();
