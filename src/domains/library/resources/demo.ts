import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import type { DomainKey } from "./contracts";
import {
  libraryResourceReviews,
  libraryResources,
  libraryResourceVersions,
  type ResourceType,
} from "./schema";
import { slugFrom } from "./service";
import { DEMO_LICENCE_MARK } from "./views/shared";

/*
 * Demo resources: the kind of tools, guides and briefs the center and the practice groups
 * publish, written for this demonstration (titles and summaries are made up; the facts they
 * lean on — the three tiers, the seven quality domains, the 12 practice groups, universal
 * screening, family–school–community partnership — come from the mission documents). Every
 * page of one says "Demo data" (its licence line carries the demo mark).
 */

type Audience =
  | "family_member"
  | "youth"
  | "educator"
  | "school_mh_professional"
  | "community_mh_professional"
  | "school_administrator"
  | "health_professional"
  | "researcher"
  | "policymaker";

interface DemoResource {
  title: string;
  type: ResourceType;
  summary: string;
  domains: DomainKey[];
  tiers: number[];
  audiences: Audience[];
  year: number;
  /** A practice group's slug; none is the national shelf. */
  group?: string;
  state?: string;
  /** The same resource in Spanish. */
  es?: { title: string; summary: string };
  url?: string;
}

const RESOURCES: DemoResource[] = [
  {
    title: "Starting a school mental health team: a first-month checklist",
    type: "tool",
    summary:
      "Who to invite, how often to meet and what to decide first when one team oversees all three tiers.",
    domains: ["teaming"],
    tiers: [1, 2, 3],
    audiences: ["school_administrator", "school_mh_professional", "educator"],
    year: 2025,
    es: {
      title: "Cómo formar un equipo de salud mental escolar: lista para el primer mes",
      summary:
        "A quién invitar, cada cuánto reunirse y qué decidir primero cuando un solo equipo supervisa los tres niveles.",
    },
  },
  {
    title: "Writing referral pathways that every adult in the building knows",
    type: "guide",
    summary:
      "A one-page referral map, from a teacher's concern to a community provider, with examples from district teams.",
    domains: ["teaming", "intervention"],
    tiers: [2, 3],
    audiences: ["educator", "school_mh_professional"],
    year: 2024,
  },
  {
    title: "Memoranda of understanding with community providers: a template and notes",
    type: "tool",
    summary:
      "A plain template for agreements between schools and community-employed clinicians: roles, data sharing, space and billing.",
    domains: ["teaming", "funding"],
    tiers: [2, 3],
    audiences: ["school_administrator", "community_mh_professional"],
    year: 2025,
    group: "collaborative-culture",
  },
  {
    title: "Needs assessment in five steps",
    type: "guide",
    summary:
      "How a school or district gathers data, hears students and families, and turns what it learns into priorities.",
    domains: ["needs"],
    tiers: [1, 2, 3],
    audiences: ["school_administrator", "school_mh_professional"],
    year: 2024,
    es: {
      title: "Evaluación de necesidades en cinco pasos",
      summary:
        "Cómo una escuela o un distrito reúne datos, escucha a estudiantes y familias, y convierte lo aprendido en prioridades.",
    },
  },
  {
    title: "Resource mapping worksheet",
    type: "tool",
    summary:
      "List every support offered, by tier, provider and funding, to see gaps and overlaps at a glance.",
    domains: ["needs"],
    tiers: [1, 2, 3],
    audiences: ["school_mh_professional", "school_administrator"],
    year: 2025,
  },
  {
    title: "Universal mental health screening: an implementation guide",
    type: "guide",
    summary:
      "Choosing a measure, consent and opt-out, staffing the follow-up and sharing results, for schools starting universal screening.",
    domains: ["screening"],
    tiers: [1, 2],
    audiences: ["school_mh_professional", "school_administrator", "educator"],
    year: 2025,
    es: {
      title: "Detección universal en salud mental: guía de implementación",
      summary:
        "Elegir un instrumento, consentimiento y exclusión voluntaria, el seguimiento y cómo compartir resultados, para escuelas que empiezan la detección universal.",
    },
  },
  {
    title: "Screening follow-up protocol: from results to support within two weeks",
    type: "tool",
    summary:
      "A protocol for triaging screening results so that every student who needs more help is seen quickly.",
    domains: ["screening", "intervention"],
    tiers: [2],
    audiences: ["school_mh_professional"],
    year: 2026,
  },
  {
    title: "Talking with families about screening",
    type: "issue_brief",
    summary: "What families ask about school screening, and answers that build trust.",
    domains: ["screening"],
    tiers: [1],
    audiences: ["family_member", "educator"],
    year: 2024,
    group: "families-in-partnership",
    es: {
      title: "Cómo hablar con las familias sobre la detección",
      summary:
        "Lo que preguntan las familias sobre la detección en la escuela, y respuestas que generan confianza.",
    },
  },
  {
    title: "Classroom well-being routines for every student",
    type: "toolkit",
    summary:
      "Short daily routines teachers can use to build belonging and calm, with notes for adapting them by grade.",
    domains: ["promotion"],
    tiers: [1],
    audiences: ["educator"],
    year: 2025,
    es: {
      title: "Rutinas de bienestar en el aula para todos los estudiantes",
      summary:
        "Rutinas diarias breves para fomentar la pertenencia y la calma, con notas para adaptarlas según el grado.",
    },
  },
  {
    title: "Staff well-being: an issue brief for school leaders",
    type: "issue_brief",
    summary: "Why educator well-being matters for students, and what school leaders can change this year.",
    domains: ["promotion"],
    tiers: [1],
    audiences: ["school_administrator", "policymaker"],
    year: 2026,
  },
  {
    title: "Positive behavior supports and mental health: working as one system",
    type: "training_material",
    summary:
      "Slides and facilitator notes for aligning positive behavior supports with school mental health across the tiers.",
    domains: ["promotion", "teaming"],
    tiers: [1, 2, 3],
    audiences: ["educator", "school_mh_professional"],
    year: 2024,
    group: "mental-health-and-pbs",
  },
  {
    title: "Youth voice in school mental health planning",
    type: "guide",
    summary:
      "Ways students can shape the supports they receive, from advisory boards to co-designed campaigns.",
    domains: ["promotion", "needs"],
    tiers: [1],
    audiences: ["youth", "educator"],
    year: 2025,
    group: "youth-leadership",
    es: {
      title: "La voz de los jóvenes en la planificación de la salud mental escolar",
      summary:
        "Formas en que los estudiantes pueden dar forma a los apoyos que reciben, desde consejos asesores hasta campañas creadas en conjunto.",
    },
  },
  {
    title: "Choosing evidence-based Tier 2 interventions",
    type: "guide",
    summary:
      "How to weigh evidence, fit and cost when choosing small-group interventions for students who need more support.",
    domains: ["intervention"],
    tiers: [2],
    audiences: ["school_mh_professional", "school_administrator"],
    year: 2025,
    group: "quality-evidence-based-practice",
  },
  {
    title: "Progress monitoring for Tier 2 and Tier 3 supports",
    type: "tool",
    summary:
      "A simple log and review schedule for tracking whether intervention is working for each student group.",
    domains: ["intervention", "impact"],
    tiers: [2, 3],
    audiences: ["school_mh_professional"],
    year: 2026,
  },
  {
    title: "School-based psychiatric consultation: models that work",
    type: "webinar_recording",
    summary:
      "A recorded webinar on how psychiatrists consult with school teams, with three district examples.",
    domains: ["intervention", "teaming"],
    tiers: [3],
    audiences: ["health_professional", "school_mh_professional"],
    year: 2024,
    group: "psychiatry-and-schools",
    url: "https://example.org/demo/webinars/psychiatric-consultation",
  },
  {
    title: "Crisis response and re-entry planning",
    type: "guide",
    summary:
      "Steps for the days after a crisis: safety planning, family contact and a student's return to class.",
    domains: ["intervention"],
    tiers: [3],
    audiences: ["school_mh_professional", "school_administrator", "family_member"],
    year: 2025,
  },
  {
    title: "Supporting students in the juvenile justice system as they return to school",
    type: "issue_brief",
    summary: "What schools, courts and families can do together so that returning students stay in school.",
    domains: ["intervention", "teaming"],
    tiers: [2, 3],
    audiences: ["policymaker", "school_administrator"],
    year: 2024,
    group: "juvenile-justice-dropout",
  },
  {
    title: "Military-connected students: transitions and belonging",
    type: "toolkit",
    summary: "Welcome routines, records transfer tips and peer programs for students who move often.",
    domains: ["promotion"],
    tiers: [1, 2],
    audiences: ["educator", "family_member"],
    year: 2025,
    group: "military-families",
  },
  {
    title: "Culturally responsive school mental health practice",
    type: "training_material",
    summary:
      "A training module on adapting supports to students' cultures and languages, with reflection activities.",
    domains: ["promotion", "intervention"],
    tiers: [1, 2, 3],
    audiences: ["school_mh_professional", "educator"],
    year: 2026,
    group: "culturally-diverse-youth",
    es: {
      title: "Práctica de salud mental escolar culturalmente receptiva",
      summary:
        "Un módulo de formación para adaptar los apoyos a las culturas y lenguas de los estudiantes, con actividades de reflexión.",
    },
  },
  {
    title: "Students with disabilities and school mental health",
    type: "issue_brief",
    summary:
      "How mental health supports and special education services fit together for students with disabilities.",
    domains: ["intervention", "teaming"],
    tiers: [1, 2, 3],
    audiences: ["educator", "policymaker", "family_member"],
    year: 2025,
    group: "youth-with-disabilities",
  },
  {
    title: "A shared glossary for educators, clinicians and families",
    type: "tool",
    summary:
      "Plain definitions of the words each profession uses, so that everyone at the table means the same thing.",
    domains: ["teaming"],
    tiers: [1, 2, 3],
    audiences: ["educator", "family_member", "community_mh_professional"],
    year: 2024,
    group: "learning-the-language",
    es: {
      title: "Glosario común para docentes, clínicos y familias",
      summary:
        "Definiciones sencillas de las palabras que usa cada profesión, para que todos en la mesa entiendan lo mismo.",
    },
  },
  {
    title: "Braiding funds for school mental health",
    type: "policy_brief",
    summary:
      "How districts combine education, health and community funds to pay for staff and services over time.",
    domains: ["funding"],
    tiers: [1, 2, 3],
    audiences: ["policymaker", "school_administrator"],
    year: 2025,
    es: {
      title: "Cómo combinar fondos para la salud mental escolar",
      summary:
        "Cómo los distritos combinan fondos de educación, salud y la comunidad para pagar personal y servicios a largo plazo.",
    },
  },
  {
    title: "Billing Medicaid for school-based services: a starter brief",
    type: "policy_brief",
    summary:
      "What a state and its districts need in place before schools can bill for eligible mental health services.",
    domains: ["funding"],
    tiers: [2, 3],
    audiences: ["policymaker", "school_administrator"],
    year: 2026,
  },
  {
    title: "Sustainability planning worksheet",
    type: "tool",
    summary: "Plan how each support will be staffed and paid for in three years' time, not only this one.",
    domains: ["funding", "teaming"],
    tiers: [1, 2, 3],
    audiences: ["school_administrator"],
    year: 2024,
  },
  {
    title: "Measuring impact: choosing outcomes that matter",
    type: "guide",
    summary:
      "Which student, school and system outcomes to track, how often, and how to report them back to the community.",
    domains: ["impact"],
    tiers: [1, 2, 3],
    audiences: ["researcher", "school_administrator"],
    year: 2025,
    es: {
      title: "Medir el impacto: elegir resultados que importan",
      summary:
        "Qué resultados de estudiantes, escuelas y sistemas seguir, cada cuánto y cómo informarlos a la comunidad.",
    },
  },
  {
    title: "Using the quality assessment to plan improvement",
    type: "webinar_recording",
    summary:
      "A recorded walk-through of reading a quality assessment report and turning its lowest domains into a plan.",
    domains: ["impact", "needs"],
    tiers: [1, 2, 3],
    audiences: ["school_administrator", "school_mh_professional"],
    year: 2026,
    url: "https://example.org/demo/webinars/quality-assessment",
  },
  {
    title: "Statewide school mental health coalitions: lessons from Maryland",
    type: "issue_brief",
    summary:
      "How a state coalition brought agencies, districts and families together, and what it would do differently.",
    domains: ["teaming", "funding"],
    tiers: [1, 2, 3],
    audiences: ["policymaker"],
    year: 2025,
    state: "MD",
  },
  {
    title: "Family partnership on the school mental health team",
    type: "training_material",
    summary:
      "A session for teams on welcoming family members as partners: roles, meeting habits and shared decisions.",
    domains: ["teaming"],
    tiers: [1, 2, 3],
    audiences: ["family_member", "school_mh_professional"],
    year: 2026,
    group: "families-in-partnership",
  },
  {
    title: "Education and systems of care: aligning the agencies",
    type: "policy_brief",
    summary:
      "How education, mental health and child welfare agencies can share planning and data at the state level.",
    domains: ["teaming", "funding"],
    tiers: [2, 3],
    audiences: ["policymaker"],
    year: 2024,
    group: "education-systems-of-care",
  },
  {
    title: "Pre-service training in school mental health: a syllabus outline",
    type: "training_material",
    summary: "A course outline for graduate programs preparing future school clinicians and educators.",
    domains: ["promotion", "intervention"],
    tiers: [1, 2, 3],
    audiences: ["researcher", "school_mh_professional"],
    year: 2025,
  },
];

/** The family group's members-only item, the one in review, and the one with two versions. */
const MEMBERS_ONLY_TITLE = "Family partner meeting notes template";
const IN_REVIEW_TITLE = "Screening data dashboard for school teams";
const TWO_VERSIONS_TITLE = "Universal mental health screening: an implementation guide";

export async function seedResourcesDemo(db: Db): Promise<void> {
  const [editor] = await queryRows<{ id: string }>(
    db,
    sql`select id from users where is_demo and system_role = 'admin' order by created_at limit 1`,
  );
  const [reviewer] = await queryRows<{ id: string }>(
    db,
    sql`select id from users where is_demo and system_role <> 'admin' order by created_at limit 1`,
  );
  if (!editor) return;
  const groups = new Map(
    (await queryRows<{ id: string; slug: string }>(db, sql`select id, slug from communities`)).map((c) => [
      c.slug,
      c.id,
    ]),
  );
  const licence = `CC BY 4.0 ${DEMO_LICENCE_MARK}`;
  const authors = ["SMH Commons demo team"];
  await db.transaction(async (tx) => {
    let day = 0;
    const publishedAt = () => new Date(Date.UTC(2026, 0, 10) + day++ * 6 * 86_400_000);
    const base = (r: DemoResource) => ({
      type: r.type,
      communityId: r.group ? (groups.get(r.group) ?? null) : null,
      status: "published" as const,
      authors,
      organisations: [r.group ? "National Community of Practice (demo)" : "SMH Commons (demo)"],
      licence,
      externalUrl: r.url ?? null,
      domainKeys: r.domains,
      tiers: r.tiers,
      audiences: r.audiences,
      stateCode: r.state ?? null,
      year: r.year,
      createdBy: editor.id,
      approvedBy: reviewer?.id ?? editor.id,
    });
    for (const r of RESOURCES) {
      const when = publishedAt();
      const [en] = await tx
        .insert(libraryResources)
        .values({
          ...base(r),
          slug: slugFrom(r.title),
          language: "en",
          title: r.title,
          summary: r.summary,
          publishedAt: when,
        })
        .returning();
      if (r.es)
        await tx.insert(libraryResources).values({
          ...base(r),
          slug: slugFrom(r.es.title),
          language: "es",
          title: r.es.title,
          summary: r.es.summary,
          translationGroupId: en!.translationGroupId,
          publishedAt: when,
        });
    }
    // Every published resource's first version, as it was published.
    await tx.execute(sql`insert into library_resource_versions (resource_id, number, change_note, snapshot, created_by)
      select id, 1, '', jsonb_build_object('title', title, 'summary', summary, 'body', body, 'authors', to_jsonb(authors),
        'organisations', to_jsonb(organisations), 'licence', licence, 'externalUrl', external_url, 'year', year,
        'publishedAt', published_at), created_by
      from library_resources where status = 'published'`);
    // The screening guide has a second version, saying what changed.
    const [guide] = await tx
      .update(libraryResources)
      .set({
        currentVersion: 2,
        year: 2026,
        summary: `${RESOURCES.find((r) => r.title === TWO_VERSIONS_TITLE)!.summary} Version 2 adds a section on screening in middle and high schools.`,
        publishedAt: new Date(Date.UTC(2026, 8, 1)),
      })
      .where(sql`slug = ${slugFrom(TWO_VERSIONS_TITLE)}`)
      .returning();
    await tx.insert(libraryResourceVersions).values({
      resourceId: guide!.id,
      number: 2,
      changeNote: "Added a section on screening in middle and high schools.",
      snapshot: {
        title: guide!.title,
        summary: guide!.summary,
        body: guide!.body,
        authors: guide!.authors,
        organisations: guide!.organisations,
        licence: guide!.licence,
        externalUrl: guide!.externalUrl,
        year: guide!.year,
        publishedAt: guide!.publishedAt!.toISOString(),
      },
      createdBy: editor.id,
    });
    // Members only: the family group's own template.
    await tx.insert(libraryResources).values({
      ...base({
        title: MEMBERS_ONLY_TITLE,
        type: "tool",
        summary: "",
        domains: ["teaming"],
        tiers: [1],
        audiences: ["family_member"],
        year: 2026,
        group: "families-in-partnership",
      }),
      communityOnly: groups.has("families-in-partnership"),
      communityId: groups.get("families-in-partnership") ?? null,
      slug: slugFrom(MEMBERS_ONLY_TITLE),
      language: "en",
      title: MEMBERS_ONLY_TITLE,
      summary: "The template family partners in this group use to take and share notes from team meetings.",
      publishedAt: publishedAt(),
    });
    // In review: written by the demo admin, waiting for a second national editor.
    const [inReview] = await tx
      .insert(libraryResources)
      .values({
        ...base({
          title: IN_REVIEW_TITLE,
          type: "tool",
          summary: "",
          domains: ["screening", "impact"],
          tiers: [1, 2],
          audiences: ["school_mh_professional", "school_administrator"],
          year: 2026,
        }),
        status: "in_review",
        approvedBy: null,
        submittedBy: editor.id,
        slug: slugFrom(IN_REVIEW_TITLE),
        language: "en",
        title: IN_REVIEW_TITLE,
        summary: "A spreadsheet dashboard that shows screening participation and follow-up by grade.",
      })
      .returning();
    await tx
      .insert(libraryResourceReviews)
      .values({ resourceId: inReview!.id, reviewerId: editor.id, decision: "submitted", comment: "" });
  });
}
