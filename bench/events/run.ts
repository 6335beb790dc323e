import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../../src/app";
import { loadConfig } from "../../src/config";
import { getNation } from "../../src/domains/directory/service";
import { generateCalls } from "../../src/domains/events/calls/generate";
import { generateEvaluations } from "../../src/domains/events/credit/generate";
import { generateProgram } from "../../src/domains/events/program/generate";
import { generateRegistrations } from "../../src/domains/events/registration/generate";
import { createEvent } from "../../src/domains/events/setup/service";
import { type Db, queryRows } from "../../src/platform/db/client";
import type { Actor } from "../../src/platform/policy";
import { buildUser } from "../../src/seed/factories";
import { beginSuite, recordSection, table } from "../report";
import { freshDatabase, startBenchApp, stopServer } from "../support";
import { CERTIFICATES_TARGET_SECONDS, issueCertificatesCase } from "./credit";
import { PROGRAM_TARGET_MS, programPageCase, programUrls } from "./program";
import { checkInCases, type RegistrationBenchContext, waitlistCase } from "./registration";

/*
 * The events suite (issue 13) on PostgreSQL: a national conference of 5,000 attendees, 300
 * sessions, 1,200 proposals and 200 reviewers, made by each capability's own generator
 * (src/domains/events/<capability>/generate.ts), the app started on it, and the issue's figures:
 * the program page (p95 ≤ 20 ms), check-in of one attendee while 50 clients check in at once
 * (p95 ≤ 15 ms, no double and no lost check-in), all 5,000 certificates by the jobs worker
 * (≤ 60 s) and the waitlist under 200 concurrent registrations for the last 10 places (no
 * overbooking). BENCH_EVENTS_QUICK=1 runs it at a tenth of the size to check the suite.
 */
const APP_PORT = 41_734;
const SESSION_SECRET = "bench-only-secret-0123456789abcdef0123456789";
const TRACKS = [
  "Screening and assessment",
  "Tier 1: wellness for all",
  "Tier 2 and 3 services",
  "Family and youth partnership",
  "Funding and sustainability",
  "Data and quality improvement",
  "Workforce",
  "Equity and justice",
  "Crisis and safety",
  "Policy",
  "Rural schools",
  "Early childhood",
];

interface Row {
  what: string;
  size: string;
  p50: string;
  p95: string;
  target: string;
  verdict: string;
}

interface Conference {
  eventId: string;
  slug: string;
  organiserId: string;
  days: string[];
  note: string;
}

/** The conference, each part by its capability's generator; the time each took is in the note. */
async function makeConference(db: Db, quick: boolean): Promise<Conference> {
  const scale = quick ? 10 : 1;
  const nation = (await getNation(db))!;
  const admin = await buildUser(db, { name: "Bench organiser", systemRole: "admin" });
  const actor: Actor = { userId: admin.id, systemRole: "admin", emailVerified: true, memberships: [] };
  const t0 = performance.now();
  const event = await createEvent(
    db,
    actor,
    { id: nation.id, ancestorIds: nation.ancestorIds },
    {
      slug: "bench-annual-conference",
      kind: "conference",
      titleEn: "Bench annual conference on school mental health",
      startsOn: "2027-10-12",
      endsOn: "2027-10-14",
      timeZone: "America/Chicago",
      mode: "in_person",
      venue: "Convention center",
    } as never,
    TRACKS.map((nameEn) => ({ nameEn })),
  );
  await db.execute(sql`update events set status = 'published' where id = ${event.id}`);
  await db.execute(sql`
    insert into event_credit_types (event_id, profession, label, provider_name, approval_statement)
    values (${event.id}, 'psychologist', 'CE credits (psychologists)', 'Bench CE provider',
            'The provider is approved to sponsor continuing education; it maintains responsibility for the program.')`);
  const calls = await generateCalls(db, {
    eventId: event.id,
    proposals: 1200 / scale,
    reviewers: 200 / scale,
  });
  const program = await generateProgram(db, {
    eventId: event.id,
    startsOn: "2027-10-12",
    days: 3,
    timeZone: "America/Chicago",
    sessions: 300 / scale,
  });
  await generateRegistrations(db, { eventId: event.id, attendees: 5000 / scale, tag: "bench" });
  await generateEvaluations(db, event.id);
  await db.execute(sql`analyze`);
  const seconds = (performance.now() - t0) / 1000;
  const [counts] = await queryRows<{ attendance: number; responses: number }>(
    db,
    sql`select (select count(*)::int from event_session_attendance) as attendance,
               (select count(*)::int from event_evaluation_responses) as responses`,
  );
  return {
    eventId: event.id,
    slug: event.slug,
    organiserId: nation.id,
    days: program.days,
    note: `${(5000 / scale).toLocaleString("en-US")} registered attendees, ${program.sessionIds.length} sessions in 12 rooms over ${program.days.length} days, ${(1200 / scale).toLocaleString("en-US")} proposals, ${calls.reviewerIds.length} reviewers (3 reviews a proposal), ${counts!.attendance.toLocaleString("en-US")} session attendances and ${counts!.responses.toLocaleString("en-US")} anonymous evaluations, made in ${seconds.toFixed(1)} s by the capabilities' generators`,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Attendees whose certificate the rule unlocks: registered, a credit type claimed, a counted session attended. */
async function unlockedCertificates(db: Db, eventId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from event_registrations r
        where r.event_id = ${eventId} and r.status = 'registered'
          and exists (select 1 from event_credit_claims c where c.registration_id = r.id)
          and exists (select 1 from event_session_attendance a join event_sessions s on s.id = a.session_id
                      where a.registration_id = r.id and s.counts_for_credit)`,
  );
  return row!.n;
}

export async function runEventsBench(options: { postgresUrl: string }) {
  const suiteStart = beginSuite();
  const quick = process.env.BENCH_EVENTS_QUICK === "1";
  const requests = Number(process.env.BENCH_REQUESTS ?? (quick ? 100 : 400));
  const clients = Number(process.env.BENCH_EVENTS_CLIENTS ?? 4);
  const databaseUrl = await freshDatabase(options.postgresUrl, "smh_events_bench");
  const dir = mkdtempSync(join(tmpdir(), "smh-events-"));
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: dir, SEED_DEMO: "false", SESSION_SECRET };
  const database = await prepareDatabase(loadConfig({ ...env, LOG_LEVEL: "silent" }));
  const { db } = database;
  let child: Awaited<ReturnType<typeof startBenchApp>>["child"] | undefined;
  try {
    const conference = await makeConference(db, quick);
    console.log(`  ${conference.note}`);
    const app = await startBenchApp(env, APP_PORT);
    child = app.child;
    const base = `http://127.0.0.1:${APP_PORT}`;
    const rows: Row[] = [];
    const loads: number[] = [];
    const record = (row: Row) => {
      console.log(`  ${row.what}: p50 ${row.p50}, p95 ${row.p95} ${row.verdict}`);
      rows.push(row);
    };

    loads.push(loadavg()[0]!);
    const urls = await programUrls(db, conference.eventId, conference.slug, conference.days);
    for (const figure of await programPageCase(base, urls, requests, clients))
      record({
        what: figure.what,
        size: figure.load,
        p50: ms(figure.p50),
        p95: ms(figure.p95),
        target: figure.targeted === false ? "— (shown beside the target)" : `p95 ≤ ${PROGRAM_TARGET_MS} ms`,
        verdict: figure.targeted === false ? "—" : figure.p95 <= PROGRAM_TARGET_MS ? "met" : "NOT met",
      });

    loads.push(loadavg()[0]!);
    const registration: RegistrationBenchContext = {
      db,
      databaseUrl,
      baseUrl: base,
      sessionSecret: SESSION_SECRET,
      eventId: conference.eventId,
      eventSlug: conference.slug,
      organiserId: conference.organiserId,
      quick,
    };
    for (const row of await checkInCases(registration)) record(row);

    // Certificates before the waitlist case, whose newcomers attended nothing.
    loads.push(loadavg()[0]!);
    const expected = await unlockedCertificates(db, conference.eventId);
    const issued = await issueCertificatesCase(db, conference.eventId);
    record({
      what: "All certificates issued by the jobs worker (one job: certificates, audit rows, emails queued)",
      size: `${issued.certificates.toLocaleString("en-US")} certificates for the ${expected.toLocaleString("en-US")} attendees who attended a session counted for credit and evaluated, ${issued.emails.toLocaleString("en-US")} emails queued`,
      p50: "—",
      p95: `${issued.seconds.toFixed(1)} s in all`,
      target: `≤ ${CERTIFICATES_TARGET_SECONDS} s`,
      verdict:
        issued.certificates === expected && issued.seconds <= CERTIFICATES_TARGET_SECONDS ? "met" : "NOT met",
    });

    loads.push(loadavg()[0]!);
    record(await waitlistCase(registration));

    const md = `Data: ${conference.note}. App on PostgreSQL (\`JOBS_WORKER=false\`, \`LOG_LEVEL=warn\`, load shedding off); page figures by keep-alive \`node:http\` clients asking for br/gzip as a browser does: each URL's first visit (the page built from the database) one at a time, then visits after it one at a time, then by concurrent clients.${quick ? " **Quick run (BENCH_EVENTS_QUICK=1): a check of the suite at a tenth of the issue's scale.**" : ""} 1-minute load average during the cases: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (2 cores shared).

${table(
  ["what", "size and load", "p50", "p95", "target", ""],
  rows.map((r) => [r.what, r.size, r.p50, r.p95, r.target, r.verdict]),
)}`;
    console.log(md);
    recordSection("events", md, suiteStart);
  } finally {
    if (child) await stopServer(child);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
