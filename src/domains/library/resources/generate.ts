import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../../platform/db/client";

/*
 * Resources made up for the benchmark (the issue's 20,000), set-based: one INSERT over
 * generate_series. Titles and summaries are built from English and Spanish word lists so the
 * search vectors look like real text (about one in four is Spanish); types, domains, tiers,
 * audiences, states, years and shelves are spread deterministically by hashes of the row number,
 * so every run (and both databases) make the same library. A few practice groups' items are
 * members-only, as in real use.
 */

const WORDS_EN = [
  "screening",
  "teaming",
  "family",
  "partnership",
  "wellness",
  "trauma",
  "anxiety",
  "depression",
  "referral",
  "tier",
  "classroom",
  "teacher",
  "student",
  "funding",
  "sustainability",
  "impact",
  "needs",
  "mapping",
  "crisis",
  "belonging",
  "youth",
  "voice",
  "district",
  "state",
  "policy",
  "brief",
  "toolkit",
  "guide",
  "planning",
  "evidence",
  "intervention",
  "promotion",
  "consent",
  "data",
  "dashboard",
  "coalition",
  "training",
  "webinar",
  "community",
  "clinician",
];
const WORDS_ES = [
  "detección",
  "equipo",
  "familia",
  "colaboración",
  "bienestar",
  "trauma",
  "ansiedad",
  "depresión",
  "derivación",
  "nivel",
  "aula",
  "maestros",
  "estudiantes",
  "financiamiento",
  "sostenibilidad",
  "impacto",
  "necesidades",
  "recursos",
  "crisis",
  "pertenencia",
  "jóvenes",
  "voz",
  "distrito",
  "estado",
  "política",
  "informe",
  "guía",
  "planificación",
  "evidencia",
  "intervención",
];
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
  "school_administrator",
  "health_professional",
  "researcher",
  "policymaker",
];
const STATES = ["MD", "CA", "TX", "NY", "OH", "FL", "IL", "WA", "GA", "PA"];

const textArray = (values: string[]) => sql.raw(`array[${values.map((v) => `'${v}'`).join(",")}]::text[]`);

/** Adds `count` published resources by the given author (slugs `bench-<prefix>-<n>`). */
export async function generateResources(
  db: Db,
  count: number,
  authorId: string,
  prefix = "r",
): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with words as (select ${textArray(WORDS_EN)} as en, ${textArray(WORDS_ES)} as es,
          ${textArray(TYPES)} as types, ${textArray(DOMAINS)} as domains, ${textArray(AUDIENCES)} as audiences,
          ${textArray(STATES)} as states),
        groups as (select array_agg(id order by slug) as ids from communities where kind = 'practice_group'),
        draws as (
          select g, abs(hashint4(g)) as h1, abs(hashint4(g + 7919)) as h2, abs(hashint4(g + 104729)) as h3,
                 (abs(hashint4(g + 15485863)) % 4 = 0) as spanish
          from generate_series(1, ${count}) g),
        made as (
          insert into library_resources (slug, type, community_id, community_only, status, published_at, language,
            title, summary, body, authors, organisations, licence, domain_keys, tiers, audiences, state_code, year, created_by)
          select 'bench-' || ${prefix} || '-' || d.g,
            w.types[1 + d.h1 % 8],
            case when d.h2 % 5 = 0 then gr.ids[1 + d.h3 % greatest(1, cardinality(gr.ids))] end,
            (d.h2 % 5 = 0 and d.h3 % 7 = 0 and cardinality(gr.ids) > 0),
            'published',
            now() - make_interval(days => d.h2 % 1000),
            case when d.spanish then 'es' else 'en' end,
            case when d.spanish
              then initcap(w.es[1 + d.h1 % 30]) || ' y ' || w.es[1 + d.h2 % 30] || ': ' || w.es[1 + d.h3 % 30] || ' ' || d.g
              else initcap(w.en[1 + d.h1 % 40]) || ' and ' || w.en[1 + d.h2 % 40] || ': ' || w.en[1 + d.h3 % 40] || ' ' || d.g end,
            case when d.spanish
              then 'Un recurso sobre ' || w.es[1 + d.h2 % 30] || ', ' || w.es[1 + d.h3 % 30] || ' y ' || w.es[1 + (d.h1 / 7) % 30] || ' para escuelas.'
              else 'A resource on ' || w.en[1 + d.h2 % 40] || ', ' || w.en[1 + d.h3 % 40] || ' and ' || w.en[1 + (d.h1 / 7) % 40] || ' for schools.' end,
            '', array['Benchmark author'], array['Benchmark organisation'], 'CC BY 4.0',
            array[w.domains[1 + d.h1 % 7], w.domains[1 + d.h3 % 7]],
            case d.h2 % 3 when 0 then array[1] when 1 then array[2, 3] else array[1, 2, 3] end,
            array[w.audiences[1 + d.h2 % 9], w.audiences[1 + d.h1 % 9]],
            case when d.h3 % 3 = 0 then w.states[1 + d.h1 % 10] end,
            2020 + d.h3 % 7,
            ${authorId}::uuid
          from draws d cross join words w cross join groups gr
          returning 1)
        select count(*)::int as n from made`,
  );
  return rows[0]?.n ?? 0;
}

/** The library's addresses a benchmark times (signed out): browse, searches with facets, a resource page. */
export async function resourceBenchUrls(db: Db): Promise<{ name: string; url: string }[]> {
  const [one] = await queryRows<{ slug: string }>(
    db,
    sql`select slug from library_resources where status = 'published' and not community_only order by published_at desc limit 1`,
  );
  return [
    { name: "library browse (newest, facets)", url: "/library" },
    { name: "library search EN", url: "/library?q=screening+family" },
    { name: "library search ES with filters", url: "/library?q=bienestar&domain=promotion&tier=1" },
    { name: "library search API", url: "/api/v1/library/resources?q=trauma&language=en" },
    { name: "library most used", url: "/library?sort=most_used&type=guide" },
    ...(one ? [{ name: "resource page", url: `/library/${one.slug}` }] : []),
  ];
}
