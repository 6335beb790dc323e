-- census_school_facts follows the measures domain's latest_scores: whenever a school's latest
-- submitted profile for a year is written (a submission, the state census import, a rebuild of
-- the aggregates, a bulk load), the same statement takes its figures out of the answers, so the
-- census is current in the submitting transaction and costs one aggregate to read.
-- Statement-level triggers over the transition tables: a rebuild of 100,000 profiles is one
-- insert ... select, not 100,000 trigger calls.
--
-- Answers are read defensively (a value of the wrong JSON type counts as not answered), because
-- a trigger that failed would fail the submission.
CREATE OR REPLACE FUNCTION insights_number(a jsonb, k text) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(a -> k) = 'number' THEN (a ->> k)::double precision END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION insights_count(a jsonb, k text) RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(a -> k) = 'number' AND (a ->> k)::numeric BETWEEN 0 AND 2000000000
              THEN round((a ->> k)::numeric)::integer END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION insights_yes(a jsonb, k text) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE a ->> k WHEN 'yes' THEN true WHEN 'no' THEN false END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION insights_choices(a jsonb, k text) RETURNS text[]
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(a -> k) = 'array'
              THEN array(SELECT e FROM jsonb_array_elements_text(a -> k) e) END $$;
--> statement-breakpoint
-- A tier is offered when services are listed for it or someone is named as providing it.
CREATE OR REPLACE FUNCTION insights_tier_offered(a jsonb, tier integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN coalesce(cardinality(insights_choices(a, 'services.tier' || tier)), 0) > 0 THEN true
    WHEN a ->> ('services.tier' || tier || '.provider') IN ('school', 'community', 'both') THEN true
    WHEN a ? ('services.tier' || tier) OR a ->> ('services.tier' || tier || '.provider') = 'none' THEN false
  END $$;
--> statement-breakpoint
-- FTE by role, in the order of CENSUS_ROLES (src/domains/insights/census/roles.ts).
CREATE OR REPLACE FUNCTION insights_fte(a jsonb, employer text) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE AS $$
  SELECT array(
    SELECT insights_number(a, 'staff.' || r.role || '.' || employer)
      FROM unnest(array['psychologist', 'counselor', 'social-worker', 'nurse', 'behavior-specialist',
                        'family-peer-partner', 'psychiatrist', 'other-clinician']) WITH ORDINALITY AS r(role, i)
     ORDER BY r.i) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION insights_response_answers(rid uuid) RETURNS jsonb
  LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
    FROM response_sections s, jsonb_each(s.answers) e WHERE s.response_id = rid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION insights_refresh_census_facts() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM census_school_facts f
     USING old_rows o
     WHERE o.instrument_key = 'profile' AND o.variant = 'school'
       AND f.organisation_id = o.organisation_id AND f.school_year = o.school_year;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO census_school_facts (organisation_id, school_year, response_id, scope_ids, enrollment,
        fte_school, fte_community, tiers_offered, screens, grades_screened, students_screened,
        served_tier2, served_tier3, funding_sources, partners, partner_agreements)
    SELECT n.organisation_id, n.school_year, n.response_id, o.ancestor_ids, o.enrollment,
           insights_fte(x.a, 'school'), insights_fte(x.a, 'community'),
           array[insights_tier_offered(x.a, 1), insights_tier_offered(x.a, 2), insights_tier_offered(x.a, 3)],
           insights_yes(x.a, 'screening.conducted'), insights_choices(x.a, 'screening.grades'),
           insights_count(x.a, 'screening.count'), insights_count(x.a, 'served.tier2'),
           insights_count(x.a, 'served.tier3'), insights_choices(x.a, 'funding.sources'),
           insights_count(x.a, 'partners.count'), insights_yes(x.a, 'partners.agreements')
      FROM new_rows n
      JOIN organisations o ON o.id = n.organisation_id AND o.kind = 'school'
     CROSS JOIN LATERAL (SELECT insights_response_answers(n.response_id) AS a) x
     WHERE n.instrument_key = 'profile' AND n.variant = 'school'
    ON CONFLICT (organisation_id, school_year) DO UPDATE SET
      response_id = excluded.response_id, scope_ids = excluded.scope_ids, enrollment = excluded.enrollment,
      fte_school = excluded.fte_school, fte_community = excluded.fte_community,
      tiers_offered = excluded.tiers_offered, screens = excluded.screens,
      grades_screened = excluded.grades_screened, students_screened = excluded.students_screened,
      served_tier2 = excluded.served_tier2, served_tier3 = excluded.served_tier3,
      funding_sources = excluded.funding_sources, partners = excluded.partners,
      partner_agreements = excluded.partner_agreements;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER latest_scores_census_insert AFTER INSERT ON "latest_scores"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION insights_refresh_census_facts();
--> statement-breakpoint
CREATE TRIGGER latest_scores_census_update AFTER UPDATE ON "latest_scores"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION insights_refresh_census_facts();
--> statement-breakpoint
CREATE TRIGGER latest_scores_census_delete AFTER DELETE ON "latest_scores"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION insights_refresh_census_facts();
--> statement-breakpoint
-- Profiles submitted before this migration: rewrite each latest profile row in place, which
-- runs the update trigger above over all of them at once.
UPDATE latest_scores SET response_id = response_id WHERE instrument_key = 'profile' AND variant = 'school';
