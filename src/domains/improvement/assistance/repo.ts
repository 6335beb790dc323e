import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { organisations } from "../../directory/schema";
import { type EpisodeStatus, taContacts, taEpisodes, taObjectives, taSurveys } from "./schema";

export type EpisodeRow = typeof taEpisodes.$inferSelect;
export type ContactRow = typeof taContacts.$inferSelect;
export type ObjectiveRow = typeof taObjectives.$inferSelect;
export type SurveyRow = typeof taSurveys.$inferSelect;

/** An episode with what its pages and access rules need: the team and state scopes, the provider's name. */
export interface EpisodeView extends EpisodeRow {
  teamName: string;
  teamAncestorIds: string[];
  stateName: string;
  stateAncestorIds: string[];
  providerName: string | null;
}

const team = alias(organisations, "team");
const state = alias(organisations, "state");
const provider = alias(users, "provider");

const episodeColumns = {
  episode: taEpisodes,
  teamName: team.name,
  teamAncestorIds: team.ancestorIds,
  stateName: state.name,
  stateAncestorIds: state.ancestorIds,
  providerName: provider.name,
};
type Joined = {
  episode: EpisodeRow;
  teamName: string;
  teamAncestorIds: string[];
  stateName: string;
  stateAncestorIds: string[];
  providerName: string | null;
};
const flatten = ({ episode, ...rest }: Joined): EpisodeView => ({ ...episode, ...rest });

function selectEpisodes(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(episodeColumns)
    .from(taEpisodes)
    .innerJoin(team, eq(team.id, taEpisodes.organisationId))
    .innerJoin(state, eq(state.id, taEpisodes.stateId))
    .leftJoin(provider, eq(provider.id, taEpisodes.providerId))
    .where(where);
}

export async function findEpisode(db: DbOrTx, id: string): Promise<EpisodeView | null> {
  const [row] = await selectEpisodes(db, eq(taEpisodes.id, id));
  return row ? flatten(row) : null;
}

/** A team's episodes, newest first. */
export async function episodesOfTeam(
  db: DbOrTx,
  organisationId: string,
  limit = 200,
): Promise<EpisodeView[]> {
  const rows = await selectEpisodes(db, eq(taEpisodes.organisationId, organisationId))
    .orderBy(desc(taEpisodes.requestedAt))
    .limit(limit);
  return rows.map(flatten);
}

/** A state's episodes in some statuses: waiting ones oldest first (first come, first triaged). */
export async function episodesOfState(
  db: DbOrTx,
  stateId: string,
  statuses: readonly EpisodeStatus[],
  limit = 200,
): Promise<EpisodeView[]> {
  const rows = await selectEpisodes(
    db,
    and(eq(taEpisodes.stateId, stateId), inArray(taEpisodes.status, [...statuses])),
  )
    .orderBy(asc(taEpisodes.requestedAt))
    .limit(limit);
  return rows.map(flatten);
}

/** The episodes a person provides that are still open. */
export async function episodesOfProvider(db: DbOrTx, userId: string, limit = 200): Promise<EpisodeView[]> {
  const rows = await selectEpisodes(
    db,
    and(eq(taEpisodes.providerId, userId), eq(taEpisodes.status, "accepted")),
  )
    .orderBy(asc(taEpisodes.requestedAt))
    .limit(limit);
  return rows.map(flatten);
}

export const contactsOf = (db: DbOrTx, episodeId: string): Promise<ContactRow[]> =>
  db
    .select()
    .from(taContacts)
    .where(eq(taContacts.episodeId, episodeId))
    .orderBy(desc(taContacts.contactDate), desc(taContacts.createdAt));

export const objectivesOf = (db: DbOrTx, episodeId: string): Promise<ObjectiveRow[]> =>
  db
    .select()
    .from(taObjectives)
    .where(eq(taObjectives.episodeId, episodeId))
    .orderBy(asc(taObjectives.createdAt));

export async function surveyOf(db: DbOrTx, episodeId: string): Promise<SurveyRow | null> {
  const [row] = await db.select().from(taSurveys).where(eq(taSurveys.episodeId, episodeId));
  return row ?? null;
}

export async function findObjective(db: DbOrTx, id: string): Promise<ObjectiveRow | null> {
  const [row] = await db.select().from(taObjectives).where(eq(taObjectives.id, id));
  return row ?? null;
}

/**
 * The topic's domain score in the team's last quality assessment submitted before `at`. It reads
 * the measures domain's score rows (one per submitted assessment, written once, indexed by
 * organisation, instrument and date): the same rows migration 0001's trigger reads for the
 * score after an episode.
 */
export async function domainScoreBefore(
  db: DbOrTx,
  organisationId: string,
  topic: string,
  at: Date,
): Promise<number | null> {
  const [row] = await queryRows<{ score: number | null }>(
    db,
    sql`select (domain_scores ->> ${topic})::double precision as score
          from assessment_scores
         where organisation_id = ${organisationId} and instrument_key = 'quality'
           and submitted_at < ${at.toISOString()}::timestamptz
         order by submitted_at desc limit 1`,
  );
  return row?.score ?? null;
}

/** States with any episode on record, for the nation's coordinators and admins. */
export async function statesWithEpisodes(db: DbOrTx): Promise<{ id: string; name: string }[]> {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select o.id, o.name from organisations o
         where o.kind = 'state' and exists (select 1 from ta_episodes e where e.state_id = o.id)
         order by o.name`,
  );
}
