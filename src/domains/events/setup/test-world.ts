import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import type { Actor } from "../../../platform/policy";
import { createEvent, eventBySlug, eventTracksOf, saveCreditType, setEventStatus } from "./service";

/** The setup rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface SetupWorld {
  /** The world's event: organised by the world's state, published, in person, with two tracks. */
  eventId: string;
  eventSlug: string;
  trackIds: string[];
  /** Its CE credit type (counselors). */
  creditTypeId: string;
}

let worldCount = 0;

export async function buildSetupWorld(base: BaseWorld): Promise<SetupWorld> {
  const { db } = base.t;
  const admin: Actor = {
    userId: base.users.admin.id,
    systemRole: "admin",
    emailVerified: true,
    memberships: [],
  };
  worldCount++;
  const created = await createEvent(
    db,
    admin,
    { id: base.state.id, ancestorIds: base.state.ancestorIds },
    {
      slug: `world-state-event-${worldCount}`,
      kind: "regional",
      titleEn: "World state regional event",
      titleEs: "Evento regional del estado del mundo",
      summaryEn: "The state's regional event on school mental health.",
      startsOn: "2027-04-14",
      endsOn: "2027-04-15",
      timeZone: "America/New_York",
      mode: "hybrid",
      venue: "State conference centre, Annapolis",
      onlineUrl: "https://meet.example.org/world-event",
      capacity: 300,
      ceActivityTitle: "World State Regional Event on School Mental Health",
    },
    [
      { nameEn: "Screening and early support", nameEs: "Detección y apoyo temprano" },
      { nameEn: "Family and youth partnership", nameEs: "Alianza con familias y jóvenes" },
    ],
  );
  const event = (await eventBySlug(db, created.slug))!;
  const credit = await saveCreditType(db, admin, event, {
    profession: "counselor",
    label: "NBCC clock hours",
    providerName: "World State Center for School Mental Health",
    approvalStatement: "The world state center is an approved continuing education provider for counselors.",
    retentionYears: 6,
  });
  await setEventStatus(db, admin, event, "published");
  const tracks = await eventTracksOf(db, event.id);
  return {
    eventId: event.id,
    eventSlug: event.slug,
    trackIds: tracks.map((t) => t.id),
    creditTypeId: credit.id,
  };
}

export const setupParamRules: ParamRule[] = [
  { param: "eventSlug", value: (w) => w.events.setup.eventSlug },
  { param: "organiserId", value: (w) => w.state.id },
  { param: "creditTypeId", value: (w) => w.events.setup.creditTypeId },
];
