-- What cached TA reports depend on (src/domains/improvement/assistance/report.ts):
--   ta-report:<state id>   the episodes of one state (its report)
--   ta-report:nation       any episode (the nation's report)
-- Every change to an episode (a request, a triage, a contact's hours, a close, a score after)
-- drops the reports that count it, on every app server.
CREATE TRIGGER ta_episodes_announce_change AFTER INSERT OR UPDATE OR DELETE ON "ta_episodes"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('ta-report:state_id', '=ta-report:nation');
