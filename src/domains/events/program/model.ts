import type { FastifyRequest } from "fastify";
import { type Caches, cachesPerApp, type Dependencies } from "../../../platform/cache";
import { can } from "../../../platform/policy";
import type { ProgramEvent } from "./access";
import { programTags } from "./cache-tags";
import {
  agendaSessionIds,
  type ProgramSession,
  programPublishedAt,
  type RoomRow,
  roomsOf,
  sessionsOf,
} from "./service";
import type { ProgramModel } from "./views/program";

/** An event's whole program, read once and kept until something in it changes (its tag). */
interface ProgramRows {
  sessions: ProgramSession[];
  rooms: RoomRow[];
  publishedAt: Date | null;
}

const caches = cachesPerApp((c: Caches) => ({
  programs: c.create<ProgramRows>({ maxEntries: 200, ttlMs: 10 * 60_000 }),
}));

export async function programRows(
  request: FastifyRequest,
  eventId: string,
  deps?: Dependencies,
): Promise<ProgramRows> {
  const db = request.server.db;
  const rows = await caches(request.server.caches).programs.load(
    eventId,
    async (d) => {
      d.add(programTags.program(eventId));
      const [sessions, rooms, publishedAt] = await Promise.all([
        sessionsOf(db, eventId),
        roomsOf(db, eventId),
        programPublishedAt(db, eventId),
      ]);
      return { sessions, rooms, publishedAt };
    },
    deps,
  );
  return rows!;
}

/**
 * What the program's pages are drawn from for this viewer: the program (404 while unpublished,
 * except for organisers), whether they organise, and their agenda when they may keep one.
 */
export async function programModel(
  request: FastifyRequest,
  event: ProgramEvent,
  deps: Dependencies,
): Promise<ProgramModel | null> {
  deps.add(programTags.event(event.id));
  const rows = await programRows(request, event.id, deps);
  const actor = await request.actor();
  const mayOrganise = !!actor && can(actor, "event.organise", event.resource);
  if (!rows.publishedAt && !mayOrganise) return null;
  let agenda: string[] | null = null;
  if (actor && can(actor, "event.attend", event.resource)) {
    deps.add(programTags.agenda(actor.userId));
    agenda = (await agendaSessionIds(request.server.db, actor.userId, event.id)).sort();
  }
  return {
    event,
    sessions: rows.sessions,
    rooms: rows.rooms,
    published: !!rows.publishedAt,
    mayOrganise,
    agenda,
  };
}
