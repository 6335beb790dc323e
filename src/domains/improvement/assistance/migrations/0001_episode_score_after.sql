-- The "after" score of a closed TA episode: the topic's domain score in the team's first quality
-- assessment submitted after the episode closed. The measures domain writes one assessment_scores
-- row per submitted assessment (never updated), so the first such row after the close fills the
-- episode's score_after, once, in the submission's own transaction. The report then reads both
-- scores from ta_episodes alone (one grouped scan, whatever the number of assessments).
CREATE FUNCTION ta_episodes_take_score_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.instrument_key = 'quality' THEN
    UPDATE ta_episodes e
       SET score_after = (NEW.domain_scores ->> e.topic)::double precision, updated_at = now()
     WHERE e.organisation_id = NEW.organisation_id
       AND e.status = 'closed'
       AND e.score_after IS NULL
       AND e.closed_at < NEW.submitted_at
       AND NEW.domain_scores ->> e.topic IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER assessment_scores_fill_ta_episodes AFTER INSERT ON "assessment_scores"
  FOR EACH ROW EXECUTE FUNCTION ta_episodes_take_score_after();
