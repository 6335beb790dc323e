import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { queueEmails } from "../../../platform/email";
import type { Actor } from "../../../platform/policy";
import { eventTracksOf } from "../setup/service";
import { callsCatalog } from "./messages";
import { translator, type Locale, isLocale } from "../../../platform/i18n";
import {
  type AudienceLevel,
  eventCalls,
  eventProposalPresenters,
  eventProposals,
  MAX_PRESENTERS,
  type ProposalFormat,
  type RubricCriterion,
} from "./schema";

// The call for proposals and the proposals sent to it. Everything a presenter does goes
// through here; reviewing and decisions are in review.ts and decisions.ts.

export type CallRow = typeof eventCalls.$inferSelect;
export type ProposalRow = typeof eventProposals.$inferSelect;
export type PresenterRow = typeof eventProposalPresenters.$inferSelect;
export type Proposal = ProposalRow & { presenters: PresenterRow[] };

export { assignReviewers } from "./assignment";
export {
  AUDIENCE_LEVELS,
  DECISIONS,
  MAX_PRESENTERS,
  PROPOSAL_FORMATS,
  type Decision,
  type ProposalFormat,
  type RubricCriterion,
} from "./schema";

/** Raised for what the person can fix (a closed call, a missing field); `field` names the form field. */
export class CallError extends Error {
  constructor(
    readonly code: keyof (typeof callsCatalog)["en"],
    readonly field?: string,
  ) {
    super(code);
  }
}

export const DEFAULT_RUBRIC: RubricCriterion[] = [
  {
    key: "relevance",
    nameEn: "Relevance to school mental health",
    nameEs: "Pertinencia para la salud mental escolar",
    weight: 3,
  },
  { key: "evidence", nameEn: "Evidence base", nameEs: "Base de evidencia", weight: 3 },
  { key: "practical", nameEn: "Practical value", nameEs: "Valor práctico", weight: 2 },
  { key: "equity", nameEn: "Equity and inclusion", nameEs: "Equidad e inclusión", weight: 2 },
  { key: "clarity", nameEn: "Clarity", nameEs: "Claridad", weight: 1 },
];

// --- The call --------------------------------------------------------------------------------

export async function callOf(db: DbOrTx, eventId: string): Promise<CallRow | null> {
  const [row] = await db.select().from(eventCalls).where(eq(eventCalls.eventId, eventId));
  return row ?? null;
}

export const callIsOpen = (call: Pick<CallRow, "deadline">, now = new Date()) => now < call.deadline;

export interface CallInput {
  formats: ProposalFormat[];
  deadline: Date;
  guidanceEn: string;
  guidanceEs: string | null;
  rubric: RubricCriterion[];
  reviewsPerProposal: number;
}

/** Opens the event's call, or changes it (the rubric stays editable while reviews come in). */
export async function saveCall(db: DbOrTx, eventId: string, input: CallInput): Promise<CallRow> {
  const values = { ...input, updatedAt: new Date() };
  const [row] = await db
    .insert(eventCalls)
    .values({ eventId, ...values })
    .onConflictDoUpdate({ target: eventCalls.eventId, set: values })
    .returning();
  return row!;
}

/**
 * Reads a rubric written one criterion per line — "English name | Spanish name | weight" — the
 * way organisers edit it in a plain text box. Keys are kept by position so reviews stay attached.
 */
export function parseRubric(text: string, previous: RubricCriterion[] = []): RubricCriterion[] | null {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0 || lines.length > 12) return null;
  const rubric: RubricCriterion[] = [];
  for (const [i, line] of lines.entries()) {
    const parts = line.split("|").map((p) => p.trim());
    const weight = Number(parts[parts.length - 1]);
    if (parts.length < 2 || !Number.isInteger(weight) || weight < 1 || weight > 10) return null;
    const nameEn = parts[0]!;
    const nameEs = parts.length >= 3 ? parts[1]! || nameEn : nameEn;
    if (!nameEn || nameEn.length > 120 || nameEs.length > 120) return null;
    rubric.push({ key: previous[i]?.key ?? `c${i + 1}`, nameEn, nameEs, weight });
  }
  return rubric;
}

export const rubricText = (rubric: RubricCriterion[]) =>
  rubric.map((c) => `${c.nameEn} | ${c.nameEs} | ${c.weight}`).join("\n");

export const criterionName = (c: RubricCriterion, locale: Locale) => (locale === "es" ? c.nameEs : c.nameEn);

// --- Proposals --------------------------------------------------------------------------------

export interface PresenterInput {
  name: string;
  organisation: string;
  email: string;
  bio: string;
}

export interface ProposalInput {
  title: string;
  abstract: string;
  learningObjectives: string;
  audienceLevel: AudienceLevel;
  trackId: string | null;
  format: ProposalFormat;
  accessibilityNeeds: string;
  language: "en" | "es";
  presenters: PresenterInput[];
}

/** The objectives, one per line; 1 to 5 are required for CE credit. */
export const objectivesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*[-*•\d.)]+\s*/, "").trim())
    .filter(Boolean);

/** What the schema cannot check: the call's own formats and tracks, the objectives, the submitter. */
async function checkProposal(db: DbOrTx, actor: Actor, call: CallRow, input: ProposalInput) {
  if (!call.formats.includes(input.format)) throw new CallError("formatNotOffered", "format");
  const objectives = objectivesOf(input.learningObjectives).length;
  if (objectives < 1 || objectives > 5) throw new CallError("objectivesCount", "learningObjectives");
  if (input.trackId) {
    const tracks = await eventTracksOf(db, call.eventId);
    if (!tracks.some((t) => t.id === input.trackId)) throw new CallError("trackUnknown", "trackId");
  }
  if (input.presenters.length < 1 || input.presenters.length > MAX_PRESENTERS)
    throw new CallError("presentersCount", "presenters");
  const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  const mine = me?.email.toLowerCase();
  if (!input.presenters.some((p) => p.email.toLowerCase() === mine))
    throw new CallError("submitterPresents", "presenters");
  const emails = new Set(input.presenters.map((p) => p.email.toLowerCase()));
  if (emails.size !== input.presenters.length) throw new CallError("presenterTwice", "presenters");
}

/** The presenters' rows, each linked to the account with their email when there is one. */
async function writePresenters(db: DbOrTx, proposalId: string, presenters: PresenterInput[]) {
  const emails = presenters.map((p) => p.email.toLowerCase());
  const accounts = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(sql`lower(${users.email})`, emails));
  const byEmail = new Map(accounts.map((a) => [a.email.toLowerCase(), a.id]));
  await db.delete(eventProposalPresenters).where(eq(eventProposalPresenters.proposalId, proposalId));
  await db.insert(eventProposalPresenters).values(
    presenters.map((p, position) => ({
      proposalId,
      position,
      userId: byEmail.get(p.email.toLowerCase()) ?? null,
      name: p.name,
      organisation: p.organisation,
      email: p.email,
      bio: p.bio,
    })),
  );
}

const proposalColumns = (input: ProposalInput) => ({
  title: input.title,
  abstract: input.abstract,
  learningObjectives: objectivesOf(input.learningObjectives).join("\n"),
  audienceLevel: input.audienceLevel,
  trackId: input.trackId,
  format: input.format,
  accessibilityNeeds: input.accessibilityNeeds,
  language: input.language,
});

/** Saves a new proposal as a draft, or submits it at once; refused once the deadline has passed. */
export async function createProposal(
  db: DbOrTx,
  actor: Actor,
  call: CallRow,
  input: ProposalInput,
  submit: boolean,
  now = new Date(),
): Promise<Proposal> {
  if (!callIsOpen(call, now)) throw new CallError("callClosed");
  await checkProposal(db, actor, call, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(eventProposals)
      .values({
        eventId: call.eventId,
        submittedBy: actor.userId,
        ...proposalColumns(input),
        status: submit ? "submitted" : "draft",
        submittedAt: submit ? now : null,
      })
      .returning();
    await writePresenters(tx, row!.id, input.presenters);
    const proposal = (await proposalById(tx, row!.id))!;
    if (submit) await emailSubmitted(tx, proposal);
    return proposal;
  });
}

/** Changes a draft or a submitted proposal until the deadline; `submit` sends a draft in. */
export async function updateProposal(
  db: DbOrTx,
  actor: Actor,
  call: CallRow,
  proposal: Proposal,
  input: ProposalInput,
  submit: boolean,
  now = new Date(),
): Promise<Proposal> {
  if (!callIsOpen(call, now)) throw new CallError("callClosed");
  if (proposal.status === "withdrawn") throw new CallError("withdrawn");
  await checkProposal(db, actor, call, input);
  const sending = submit && proposal.status === "draft";
  return db.transaction(async (tx) => {
    await tx
      .update(eventProposals)
      .set({
        ...proposalColumns(input),
        updatedAt: now,
        ...(sending ? { status: "submitted" as const, submittedAt: now } : {}),
      })
      .where(eq(eventProposals.id, proposal.id));
    await writePresenters(tx, proposal.id, input.presenters);
    const updated = (await proposalById(tx, proposal.id))!;
    if (sending) await emailSubmitted(tx, updated);
    return updated;
  });
}

/** Sends a saved draft in as it is. */
export async function submitProposal(db: DbOrTx, call: CallRow, proposal: Proposal, now = new Date()) {
  if (!callIsOpen(call, now)) throw new CallError("callClosed");
  if (proposal.status !== "draft")
    throw new CallError(proposal.status === "withdrawn" ? "withdrawn" : "alreadySubmitted");
  if (objectivesOf(proposal.learningObjectives).length < 1) throw new CallError("objectivesCount");
  await db.transaction(async (tx) => {
    await tx
      .update(eventProposals)
      .set({ status: "submitted", submittedAt: now, updatedAt: now })
      .where(eq(eventProposals.id, proposal.id));
    await emailSubmitted(tx, { ...proposal, status: "submitted" });
  });
}

/** Withdraws a proposal (any time before a decision is released); its reviews stop counting. */
export async function withdrawProposal(db: DbOrTx, proposal: Proposal, now = new Date()) {
  if (proposal.status === "withdrawn") throw new CallError("withdrawn");
  if (proposal.releasedAt) throw new CallError("alreadyDecided");
  await db
    .update(eventProposals)
    .set({ status: "withdrawn", updatedAt: now })
    .where(eq(eventProposals.id, proposal.id));
}

export async function proposalById(db: DbOrTx, id: string): Promise<Proposal | null> {
  const [row] = await db.select().from(eventProposals).where(eq(eventProposals.id, id));
  if (!row) return null;
  const presenters = await db
    .select()
    .from(eventProposalPresenters)
    .where(eq(eventProposalPresenters.proposalId, id))
    .orderBy(asc(eventProposalPresenters.position));
  return { ...row, presenters };
}

/** Whether the person submitted the proposal or presents on it with their account. */
export const ownsProposal = (proposal: Proposal, userId: string) =>
  proposal.submittedBy === userId || proposal.presenters.some((p) => p.userId === userId);

export interface MyProposal {
  id: string;
  title: string;
  status: ProposalRow["status"];
  eventSlug: string;
  eventTitleEn: string;
  eventTitleEs: string | null;
  /** The decision, only once released. */
  decision: ProposalRow["decision"];
  response: ProposalRow["response"];
  updatedAt: Date;
}

/** The proposals a person submitted or presents on, newest first; decisions only once released. */
export async function myProposals(db: DbOrTx, userId: string): Promise<MyProposal[]> {
  const rows = await queryRows<{
    id: string;
    title: string;
    status: ProposalRow["status"];
    event_slug: string;
    title_en: string;
    title_es: string | null;
    decision: ProposalRow["decision"];
    released_at: Date | null;
    response: ProposalRow["response"];
    updated_at: Date;
  }>(
    db,
    sql`
    select p.id, p.title, p.status, e.slug as event_slug, e.title_en, e.title_es, p.decision,
           p.released_at, p.response, p.updated_at
    from event_proposals p join events e on e.id = p.event_id
    where p.submitted_by = ${userId}
       or exists (select 1 from event_proposal_presenters pp where pp.proposal_id = p.id and pp.user_id = ${userId})
    order by p.updated_at desc limit 200`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    eventSlug: r.event_slug,
    eventTitleEn: r.title_en,
    eventTitleEs: r.title_es,
    decision: r.released_at ? r.decision : null,
    response: r.response,
    updatedAt: new Date(r.updated_at),
  }));
}

/** The proposal as its presenters see it: the decision and note only once released. */
export function presenterView(proposal: Proposal) {
  const released = !!proposal.releasedAt;
  return {
    id: proposal.id,
    eventId: proposal.eventId,
    status: proposal.status,
    title: proposal.title,
    abstract: proposal.abstract,
    learningObjectives: objectivesOf(proposal.learningObjectives),
    audienceLevel: proposal.audienceLevel,
    trackId: proposal.trackId,
    format: proposal.format,
    accessibilityNeeds: proposal.accessibilityNeeds,
    language: proposal.language,
    submittedAt: proposal.submittedAt?.toISOString() ?? null,
    decision: released ? proposal.decision : null,
    decisionNote: released ? proposal.decisionNote : "",
    response: proposal.response,
    presenters: proposal.presenters.map((p) => ({
      name: p.name,
      organisation: p.organisation,
      email: p.email,
      bio: p.bio,
    })),
  };
}

/** The person's language for email: their account's, else the proposal's. */
export async function localeOf(db: DbOrTx, userId: string | null, fallback: string): Promise<Locale> {
  if (userId) {
    const [u] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
    if (u && isLocale(u.locale)) return u.locale;
  }
  return isLocale(fallback) ? fallback : "en";
}

async function emailSubmitted(db: DbOrTx, proposal: Proposal) {
  const [submitter] = await db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(eq(users.id, proposal.submittedBy));
  if (!submitter) return;
  const t = translator(callsCatalog, isLocale(submitter.locale) ? submitter.locale : "en");
  await queueEmails(db, [
    {
      to: submitter.email,
      subject: t("emailSubmittedSubject", { title: proposal.title }),
      text: t("emailSubmittedBody", { title: proposal.title, id: proposal.id }),
    },
  ]);
}

/** Newest drafts and proposals of an event (organisers' lists use decisions.ts). */
export async function proposalCount(db: DbOrTx, eventId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(eventProposals)
    .where(and(eq(eventProposals.eventId, eventId), eq(eventProposals.status, "submitted")));
  return row?.n ?? 0;
}
