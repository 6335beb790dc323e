import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { queueEmails } from "../../../platform/email";
import { translator } from "../../../platform/i18n";
import { enqueueJob, type JobHandler } from "../../../platform/jobs";
import type { Actor } from "../../../platform/policy";
import { type ConfirmedProposal, createSessionFromProposal } from "../program/service";
import { eventById } from "../setup/service";
import { callsCatalog } from "./messages";
import { weightedScore } from "./review";
import { type Decision, eventProposals, type PresenterResponse } from "./schema";
import { CallError, type CallRow, localeOf, objectivesOf, type Proposal, proposalById } from "./service";

// What organisers see of the reviews (scores per proposal), the decisions they stage, the batch
// that releases them to presenters, and the presenters' confirmation.

/** Reviews disagree when their weighted scores are this far apart (on the 1–5 scale) or more. */
export const DISAGREEMENT = 1.5;

export interface ScoreRow {
  id: string;
  title: string;
  format: string;
  trackId: string | null;
  trackName: string | null;
  status: string;
  assigned: number;
  done: number;
  mean: number | null;
  median: number | null;
  /** max − min of the reviews' weighted scores: the reviewers' disagreement. */
  spread: number | null;
  sd: number | null;
  decision: Decision | null;
  decisionNote: string;
  released: boolean;
  response: PresenterResponse | null;
}

export function summarise(scores: number[]) {
  if (scores.length === 0) return { mean: null, median: null, spread: null, sd: null };
  const sorted = [...scores].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const sd = Math.sqrt(sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / sorted.length);
  return { mean, median, spread: sorted[sorted.length - 1]! - sorted[0]!, sd };
}

export interface ScoreFilters {
  track?: string;
  format?: string;
  decision?: string;
  disagreement?: boolean;
  sort?: "mean" | "median" | "spread" | "title" | "done";
}

/** The organisers' table: every submitted proposal with its reviews summarised, filtered and sorted. */
export async function scoreboard(db: DbOrTx, call: CallRow, filters: ScoreFilters = {}): Promise<ScoreRow[]> {
  const proposals = await queryRows<{
    id: string;
    title: string;
    format: string;
    trackId: string | null;
    trackName: string | null;
    status: string;
    decision: Decision | null;
    decisionNote: string;
    released: boolean;
    response: PresenterResponse | null;
  }>(
    db,
    sql`select p.id, p.title, p.format, p.track_id as "trackId", t.name_en as "trackName", p.status, p.decision,
          p.decision_note as "decisionNote", (p.released_at is not null) as released, p.response
        from event_proposals p left join event_tracks t on t.id = p.track_id
        where p.event_id = ${call.eventId} and p.status = 'submitted'`,
  );
  const reviews = await queryRows<{
    proposalId: string;
    scores: Record<string, number> | null;
    submitted: boolean;
  }>(
    db,
    sql`select v.proposal_id as "proposalId", v.scores, (v.submitted_at is not null) as submitted
        from event_reviews v join event_proposals p on p.id = v.proposal_id
        where p.event_id = ${call.eventId} and p.status = 'submitted'`,
  );
  const byProposal = new Map<string, typeof reviews>();
  for (const r of reviews) byProposal.set(r.proposalId, [...(byProposal.get(r.proposalId) ?? []), r]);
  let rows: ScoreRow[] = proposals.map((p) => {
    const mine = byProposal.get(p.id) ?? [];
    const scores = mine
      .filter((r) => r.submitted)
      .map((r) => weightedScore(call.rubric, r.scores))
      .filter((s): s is number => s !== null);
    return {
      ...p,
      assigned: mine.length,
      done: mine.filter((r) => r.submitted).length,
      ...summarise(scores),
    };
  });
  if (filters.track) rows = rows.filter((r) => r.trackId === filters.track);
  if (filters.format) rows = rows.filter((r) => r.format === filters.format);
  if (filters.decision) rows = rows.filter((r) => (r.decision ?? "none") === filters.decision);
  if (filters.disagreement) rows = rows.filter((r) => (r.spread ?? 0) >= DISAGREEMENT);
  const sort = filters.sort ?? "mean";
  const num = (v: number | null) => v ?? -1;
  rows.sort((a, b) => {
    if (sort === "title") return a.title.localeCompare(b.title);
    if (sort === "done") return a.done - b.done || a.title.localeCompare(b.title);
    return num(b[sort]) - num(a[sort]) || a.title.localeCompare(b.title);
  });
  return rows;
}

const round = (v: number | null) => (v === null ? "" : v.toFixed(2));

export function scoreboardCsv(rows: ScoreRow[]): string {
  return stringify(
    rows.map((r) => [
      r.id,
      r.title,
      r.format,
      r.trackName ?? "",
      r.done,
      r.assigned,
      round(r.mean),
      round(r.median),
      round(r.spread),
      round(r.sd),
      r.decision ?? "",
      r.released ? "yes" : "no",
      r.response ?? "",
    ]),
    {
      header: true,
      columns: [
        "proposal_id",
        "title",
        "format",
        "track",
        "reviews_done",
        "reviews_assigned",
        "weighted_mean",
        "median",
        "spread",
        "standard_deviation",
        "decision",
        "released",
        "presenter_response",
      ],
    },
  );
}

/** The reviews of one proposal for its organisers: reviewers named, both comments. */
export async function reviewsForOrganisers(db: DbOrTx, call: CallRow, proposalId: string) {
  const rows = await queryRows<{
    reviewerId: string;
    name: string;
    scores: Record<string, number> | null;
    commentToOrganisers: string;
    commentToPresenters: string;
    submittedAt: Date | null;
  }>(
    db,
    sql`select v.reviewer_id as "reviewerId", u.name, v.scores, v.comment_to_organisers as "commentToOrganisers",
          v.comment_to_presenters as "commentToPresenters", v.submitted_at as "submittedAt"
        from event_reviews v join users u on u.id = v.reviewer_id
        where v.proposal_id = ${proposalId} order by u.name`,
  );
  return rows.map((r) => ({ ...r, score: weightedScore(call.rubric, r.scores) }));
}

/** Stages (or clears) a decision; nobody outside the organisers sees it until the batch release. */
export async function stageDecision(
  db: DbOrTx,
  actor: Actor,
  proposal: Proposal,
  decision: Decision | null,
  note: string,
) {
  if (proposal.status !== "submitted") throw new CallError("notSubmitted", "decision");
  if (proposal.releasedAt) throw new CallError("alreadyDecided", "decision");
  await db.transaction(async (tx) => {
    await tx
      .update(eventProposals)
      .set({ decision, decisionNote: note, decidedBy: actor.userId, updatedAt: new Date() })
      .where(eq(eventProposals.id, proposal.id));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "events.proposal.decide",
      entityType: "event_proposal",
      entityId: proposal.id,
      scopeId: null,
      before: { decision: proposal.decision, note: proposal.decisionNote },
      after: { decision, note },
    });
  });
}

/** How many staged decisions wait for release. */
export async function stagedCount(db: DbOrTx, eventId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(eventProposals)
    .where(
      and(
        eq(eventProposals.eventId, eventId),
        eq(eventProposals.status, "submitted"),
        isNotNull(eventProposals.decision),
        isNull(eventProposals.releasedAt),
      ),
    );
  return row?.n ?? 0;
}

export const RELEASE_JOB = "events.calls.release";

/** Asks the jobs worker to release every staged decision of the event in one batch. */
export async function requestRelease(db: DbOrTx, actor: Actor, eventId: string) {
  await db.transaction(async (tx) => {
    await enqueueJob(tx, RELEASE_JOB, { eventId, actorId: actor.userId });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "events.decisions.release",
      entityType: "event",
      entityId: eventId,
    });
  });
}

/**
 * Releases the staged decisions: each proposal is marked released and each of its presenters
 * emailed once, in their language, in the same transaction — a second run finds nothing left.
 */
export async function releaseDecisions(db: DbOrTx, eventId: string, actorId: string | null) {
  return db.transaction(async (tx) => {
    const due = await queryRows<{ id: string }>(
      tx,
      sql`select id from event_proposals where event_id = ${eventId} and status = 'submitted'
          and decision is not null and released_at is null for update`,
    );
    if (due.length === 0) return 0;
    const event = await eventById(tx, eventId);
    const now = new Date();
    for (const { id } of due) {
      const proposal = (await proposalById(tx, id))!;
      await tx.update(eventProposals).set({ releasedAt: now }).where(eq(eventProposals.id, id));
      const seen = new Set<string>();
      const messages = [];
      for (const p of proposal.presenters) {
        const email = p.email.toLowerCase();
        if (seen.has(email)) continue;
        seen.add(email);
        const locale = await localeOf(tx, p.userId, proposal.language);
        const t = translator(callsCatalog, locale);
        const eventTitle = (locale === "es" ? event?.titleEs : null) ?? event?.titleEn ?? "";
        messages.push({
          to: p.email,
          subject: t(`emailDecisionSubject_${proposal.decision!}`, { event: eventTitle }),
          text: t(`emailDecisionBody_${proposal.decision!}`, {
            title: proposal.title,
            event: eventTitle,
            note: proposal.decisionNote,
            id,
          }),
        });
      }
      await queueEmails(tx, messages);
      await recordAudit(tx, {
        actorId,
        action: "events.proposal.release",
        entityType: "event_proposal",
        entityId: id,
        after: { decision: proposal.decision, emailed: messages.length },
      });
    }
    return due.length;
  });
}

export const callsJobs: Record<string, JobHandler> = {
  [RELEASE_JOB]: async (payload, { db }) => {
    const { eventId, actorId } = payload as { eventId: string; actorId: string | null };
    await releaseDecisions(db, eventId, actorId);
  },
};

/**
 * An accepted presenter confirms (the proposal becomes a session of the program) or declines.
 * Either is final; a confirmation twice makes one session.
 */
export async function respondToDecision(
  db: Db | DbOrTx,
  actor: Actor,
  proposal: Proposal,
  response: PresenterResponse,
) {
  if (!proposal.releasedAt || proposal.decision !== "accept") throw new CallError("notAccepted");
  if (proposal.response) throw new CallError("alreadyResponded");
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(eventProposals)
      .set({ response, respondedAt: new Date() })
      .where(and(eq(eventProposals.id, proposal.id), isNull(eventProposals.response)))
      .returning();
    if (updated.length === 0) throw new CallError("alreadyResponded");
    let sessionId: string | null = null;
    if (response === "confirmed") {
      sessionId = (await createSessionFromProposal(tx, actor.userId, confirmedProposal(proposal))).id;
      await tx.update(eventProposals).set({ sessionId }).where(eq(eventProposals.id, proposal.id));
    }
    await recordAudit(tx, {
      actorId: actor.userId,
      action: `events.proposal.${response}`,
      entityType: "event_proposal",
      entityId: proposal.id,
      after: { response, sessionId },
    });
    return sessionId;
  });
}

/** The proposal as the program needs it to make its session (program's rules apply there). */
const confirmedProposal = (proposal: Proposal): ConfirmedProposal => ({
  id: proposal.id,
  eventId: proposal.eventId,
  title: proposal.title,
  abstract: proposal.abstract,
  learningObjectives: objectivesOf(proposal.learningObjectives),
  format: proposal.format,
  language: proposal.language,
  trackId: proposal.trackId,
  presenters: proposal.presenters.map(({ name, organisation, email, userId }) => ({
    name,
    organisation,
    email,
    userId,
  })),
});
