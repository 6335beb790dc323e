import type { Static } from "@sinclair/typebox";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import { users } from "../../../platform/auth/schema";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queueEmails } from "../../../platform/email";
import type { FieldErrors } from "../../../platform/http/forms";
import { isLocale, type Locale, translator } from "../../../platform/i18n";
import type { Actor, AssistanceEpisodeResource, ScopeResource } from "../../../platform/policy";
import { getNation, listAncestors, type Organisation } from "../../directory/service";
import { currentInstrument } from "../../measures/service";
import { listMembers, teamLeadsOf } from "../../teams/service";
import type {
  CloseFields,
  ContactFields,
  ObjectiveFields,
  RequestFields,
  SurveyFields,
  TriageFields,
} from "./fields";
import { assistanceCatalog } from "./messages";
import { domainScoreBefore, type EpisodeView, findEpisode } from "./repo";
import {
  type Intensity,
  type ObjectiveStatus,
  type Participants,
  type ReferralKind,
  STAKEHOLDER_TYPES,
  taContacts,
  taEpisodes,
  taObjectives,
  taSurveys,
} from "./schema";

export {
  contactsOf,
  episodesOfProvider,
  episodesOfState,
  episodesOfTeam,
  findEpisode,
  findObjective,
  objectivesOf,
  statesWithEpisodes,
  surveyOf,
} from "./repo";
export type { ContactRow, EpisodeView, ObjectiveRow, SurveyRow } from "./repo";
export { reportFigures, type ReportFilters, reportFor, type ReportTable } from "./report";

/** Topics beside the quality-assessment domains a team may ask about. */
export const OTHER_TOPICS = [
  "family-engagement",
  "youth-engagement",
  "workforce",
  "data-systems",
  "policy-financing",
  "other",
] as const;

/** Teams that may ask for help: those that sit in a state (its coordinators triage). */
export const REQUESTING_KINDS: readonly Organisation["kind"][] = ["school", "district", "state"];

/**
 * Reads team rosters on the service's own behalf (to find a state's coordinators and the people
 * who may provide TA): not a person, never used to decide what a person may see.
 */
const ROSTER_READER: Actor = {
  userId: "00000000-0000-0000-0000-000000000000",
  systemRole: "admin",
  emailVerified: true,
  memberships: [],
};

export class AssistanceError extends Error {
  constructor(public code: "closed" | "notAccepted" | "notClosed" | "answered" | "noState") {
    super(code);
  }
}

// --- Topics ------------------------------------------------------------------------------------

export interface Topic {
  key: string;
  title: { en: string; es: string };
  /** A quality-assessment domain (its score is followed before and after). */
  domain: boolean;
}

/**
 * Topics read on every page (the current instrument is several queries), kept a minute per
 * database: a newly published instrument version names its domains within a minute.
 */
const topicsKept = new WeakMap<object, { at: number; topics: Promise<Topic[]> }>();
const TOPICS_KEPT_MS = 60_000;

/** The current quality assessment's domains, then the other topics. */
export function topicsOffered(db: DbOrTx): Promise<Topic[]> {
  const kept = topicsKept.get(db);
  if (kept && Date.now() - kept.at < TOPICS_KEPT_MS) return kept.topics;
  const topics = readTopics(db);
  topicsKept.set(db, { at: Date.now(), topics });
  topics.catch(() => topicsKept.delete(db));
  return topics;
}

async function readTopics(db: DbOrTx): Promise<Topic[]> {
  const instrument = await currentInstrument(db, "quality", "school");
  const domains = (instrument?.sections ?? [])
    .filter((s) => s.scored)
    .map((s) => ({ key: s.key, title: s.title, domain: true }));
  const en = translator(assistanceCatalog, "en");
  const es = translator(assistanceCatalog, "es");
  const others = OTHER_TOPICS.map((key) => ({
    key,
    title: { en: en(`topic_${key}`), es: es(`topic_${key}`) },
    domain: false,
  }));
  return [...domains, ...others];
}

export const topicTitle = (topics: Topic[], key: string, locale: Locale) =>
  topics.find((t) => t.key === key)?.title[locale] ?? key;

// --- Scopes and people -------------------------------------------------------------------------

/** The state whose coordinators triage a team's requests: the team itself, or the state above it. */
export async function stateOf(db: DbOrTx, team: Organisation): Promise<Organisation | null> {
  if (!REQUESTING_KINDS.includes(team.kind)) return null;
  if (team.kind === "state") return team;
  return (await listAncestors(db, team)).find((o) => o.kind === "state") ?? null;
}

export const scopeOf = (o: { id: string; ancestorIds: string[] }): ScopeResource => ({
  id: o.id,
  ancestorIds: o.ancestorIds,
});

/** An episode as the policy sees it: its provider and the state its coordinators lead. */
export const episodeResource = (e: EpisodeView): AssistanceEpisodeResource => ({
  id: e.id,
  ancestorIds: [],
  providerId: e.providerId,
  state: { id: e.stateId, ancestorIds: e.stateAncestorIds },
});

interface Person {
  userId: string;
  name: string;
  email: string;
  locale: string;
}

/** A state's TA coordinators: the leads of its team and of the nation's team. */
export async function coordinatorsOf(db: DbOrTx, state: ScopeResource): Promise<Person[]> {
  const leads = await teamLeadsOf(db, ROSTER_READER, [
    state,
    ...state.ancestorIds.map((id) => ({ id, ancestorIds: [] })),
  ]);
  const unique = new Map<string, Person>();
  for (const list of leads.values()) for (const p of list) unique.set(p.userId, p);
  return [...unique.values()];
}

export interface ProviderChoice {
  userId: string;
  name: string;
  teamName: string;
}

/** Who may be assigned to provide TA in a state: the members of its team and of the nation's team. */
export async function providersFor(db: DbOrTx, state: ScopeResource): Promise<ProviderChoice[]> {
  const out = new Map<string, ProviderChoice>();
  for (const id of [state.id, ...state.ancestorIds]) {
    const { org, members } = await listMembers(db, ROSTER_READER, id);
    for (const m of members)
      if (!out.has(m.userId)) out.set(m.userId, { userId: m.userId, name: m.name, teamName: org.name });
  }
  return [...out.values()];
}

async function peopleByIds(db: DbOrTx, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db
    .select({ userId: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(sql`${users.id} = any(${sql.param(ids)}::uuid[]) and ${users.disabledAt} is null`);
}

async function teamLeads(db: DbOrTx, teamId: string): Promise<Person[]> {
  return (await teamLeadsOf(db, ROSTER_READER, [{ id: teamId, ancestorIds: [] }])).get(teamId) ?? [];
}

type MessageKey = keyof typeof assistanceCatalog.en;

/** Emails each person in their own language, with a link to the episode (queued in the caller's transaction). */
async function tell(
  tx: DbOrTx,
  people: Person[],
  subject: MessageKey,
  body: MessageKey,
  params: Record<string, string>,
  link: string,
) {
  await queueEmails(
    tx,
    people.map((p) => {
      const t = translator(assistanceCatalog, isLocale(p.locale) ? p.locale : "en");
      return {
        to: p.email,
        subject: t(subject, params).slice(0, 200),
        text: `${t(body, params)}\n\n${link}\n`,
      };
    }),
  );
}

const episodeLink = (publicUrl: string, id: string) => `${publicUrl}/assistance/episodes/${id}`;

// --- Asking for help ---------------------------------------------------------------------------

export type RequestInput = Static<typeof RequestFields>;

export async function checkRequest(db: DbOrTx, input: RequestInput): Promise<FieldErrors> {
  const topics = await topicsOffered(db);
  return topics.some((t) => t.key === input.topic) ? {} : { topic: { code: "choice" } };
}

/**
 * Records a team's request and emails its state's coordinators. The team's domain score on the
 * topic in its last assessment before now is kept, for the report's change after the episode.
 */
export async function requestHelp(
  db: Db,
  args: { actorId: string; team: Organisation; input: RequestInput; publicUrl: string },
): Promise<EpisodeView> {
  const state = await stateOf(db, args.team);
  if (!state) throw new AssistanceError("noState");
  const topics = await topicsOffered(db);
  const isDomain = topics.find((t) => t.key === args.input.topic)?.domain ?? false;
  return db.transaction(async (tx) => {
    const now = new Date();
    const scoreBefore = isDomain ? await domainScoreBefore(tx, args.team.id, args.input.topic, now) : null;
    const [row] = await tx
      .insert(taEpisodes)
      .values({
        organisationId: args.team.id,
        stateId: state.id,
        topic: args.input.topic,
        need: args.input.need,
        urgency: args.input.urgency,
        requestedBy: args.actorId,
        requestedAt: now,
        scoreBefore,
      })
      .returning();
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "assistance.request",
      entityType: "ta_episode",
      entityId: row!.id,
      scopeId: args.team.id,
      after: { topic: row!.topic, urgency: row!.urgency, need: row!.need },
    });
    const params = { team: args.team.name, topic: topicTitle(topics, row!.topic, "en") };
    await tell(
      tx,
      await coordinatorsOf(tx, scopeOf(state)),
      "emailRequestSubject",
      "emailRequestBody",
      params,
      episodeLink(args.publicUrl, row!.id),
    );
    return (await findEpisode(tx, row!.id))!;
  });
}

// --- Triage ------------------------------------------------------------------------------------

export type TriageInput = Static<typeof TriageFields>;
export type Triage =
  | { decision: "accept"; intensity: Intensity; providerId: string }
  | { decision: "refer"; referralKind: ReferralKind; referralTo: string; referralUrl: string | null }
  | { decision: "decline"; reason: string };

/** What each decision needs: accepting an intensity and a provider who may provide; referring where to; declining why. */
export async function checkTriage(
  db: DbOrTx,
  episode: EpisodeView,
  input: TriageInput,
): Promise<{ ok: true; value: Triage } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  if (input.decision === "accept") {
    if (!input.intensity) errors.intensity = { code: "required" };
    if (!input.providerId) errors.providerId = { code: "required" };
    else {
      const providers = await providersFor(db, {
        id: episode.stateId,
        ancestorIds: episode.stateAncestorIds,
      });
      if (!providers.some((p) => p.userId === input.providerId)) errors.providerId = { code: "choice" };
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: { decision: "accept", intensity: input.intensity!, providerId: input.providerId! },
    };
  }
  if (input.decision === "refer") {
    if (!input.referralKind) errors.referralKind = { code: "required" };
    if (!input.referralTo) errors.referralTo = { code: "required" };
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        decision: "refer",
        referralKind: input.referralKind!,
        referralTo: input.referralTo!,
        referralUrl: input.referralUrl ?? null,
      },
    };
  }
  const reason = input.declineReason?.trim();
  if (!reason) return { ok: false, errors: { declineReason: { code: "required" } } };
  return { ok: true, value: { decision: "decline", reason } };
}

const triageSnapshot = (e: EpisodeView) => ({
  status: e.status,
  intensity: e.intensity,
  providerId: e.providerId,
  referralKind: e.referralKind,
  referralTo: e.referralTo,
  referralUrl: e.referralUrl,
  declineReason: e.declineReason,
});

/**
 * Accepts (with an intensity and a provider), refers or declines a request. A coordinator may
 * decide again (another provider, a referral after all) until the episode is closed. The team's
 * leads are emailed, and the provider when one is assigned.
 */
export async function triageEpisode(
  db: Db,
  args: { actorId: string; episodeId: string; triage: Triage; publicUrl: string },
): Promise<EpisodeView> {
  return db.transaction(async (tx) => {
    const before = await lockedEpisode(tx, args.episodeId);
    if (before.status === "closed") throw new AssistanceError("closed");
    const t = args.triage;
    await tx
      .update(taEpisodes)
      .set({
        status: t.decision === "accept" ? "accepted" : t.decision === "refer" ? "referred" : "declined",
        intensity: t.decision === "accept" ? t.intensity : null,
        providerId: t.decision === "accept" ? t.providerId : null,
        referralKind: t.decision === "refer" ? t.referralKind : null,
        referralTo: t.decision === "refer" ? t.referralTo : null,
        referralUrl: t.decision === "refer" ? t.referralUrl : null,
        declineReason: t.decision === "decline" ? t.reason : null,
        triagedBy: args.actorId,
        triagedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(taEpisodes.id, args.episodeId));
    const after = (await findEpisode(tx, args.episodeId))!;
    await recordAudit(tx, {
      actorId: args.actorId,
      action: `assistance.${t.decision}`,
      entityType: "ta_episode",
      entityId: after.id,
      scopeId: after.organisationId,
      before: triageSnapshot(before),
      after: triageSnapshot(after),
    });
    const link = episodeLink(args.publicUrl, after.id);
    const params = { team: after.teamName, reason: after.declineReason ?? "", to: after.referralTo ?? "" };
    const subjectAndBody = {
      accept: ["emailAcceptedSubject", "emailAcceptedBody"],
      refer: ["emailReferredSubject", "emailReferredBody"],
      decline: ["emailDeclinedSubject", "emailDeclinedBody"],
    } as const;
    const [subject, body] = subjectAndBody[t.decision];
    await tell(tx, await teamLeads(tx, after.organisationId), subject, body, params, link);
    if (t.decision === "accept" && t.providerId !== before.providerId)
      await tell(
        tx,
        await peopleByIds(tx, [t.providerId]),
        "emailAssignedSubject",
        "emailAssignedBody",
        params,
        link,
      );
    return after;
  });
}

async function lockedEpisode(tx: DbOrTx, id: string): Promise<EpisodeView> {
  await tx.execute(sql`select 1 from ta_episodes where id = ${id} for update`);
  const episode = await findEpisode(tx, id);
  if (!episode) throw new AssistanceError("closed");
  return episode;
}

// --- The provider's work -----------------------------------------------------------------------

export type ContactInput = Static<typeof ContactFields>;

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** A contact cannot be dated in the future, nor before the day the team asked. */
export function checkContact(episode: EpisodeView, input: ContactInput): FieldErrors {
  const asked = episode.requestedAt.toISOString().slice(0, 10);
  return input.contactDate > todayUtc() || input.contactDate < asked
    ? { contactDate: { code: "invalid" } }
    : {};
}

export const participantsOf = (input: ContactInput): Participants =>
  Object.fromEntries(STAKEHOLDER_TYPES.filter((s) => (input[s] ?? 0) > 0).map((s) => [s, input[s]!]));

/** Logs a contact and adds its hours to the episode's total in the same transaction. */
export async function logContact(
  db: Db,
  args: { actorId: string; episodeId: string; input: ContactInput },
): Promise<void> {
  await db.transaction(async (tx) => {
    const episode = await lockedEpisode(tx, args.episodeId);
    if (episode.status !== "accepted") throw new AssistanceError("notAccepted");
    const { input } = args;
    const [contact] = await tx
      .insert(taContacts)
      .values({
        episodeId: episode.id,
        contactDate: input.contactDate,
        mode: input.mode,
        hours: input.hours,
        participants: participantsOf(input),
        summary: input.summary,
        loggedBy: args.actorId,
      })
      .returning();
    await tx
      .update(taEpisodes)
      .set({
        hours: sql`${taEpisodes.hours} + ${input.hours}`,
        contactCount: sql`${taEpisodes.contactCount} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(taEpisodes.id, episode.id));
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "assistance.contact",
      entityType: "ta_episode",
      entityId: episode.id,
      scopeId: episode.organisationId,
      after: {
        contactId: contact!.id,
        date: input.contactDate,
        mode: input.mode,
        hours: input.hours,
        participants: contact!.participants,
      },
    });
  });
}

export type ObjectiveInput = Static<typeof ObjectiveFields>;

export async function addObjective(
  db: Db,
  args: { actorId: string; episodeId: string; input: ObjectiveInput },
): Promise<void> {
  await db.transaction(async (tx) => {
    const episode = await lockedEpisode(tx, args.episodeId);
    if (episode.status !== "accepted") throw new AssistanceError("notAccepted");
    const [objective] = await tx
      .insert(taObjectives)
      .values({ episodeId: episode.id, text: args.input.text, updatedBy: args.actorId })
      .returning();
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "assistance.objective",
      entityType: "ta_episode",
      entityId: episode.id,
      scopeId: episode.organisationId,
      after: { objectiveId: objective!.id, text: objective!.text, status: objective!.status },
    });
  });
}

export async function setObjectiveStatus(
  db: Db,
  args: { actorId: string; episodeId: string; objectiveId: string; status: ObjectiveStatus },
): Promise<void> {
  await db.transaction(async (tx) => {
    const episode = await lockedEpisode(tx, args.episodeId);
    if (episode.status !== "accepted") throw new AssistanceError("notAccepted");
    const [before] = await tx
      .select()
      .from(taObjectives)
      .where(and(eq(taObjectives.id, args.objectiveId), eq(taObjectives.episodeId, episode.id)));
    if (!before) throw new AssistanceError("notAccepted");
    await tx
      .update(taObjectives)
      .set({ status: args.status, updatedBy: args.actorId, updatedAt: new Date() })
      .where(eq(taObjectives.id, before.id));
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "assistance.objectiveStatus",
      entityType: "ta_episode",
      entityId: episode.id,
      scopeId: episode.organisationId,
      before: { objectiveId: before.id, status: before.status },
      after: { objectiveId: before.id, status: args.status },
    });
  });
}

export type CloseInput = Static<typeof CloseFields>;

/** Closes an accepted episode with its outcome; the team's leads are asked for the survey. */
export async function closeEpisode(
  db: Db,
  args: { actorId: string; episodeId: string; input: CloseInput; publicUrl: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const episode = await lockedEpisode(tx, args.episodeId);
    if (episode.status !== "accepted") throw new AssistanceError("notAccepted");
    await tx
      .update(taEpisodes)
      .set({
        status: "closed",
        closedBy: args.actorId,
        closedAt: new Date(),
        outcomeNote: args.input.outcomeNote,
        updatedAt: new Date(),
      })
      .where(eq(taEpisodes.id, episode.id));
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "assistance.close",
      entityType: "ta_episode",
      entityId: episode.id,
      scopeId: episode.organisationId,
      before: { status: episode.status },
      after: { status: "closed", outcomeNote: args.input.outcomeNote, hours: episode.hours },
    });
    const link = episodeLink(args.publicUrl, episode.id);
    await tell(
      tx,
      await teamLeads(tx, episode.organisationId),
      "emailClosedSubject",
      "emailClosedBody",
      { team: episode.teamName },
      link,
    );
  });
}

export type SurveyInput = Static<typeof SurveyFields>;

/** The team's satisfaction survey, once per closed episode (a second answer is refused). */
export async function answerSurvey(
  db: Db,
  args: { actorId: string; episodeId: string; input: SurveyInput },
): Promise<void> {
  await db.transaction(async (tx) => {
    const episode = await lockedEpisode(tx, args.episodeId);
    if (episode.status !== "closed") throw new AssistanceError("notClosed");
    const inserted = await tx
      .insert(taSurveys)
      .values({
        episodeId: episode.id,
        useful: args.input.useful,
        timely: args.input.timely,
        knowledgeable: args.input.knowledgeable,
        wouldRecommend: args.input.wouldRecommend,
        comment: args.input.comment ?? null,
        answeredBy: args.actorId,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new AssistanceError("answered");
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "assistance.survey",
      entityType: "ta_episode",
      entityId: episode.id,
      scopeId: episode.organisationId,
      after: { ...args.input },
    });
  });
}

export { getNation };
