import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import type { Actor } from "../../../platform/policy";
import {
  type CreditTypeInput,
  createEvent,
  DEMO_PAST_CONFERENCE_SLUG,
  DEMO_STATE_WEBINAR_SLUG,
  DEMO_UPCOMING_CONFERENCE_SLUG,
  type EventInput,
  eventBySlug,
  organiserById,
  saveCreditType,
  setEventStatus,
  type TrackInput,
} from "./service";

/*
 * Demo events (every page of one says "Demo data"): the past national conference (2026, before
 * today), the upcoming one (2027, its call for proposals open — the calls capability opens it),
 * and a Maryland (demo state) webinar. Tracks are the 12 national practice groups for the
 * conferences; CE credit types for the professions the conference serves. Names, venues and
 * statements are made up for the demonstration; the formats and what a certificate needs come
 * from the domain facts. Other capabilities seed their rows onto these, found by slug.
 */

const PROVIDER = "National Center for School Mental Health (demo)";

const CONFERENCE_CREDIT: CreditTypeInput[] = [
  {
    profession: "psychologist",
    label: "CE credits for psychologists",
    providerName: PROVIDER,
    approvalStatement:
      "Demo statement: the provider is approved by the American Psychological Association to sponsor continuing education for psychologists and maintains responsibility for this program and its content.",
    retentionYears: 5,
  },
  {
    profession: "social_worker",
    label: "ACE continuing education credits",
    providerName: PROVIDER,
    approvalStatement:
      "Demo statement: this course is approved for social work continuing education credit through an ACE-approved provider; social workers should check their own jurisdiction's acceptance.",
    retentionYears: 6,
  },
  {
    profession: "counselor",
    label: "NBCC clock hours",
    providerName: PROVIDER,
    approvalStatement:
      "Demo statement: the provider has been approved by NBCC as an Approved Continuing Education Provider; programs that do not qualify for NBCC credit are clearly identified.",
    retentionYears: 6,
  },
  {
    profession: "educator",
    label: "Professional development hours",
    providerName: PROVIDER,
    approvalStatement:
      "Demo statement: educators receive a certificate of professional development hours for the sessions attended; acceptance is determined by each state's licensing office.",
    retentionYears: 5,
  },
];

interface DemoEvent {
  slug: string;
  organiser: "nation" | "MD";
  input: EventInput;
  tracks?: TrackInput[];
  credit: CreditTypeInput[];
}

const DEMO_EVENTS: DemoEvent[] = [
  {
    slug: DEMO_PAST_CONFERENCE_SLUG,
    organiser: "nation",
    input: {
      kind: "conference",
      titleEn: "2026 Annual Conference on Advancing School Mental Health",
      titleEs: "Conferencia Anual 2026 para el Avance de la Salud Mental Escolar",
      summaryEn:
        "Demo data. Three days of 60-minute sessions, 180-minute intensive trainings and a poster session, designed with the 12 national practice groups. Families, youth, educators, clinicians, researchers and policymakers from every state met to share what works across the three tiers of school mental health.",
      summaryEs:
        "Datos de demostración. Tres días de sesiones de 60 minutos, capacitaciones intensivas de 180 minutos y una sesión de carteles, diseñados con los 12 grupos de práctica nacionales. Familias, jóvenes, educadores, clínicos, investigadores y responsables de políticas de todos los estados se reunieron para compartir lo que funciona en los tres niveles de la salud mental escolar.",
      startsOn: "2026-10-21",
      endsOn: "2026-10-23",
      timeZone: "America/New_York",
      mode: "hybrid",
      venue: "Inner Harbor Convention Center (demo), Baltimore, Maryland",
      onlineUrl: "https://events.example.org/demo/annual-conference-2026",
      capacity: 2000,
      ceActivityTitle: "2026 Annual Conference on Advancing School Mental Health",
    },
    credit: CONFERENCE_CREDIT,
  },
  {
    slug: DEMO_UPCOMING_CONFERENCE_SLUG,
    organiser: "nation",
    input: {
      kind: "conference",
      titleEn: "2027 Annual Conference on Advancing School Mental Health",
      titleEs: "Conferencia Anual 2027 para el Avance de la Salud Mental Escolar",
      summaryEn:
        "Demo data. The call for proposals is open: presentations, workshops, panels, posters and lightning talks, reviewed blind by the practice groups. Credit is offered for the sessions attended and evaluated.",
      summaryEs:
        "Datos de demostración. La convocatoria de propuestas está abierta: presentaciones, talleres, paneles, carteles y charlas relámpago, revisados a ciegas por los grupos de práctica. Se otorgan créditos por las sesiones a las que se asista y que se evalúen.",
      startsOn: "2027-10-20",
      endsOn: "2027-10-22",
      timeZone: "America/Chicago",
      mode: "hybrid",
      venue: "Riverside Convention Center (demo), St. Louis, Missouri",
      onlineUrl: "https://events.example.org/demo/annual-conference-2027",
      capacity: 2200,
      ceActivityTitle: "2027 Annual Conference on Advancing School Mental Health",
    },
    credit: CONFERENCE_CREDIT,
  },
  {
    slug: DEMO_STATE_WEBINAR_SLUG,
    organiser: "MD",
    input: {
      kind: "webinar",
      titleEn: "Maryland webinar: universal screening in the first semester",
      titleEs: "Seminario web de Maryland: detección universal en el primer semestre",
      summaryEn:
        "Demo data. The state team and two district teams walk through planning, consent, follow-up within two weeks, and what to tell families.",
      summaryEs:
        "Datos de demostración. El equipo estatal y dos equipos de distrito explican la planificación, el consentimiento, el seguimiento en dos semanas y qué decir a las familias.",
      startsOn: "2027-02-10",
      endsOn: "2027-02-10",
      timeZone: "America/New_York",
      mode: "online",
      onlineUrl: "https://events.example.org/demo/maryland-screening-webinar",
      capacity: 500,
      ceActivityTitle: "Universal Screening in the First Semester (Maryland webinar)",
    },
    tracks: [{ nameEn: "Screening and early support", nameEs: "Detección y apoyo temprano" }],
    credit: [CONFERENCE_CREDIT[3]!],
  },
];

export async function seedSetupDemo(db: Db): Promise<void> {
  const [admin] = await queryRows<{ id: string }>(
    db,
    sql`select id from users where email = 'admin@demo.smhcommons.org'`,
  );
  const scopes = await queryRows<{ id: string; kind: string; code: string | null }>(
    db,
    sql`select id, kind, state_code as code from organisations
        where kind = 'nation' or (kind = 'state' and state_code = 'MD')`,
  );
  if (!admin) return;
  const actor: Actor = { userId: admin.id, systemRole: "admin", emailVerified: true, memberships: [] };
  for (const demo of DEMO_EVENTS) {
    if (await eventBySlug(db, demo.slug)) continue;
    const found = scopes.find((s) => (demo.organiser === "nation" ? s.kind === "nation" : s.code === "MD"));
    const scope = found ? await organiserById(db, found.id) : null;
    if (!scope) continue;
    await createEvent(
      db,
      actor,
      { id: scope.id, ancestorIds: scope.ancestorIds },
      { ...demo.input, slug: demo.slug },
      demo.tracks,
    );
    const event = (await eventBySlug(db, demo.slug))!;
    for (const credit of demo.credit) await saveCreditType(db, actor, event, credit);
    await setEventStatus(db, actor, event, "published");
  }
}
