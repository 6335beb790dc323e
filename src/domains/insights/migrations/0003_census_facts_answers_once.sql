-- The census trigger gathered each profile's answers in a lateral subquery that the planner
-- flattened, so every use of the answers (about twenty per row) gathered them again: a rebuild of
-- 100,000 schools' profiles took minutes. A materialized CTE gathers each profile's answers once.
-- (A grouped pass over all the statement's profiles at once was tried: with no statistics on the
-- transition table the planner aggregated every section in the database, in gigabytes of memory.)
-- A tier is offered when services are listed for it or someone is named as providing it (the
-- same rule as before, reading the list's length instead of unpacking it).
CREATE OR REPLACE FUNCTION insights_tier_offered(a jsonb, tier integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN jsonb_typeof(a -> ('services.tier' || tier)) = 'array'
         AND jsonb_array_length(a -> ('services.tier' || tier)) > 0 THEN true
    WHEN a ->> ('services.tier' || tier || '.provider') IN ('school', 'community', 'both') THEN true
    WHEN a ? ('services.tier' || tier) OR a ->> ('services.tier' || tier || '.provider') = 'none' THEN false
  END $$;
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
    WITH profiles AS MATERIALIZED (
      SELECT n.organisation_id, n.school_year, n.response_id, o.ancestor_ids, o.enrollment,
             insights_response_answers(n.response_id) AS a
        FROM new_rows n
        JOIN organisations o ON o.id = n.organisation_id AND o.kind = 'school'
       WHERE n.instrument_key = 'profile' AND n.variant = 'school'
    )
    INSERT INTO census_school_facts (organisation_id, school_year, response_id, scope_ids, enrollment,
        fte_school, fte_community, tiers_offered, screens, grades_screened, students_screened,
        served_tier2, served_tier3, funding_sources, partners, partner_agreements)
    SELECT p.organisation_id, p.school_year, p.response_id, p.ancestor_ids, p.enrollment,
           insights_fte(p.a, 'school'), insights_fte(p.a, 'community'),
           array[insights_tier_offered(p.a, 1), insights_tier_offered(p.a, 2), insights_tier_offered(p.a, 3)],
           insights_yes(p.a, 'screening.conducted'), insights_choices(p.a, 'screening.grades'),
           insights_count(p.a, 'screening.count'), insights_count(p.a, 'served.tier2'),
           insights_count(p.a, 'served.tier3'), insights_choices(p.a, 'funding.sources'),
           insights_count(p.a, 'partners.count'), insights_yes(p.a, 'partners.agreements')
      FROM profiles p
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
