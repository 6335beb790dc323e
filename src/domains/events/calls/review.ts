import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import { recordAudit } from "../../../platform/audit";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { queueEmails } from "../../../platform/email";
import { isLocale, translator } from "../../../platform/i18n";
import type { Actor } from "../../../platform/policy";
import { eligibility, assignReviewers } from "./assignment";
import { callsCatalog } from "./messages";
import {
  eventProposals,
  eventReviewConflicts,
  eventReviewers,
  eventReviews,
  type RubricCriterion,
} from "./schema";
import { CallError, type CallRow, objectivesOf, type Proposal } from "./service";

// Reviewers, their declarations, the assignment of proposals to them, and the blind review.

export type ReviewRow = typeof eventReviews.$inferSelect;

// --- Reviewers ---------------------------------------------------------------------------------

/** Adds a reviewer by the email of their account, and tells them by email. */
export async function inviteReviewer(
  db: DbOrTx,
  actor: Actor,
  eventId: string,
  email: string,
  eventTitle: string,
) {
  const [user] = await db
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()} and ${users.disabledAt} is null`);
  if (!user) throw new CallError("noAccount", "email");
  await db.transaction(async (tx) => {
    const added = await tx
      .insert(eventReviewers)
      .values({ eventId, userId: user.id, invitedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (added.length === 0) return;
    const t = translator(callsCatalog, isLocale(user.locale) ? user.locale : "en");
    await queueEmails(tx, [
      {
        to: user.email,
        subject: t("emailReviewerSubject", { event: eventTitle }),
        text: t("emailReviewerBody", { event: eventTitle }),
      },
    ]);
  });
  return user.id;
}

/** Takes a reviewer off the event; their reviews not yet submitted go with them. */
export async function removeReviewer(db: DbOrTx, eventId: string, userId: string) {
  await db.transaction(async (tx) => {
    await tx
      .delete(eventReviewers)
      .where(and(eq(eventReviewers.eventId, eventId), eq(eventReviewers.userId, userId)));
    await tx
      .delete(eventReviews)
      .where(
        and(
          eq(eventReviews.reviewerId, userId),
          isNull(eventReviews.submittedAt),
          inArray(
            eventReviews.proposalId,
            tx
              .select({ id: eventProposals.id })
              .from(eventProposals)
              .where(eq(eventProposals.eventId, eventId)),
          ),
        ),
      );
  });
}

export interface ReviewerSummary {
  userId: string;
  name: string;
  email: string;
  organisation: string;
  assigned: number;
  done: number;
}

export async function reviewersOf(db: DbOrTx, eventId: string): Promise<ReviewerSummary[]> {
  return queryRows<ReviewerSummary>(
    db,
    sql`select r.user_id as "userId", u.name, u.email, r.organisation,
          count(v.proposal_id)::int as assigned, count(v.submitted_at)::int as done
        from event_reviewers r join users u on u.id = r.user_id
        left join event_proposals p on p.event_id = r.event_id and p.status = 'submitted'
        left join event_reviews v on v.proposal_id = p.id and v.reviewer_id = r.user_id
        where r.event_id = ${eventId}
        group by r.user_id, u.name, u.email, r.organisation
        order by u.name`,
  );
}

export async function reviewerOn(db: DbOrTx, eventId: string, userId: string) {
  const [row] = await db
    .select()
    .from(eventReviewers)
    .where(and(eq(eventReviewers.eventId, eventId), eq(eventReviewers.userId, userId)));
  return row ?? null;
}

/** The submitted proposals of an event as a reviewer may list them to declare conflicts: titles only. */
export async function blindList(db: DbOrTx, eventId: string, userId: string) {
  return queryRows<{ id: string; title: string; format: string; conflict: boolean }>(
    db,
    sql`select p.id, p.title, p.format,
          exists (select 1 from event_review_conflicts c where c.proposal_id = p.id and c.user_id = ${userId}) as conflict
        from event_proposals p where p.event_id = ${eventId} and p.status = 'submitted'
        order by p.title, p.id`,
  );
}

/**
 * A reviewer's own organisation and conflicts for one event. Assignments not yet reviewed that
 * the new conflicts rule out are dropped at once.
 */
export async function saveDeclaration(
  db: DbOrTx,
  eventId: string,
  userId: string,
  organisation: string,
  conflictIds: string[],
) {
  await db.transaction(async (tx) => {
    await tx
      .update(eventReviewers)
      .set({ organisation })
      .where(and(eq(eventReviewers.eventId, eventId), eq(eventReviewers.userId, userId)));
    const ofEvent = tx
      .select({ id: eventProposals.id })
      .from(eventProposals)
      .where(eq(eventProposals.eventId, eventId));
    await tx
      .delete(eventReviewConflicts)
      .where(and(eq(eventReviewConflicts.userId, userId), inArray(eventReviewConflicts.proposalId, ofEvent)));
    const valid = conflictIds.length
      ? await tx
          .select({ id: eventProposals.id })
          .from(eventProposals)
          .where(and(eq(eventProposals.eventId, eventId), inArray(eventProposals.id, conflictIds)))
      : [];
    if (valid.length === 0) return;
    await tx.insert(eventReviewConflicts).values(valid.map((p) => ({ proposalId: p.id, userId })));
    await tx.delete(eventReviews).where(
      and(
        eq(eventReviews.reviewerId, userId),
        isNull(eventReviews.submittedAt),
        inArray(
          eventReviews.proposalId,
          valid.map((p) => p.id),
        ),
      ),
    );
  });
}

// --- Assignment ----------------------------------------------------------------------------------

async function assignmentInput(db: DbOrTx, eventId: string) {
  const presenters = await queryRows<{ proposalId: string; email: string; organisation: string }>(
    db,
    sql`select pp.proposal_id as "proposalId", lower(pp.email) as email, pp.organisation
        from event_proposal_presenters pp join event_proposals p on p.id = pp.proposal_id
        where p.event_id = ${eventId} and p.status = 'submitted'`,
  );
  const byProposal = new Map<string, { key: string; organisation: string }[]>();
  for (const p of presenters) {
    const list = byProposal.get(p.proposalId) ?? [];
    list.push({ key: p.email, organisation: p.organisation });
    byProposal.set(p.proposalId, list);
  }
  const reviewers = await queryRows<{ id: string; key: string; organisation: string }>(
    db,
    sql`select r.user_id as id, lower(u.email) as key, r.organisation
        from event_reviewers r join users u on u.id = r.user_id where r.event_id = ${eventId}`,
  );
  const pairs = (rows: { r: string; p: string }[]) => rows.map((x) => [x.r, x.p] as [string, string]);
  const conflicts = pairs(
    await queryRows(
      db,
      sql`select c.user_id as r, c.proposal_id as p from event_review_conflicts c
          join event_proposals p on p.id = c.proposal_id where p.event_id = ${eventId}`,
    ),
  );
  const existing = pairs(
    await queryRows(
      db,
      sql`select v.reviewer_id as r, v.proposal_id as p from event_reviews v
          join event_proposals p on p.id = v.proposal_id where p.event_id = ${eventId} and p.status = 'submitted'`,
    ),
  );
  const proposals = [...byProposal].map(([id, list]) => ({ id, presenters: list }));
  return { proposals, reviewers, conflicts, existing };
}

/** Assigns every submitted proposal up to `perProposal` reviewers, by the rules of assignment.ts. */
export async function runAssignment(db: DbOrTx, actor: Actor, eventId: string, perProposal: number) {
  return db.transaction(async (tx) => {
    // One run at a time per event: a second click waits for the first and then adds nothing.
    await tx.execute(sql`select 1 from event_calls where event_id = ${eventId} for update`);
    const input = await assignmentInput(tx, eventId);
    const result = assignReviewers({ ...input, perProposal });
    if (result.added.length > 0)
      await tx
        .insert(eventReviews)
        .values(result.added.map(([reviewerId, proposalId]) => ({ reviewerId, proposalId })))
        .onConflictDoNothing();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "events.reviews.assign",
      entityType: "event",
      entityId: eventId,
      after: { added: result.added.length, short: result.short.length, perProposal },
    });
    return result;
  });
}

/** An organiser's adjustment: one more reviewer on a proposal, still never against the rules. */
export async function assignByHand(db: DbOrTx, eventId: string, proposalId: string, reviewerId: string) {
  const input = await assignmentInput(db, eventId);
  if (!input.proposals.some((p) => p.id === proposalId)) throw new CallError("proposalUnknown", "proposalId");
  if (!input.reviewers.some((r) => r.id === reviewerId)) throw new CallError("reviewerUnknown", "reviewerId");
  const allowed = eligibility(input).get(proposalId)!;
  if (!allowed.has(reviewerId)) throw new CallError("notEligible", "reviewerId");
  await db.insert(eventReviews).values({ proposalId, reviewerId }).onConflictDoNothing();
}

/** Takes an assignment back, unless its review was already submitted. */
export async function unassign(db: DbOrTx, eventId: string, proposalId: string, reviewerId: string) {
  const removed = await db
    .delete(eventReviews)
    .where(
      and(
        eq(eventReviews.proposalId, proposalId),
        eq(eventReviews.reviewerId, reviewerId),
        isNull(eventReviews.submittedAt),
        inArray(
          eventReviews.proposalId,
          db
            .select({ id: eventProposals.id })
            .from(eventProposals)
            .where(eq(eventProposals.eventId, eventId)),
        ),
      ),
    )
    .returning();
  if (removed.length === 0) throw new CallError("cannotUnassign", "reviewerId");
}

/** Who reviews what on an event, for the organisers' assignment page (names are theirs to see). */
export async function assignmentBoard(db: DbOrTx, eventId: string) {
  const rows = await queryRows<{
    proposalId: string;
    title: string;
    reviewerId: string | null;
    name: string | null;
    submitted: boolean;
  }>(
    db,
    sql`select p.id as "proposalId", p.title, v.reviewer_id as "reviewerId", u.name, (v.submitted_at is not null) as submitted
        from event_proposals p
        left join event_reviews v on v.proposal_id = p.id
        left join users u on u.id = v.reviewer_id
        where p.event_id = ${eventId} and p.status = 'submitted'
        order by p.title, p.id, u.name`,
  );
  const board = new Map<
    string,
    { proposalId: string; title: string; reviewers: { id: string; name: string; submitted: boolean }[] }
  >();
  for (const r of rows) {
    const entry = board.get(r.proposalId) ?? { proposalId: r.proposalId, title: r.title, reviewers: [] };
    if (r.reviewerId) entry.reviewers.push({ id: r.reviewerId, name: r.name ?? "", submitted: r.submitted });
    board.set(r.proposalId, entry);
  }
  return [...board.values()];
}

// --- Blind review ------------------------------------------------------------------------------

/** A reviewer's queue: every proposal assigned to them, across events, with its review's state. */
export async function reviewQueue(db: DbOrTx, userId: string) {
  return queryRows<{
    proposalId: string;
    title: string;
    format: string;
    eventSlug: string;
    eventTitleEn: string;
    eventTitleEs: string | null;
    submittedAt: Date | null;
  }>(
    db,
    sql`select p.id as "proposalId", p.title, p.format, e.slug as "eventSlug", e.title_en as "eventTitleEn",
          e.title_es as "eventTitleEs", v.submitted_at as "submittedAt"
        from event_reviews v join event_proposals p on p.id = v.proposal_id join events e on e.id = p.event_id
        where v.reviewer_id = ${userId} and p.status = 'submitted'
        order by (v.submitted_at is not null), e.starts_on, p.title`,
  );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Text with the presenters' names, organisations and emails taken out, for the blind review:
 * call guidance asks presenters not to name themselves, and this catches those who still do.
 */
export function redact(
  text: string,
  presenters: Pick<Proposal["presenters"][number], "name" | "organisation" | "email">[],
) {
  const words = presenters
    .flatMap((p) => [p.name, p.organisation, p.email, ...p.name.split(/\s+/).filter((w) => w.length >= 4)])
    .map((w) => w.trim())
    .filter((w) => w.length >= 3)
    .sort((a, b) => b.length - a.length);
  if (words.length === 0) return text;
  return text.replace(new RegExp(words.map(escapeRegExp).join("|"), "gi"), "[…]");
}

/** The proposal as a reviewer sees it: no presenter's name, organisation, email or bio anywhere. */
export function blindView(proposal: Proposal) {
  const hide = (text: string) => redact(text, proposal.presenters);
  return {
    id: proposal.id,
    title: hide(proposal.title),
    abstract: hide(proposal.abstract),
    learningObjectives: objectivesOf(proposal.learningObjectives).map(hide),
    audienceLevel: proposal.audienceLevel,
    trackId: proposal.trackId,
    format: proposal.format,
    language: proposal.language,
    presenterCount: proposal.presenters.length,
  };
}
export type BlindProposal = ReturnType<typeof blindView>;

export async function reviewOf(
  db: DbOrTx,
  proposalId: string,
  reviewerId: string,
): Promise<ReviewRow | null> {
  const [row] = await db
    .select()
    .from(eventReviews)
    .where(and(eq(eventReviews.proposalId, proposalId), eq(eventReviews.reviewerId, reviewerId)));
  return row ?? null;
}

/** The weighted mean of one review's scores by the rubric, or null when not scored. */
export function weightedScore(
  rubric: RubricCriterion[],
  scores: Record<string, number> | null,
): number | null {
  if (!scores) return null;
  let total = 0;
  let weights = 0;
  for (const c of rubric) {
    const s = scores[c.key];
    if (typeof s !== "number") continue;
    total += s * c.weight;
    weights += c.weight;
  }
  return weights === 0 ? null : total / weights;
}

export interface ReviewInput {
  scores: Record<string, number>;
  commentToOrganisers: string;
  commentToPresenters: string;
}

/** Submits (or, until decisions are released, changes) one's review. */
export async function submitReview(
  db: DbOrTx,
  call: CallRow,
  proposal: Proposal,
  reviewerId: string,
  input: ReviewInput,
) {
  if (proposal.releasedAt) throw new CallError("alreadyDecided");
  for (const c of call.rubric) {
    const s = input.scores[c.key];
    if (!Number.isInteger(s) || s! < 1 || s! > 5) throw new CallError("scoreMissing", `score_${c.key}`);
  }
  const scores = Object.fromEntries(call.rubric.map((c) => [c.key, input.scores[c.key]!]));
  const updated = await db
    .update(eventReviews)
    .set({
      scores,
      commentToOrganisers: input.commentToOrganisers,
      commentToPresenters: input.commentToPresenters,
      submittedAt: new Date(),
    })
    .where(and(eq(eventReviews.proposalId, proposal.id), eq(eventReviews.reviewerId, reviewerId)))
    .returning();
  if (updated.length === 0) throw new CallError("notAssigned");
}

/**
 * The other reviews of a proposal, shown to a reviewer only once their own is submitted, and
 * then without anyone's name: "Reviewer 1", "Reviewer 2"… Comments to organisers stay theirs.
 */
export async function otherReviews(db: DbOrTx, call: CallRow, proposalId: string, reviewerId: string) {
  const own = await reviewOf(db, proposalId, reviewerId);
  if (!own?.submittedAt) return null;
  const rows = await db
    .select({
      reviewerId: eventReviews.reviewerId,
      scores: eventReviews.scores,
      comment: eventReviews.commentToPresenters,
    })
    .from(eventReviews)
    .where(and(eq(eventReviews.proposalId, proposalId), sql`${eventReviews.submittedAt} is not null`))
    .orderBy(eventReviews.assignedAt, eventReviews.reviewerId);
  return rows
    .filter((r) => r.reviewerId !== reviewerId)
    .map((r, i) => ({
      label: i + 1,
      scores: r.scores ?? {},
      score: weightedScore(call.rubric, r.scores),
      commentToPresenters: r.comment,
    }));
}
