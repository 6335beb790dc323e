import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import type { EventsWorld } from "../test-world";
import { createAgendaFeed, createRoom, createSession, setProgramPublished } from "./service";
import { zonedToUtc } from "../setup/time";

/** The program rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface ProgramWorld {
  roomId: string;
  /** The world's session: presented by `privateMember` (with their account), in the room, online code none. */
  sessionId: string;
  /** memberA's calendar-feed token for the world's event. */
  feedToken: string;
}

export async function buildProgramWorld(
  base: BaseWorld,
  earlier: Pick<EventsWorld, "setup" | "calls">,
): Promise<ProgramWorld> {
  const { db } = base.t;
  const { eventId, trackIds } = earlier.setup;
  const adminId = base.users.admin.id;
  const room = await createRoom(db, adminId, eventId, { name: "Chesapeake Room", capacity: 80 });
  const session = await createSession(db, adminId, {
    eventId,
    title: "Screening without stigma",
    abstract: "How schools screen for **wellbeing** with families on board.",
    learningObjectives: "Name two screening measures\nPlan a family-facing consent letter",
    format: "workshop",
    mode: "in_person",
    language: "en",
    trackId: trackIds[0] ?? null,
    roomId: room.id,
    startsAt: zonedToUtc("2027-04-14", "10:00", "America/New_York"),
    endsAt: zonedToUtc("2027-04-14", "11:30", "America/New_York"),
    capacity: 60,
    presenters: [
      {
        name: base.users.privateMember.name,
        organisation: "World school",
        userId: base.users.privateMember.id,
      },
    ],
  });
  await setProgramPublished(db, adminId, eventId, true);
  const feedToken = await createAgendaFeed(db, base.users.memberA.id, eventId);
  return { roomId: room.id, sessionId: session.id, feedToken };
}

export const programParamRules: ParamRule[] = [
  { param: "sessionId", value: (w) => w.events.program.sessionId },
  { param: "roomId", value: (w) => w.events.program.roomId },
  { param: "feedToken", value: (w) => w.events.program.feedToken },
];
