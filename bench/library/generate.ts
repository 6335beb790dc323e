import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/platform/db/client";
import { STATES } from "../../src/platform/geo/states";
import { buildUser } from "../../src/seed/factories";

/*
 * The library at national scale, generated in SQL (one statement): resources on the national
 * shelf and the 12 practice groups' shelves, most published, some archived, drafts and items in
 * review, a few community-only; types, quality-assessment domains, tiers, audiences, both
 * languages, states and years spread by hashes of the row number, and titles and summaries made
 * of the words people search for, so full-text search and every facet have real work to do.
 */

const TYPES = [
  "tool",
  "guide",
  "toolkit",
  "issue_brief",
  "policy_brief",
  "training_material",
  "webinar_recording",
  "other",
];
const DOMAINS = ["teaming", "needs", "screening", "promotion", "intervention", "funding", "impact"];
const AUDIENCES = [
  "family_member",
  "youth",
  "educator",
  "school_mh_professional",
  "community_mh_professional",
];
const TOPICS_EN = [
  "Universal screening",
  "Trauma-informed classrooms",
  "Family engagement",
  "Suicide prevention",
  "Tier 2 groups",
  "Teaming with community clinicians",
  "Medicaid billing",
  "Needs assessment",
  "Social-emotional learning",
  "Data-driven decisions",
];
const TOPICS_ES = [
  "Detección universal",
  "Aulas informadas sobre el trauma",
  "Participación de las familias",
  "Prevención del suicidio",
  "Grupos de nivel 2",
  "Trabajo en equipo con clínicos comunitarios",
  "Facturación a Medicaid",
  "Evaluación de necesidades",
  "Aprendizaje socioemocional",
  "Decisiones basadas en datos",
];
const FORMS_EN = [
  "a toolkit for schools",
  "a guide for districts",
  "an issue brief",
  "a policy brief",
  "a webinar",
];
const FORMS_ES = [
  "herramientas para escuelas",
  "guía para distritos",
  "informe temático",
  "informe de políticas",
  "seminario web",
];

const array = (values: readonly (string | number)[]) =>
  sql.raw(
    `array[${values.map((v) => (typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`)).join(",")}]`,
  );

export async function generateLibraryResources(
  db: Db,
  count: number,
): Promise<{ resources: number; published: number }> {
  const author = await buildUser(db, { email: "library-bench-editor@example.org", name: "Bench Editor" });
  const states = STATES.map((s) => s.code);
  await db.execute(sql`
    with pg as (
      select id, row_number() over (order by slug) - 1 as n from communities where kind = 'practice_group'
    ), g as (
      select i,
             (hashtext('lib-a' || i) & 2147483647) as a, (hashtext('lib-b' || i) & 2147483647) as b,
             (hashtext('lib-c' || i) & 2147483647) as c, (hashtext('lib-d' || i) & 2147483647) as d
      from generate_series(1, ${count}) i
    ), r as (
      select g.*, (g.d % 5 = 0) as spanish, (g.b % 10 < 4) as on_group,
             case when g.a % 100 < 82 then 'published' when g.a % 100 < 90 then 'archived'
                  when g.a % 100 < 95 then 'draft' else 'in_review' end as status
      from g
    )
    insert into library_resources (slug, type, community_id, community_only, status, published_at, language,
                                   title, summary, body, authors, organisations, licence, domain_keys, tiers,
                                   audiences, state_code, year, created_by)
    select 'bench-resource-' || r.i,
           (${array(TYPES)})[1 + r.a % ${TYPES.length}],
           case when r.on_group then (select id from pg where pg.n = r.c % 12) end,
           r.on_group and r.c % 20 = 0,
           r.status,
           case when r.status in ('published', 'archived') then now() - make_interval(days => r.b % 3650) end,
           case when r.spanish then 'es' else 'en' end,
           case when r.spanish
                then (${array(TOPICS_ES)})[1 + r.c % ${TOPICS_ES.length}] || ': ' || (${array(FORMS_ES)})[1 + r.d % ${FORMS_ES.length}] || ' ' || r.i
                else (${array(TOPICS_EN)})[1 + r.c % ${TOPICS_EN.length}] || ': ' || (${array(FORMS_EN)})[1 + r.d % ${FORMS_EN.length}] || ' ' || r.i end,
           case when r.spanish
                then 'Recursos prácticos sobre ' || lower((${array(TOPICS_ES)})[1 + r.a % ${TOPICS_ES.length}]) || ' para equipos escolares de salud mental.'
                else 'Practical help with ' || lower((${array(TOPICS_EN)})[1 + r.a % ${TOPICS_EN.length}]) || ' for school mental health teams.' end,
           repeat('Background, steps, examples and templates. ', 1 + r.b % 8),
           array['Bench Author ' || (r.b % 500)],
           array['Bench Organisation ' || (r.c % 80)],
           'CC BY 4.0',
           array[(${array(DOMAINS)})[1 + r.a % 7], (${array(DOMAINS)})[1 + r.c % 7]],
           array[1 + r.b % 3],
           array[(${array(AUDIENCES)})[1 + r.c % ${AUDIENCES.length}], (${array(AUDIENCES)})[1 + r.d % ${AUDIENCES.length}]],
           case when r.d % 2 = 0 then (${array(states)})[1 + r.b % ${states.length}] end,
           2015 + r.b % 12,
           ${author.id}
    from r
    on conflict (slug) do nothing`);
  await db.execute(sql`vacuum analyze library_resources`);
  const [counts] = await queryRows<{ resources: number; published: number }>(
    db,
    sql`select count(*)::int as resources, count(*) filter (where status in ('published', 'archived'))::int as published
        from library_resources`,
  );
  return counts!;
}
