import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, openTestDatabase } from "../../../test/support/app";
import type { Database } from "../db/client";
import { queryRows } from "../db/client";
import {
  type Actor,
  type CommunityResource,
  can,
  communityReadSql,
  type EventResource,
  eventReadSql,
  type LibraryItemResource,
  libraryReadSql,
} from "./index";

const person = (systemRole: Actor["systemRole"], emailVerified = true): Actor => ({
  userId: "00000000-0000-0000-0000-000000000001",
  systemRole,
  emailVerified,
  memberships: [],
});
const actors: [string, Actor | null][] = [
  ["signed out", null],
  ["user", person("user")],
  ["unverified user", person("user", false)],
  ["researcher", person("researcher")],
  ["admin", person("admin")],
];
const communities: CommunityResource[] = (["public", "private"] as const).flatMap((visibility) =>
  ([null, "member", "lead"] as const).map((viewerRole) => ({
    id: "c",
    ancestorIds: [],
    visibility,
    viewerRole,
  })),
);

/** The SQL form evaluated by the database for one community given as literal values. */
function literal(c: CommunityResource) {
  return { visibility: sql`${c.visibility}::text`, viewerRole: sql`${c.viewerRole}::text` };
}

describe.each(DATABASES)("community.read: the SQL form agrees with the rule on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = (await openTestDatabase(kind)).database;
  });
  afterAll(() => database?.close());

  it("for every actor and every community, known actor or one given by columns", async () => {
    let checked = 0;
    for (const [name, actor] of actors) {
      for (const c of communities) {
        const expected = can(actor, "community.read", c);
        const [known] = await queryRows<{ ok: boolean }>(
          database.db,
          sql`select ${communityReadSql(actor, literal(c))} as ok`,
        );
        expect({ name, c, ok: known!.ok }).toEqual({ name, c, ok: expected });
        if (actor) {
          // The per-row form (a recipient named by a column) takes the system role from the row.
          const byRow = communityReadSql({ systemRole: sql`${actor.systemRole}::text` }, literal(c));
          const [row] = await queryRows<{ ok: boolean }>(database.db, sql`select ${byRow} as ok`);
          expect({ name, c, ok: row!.ok }).toEqual({ name, c, ok: expected });
        }
        checked++;
      }
    }
    expect(checked).toBe(actors.length * communities.length);
  });
});

describe.each(DATABASES)("library.read: the SQL form agrees with the rule on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = (await openTestDatabase(kind)).database;
  });
  afterAll(() => database?.close());

  const nationId = "00000000-0000-0000-0000-00000000000a";
  const otherId = "00000000-0000-0000-0000-00000000000b";
  const withTeams = (memberships: Actor["memberships"]): Actor => ({ ...person("user"), memberships });
  const libraryActors: [string, Actor | null][] = [
    ...actors,
    ["nation lead", withTeams([{ organisationId: nationId, role: "lead" }])],
    ["nation member", withTeams([{ organisationId: nationId, role: "member" }])],
    ["lead elsewhere", withTeams([{ organisationId: otherId, role: "lead" }])],
  ];
  const shelves: (CommunityResource | null)[] = [
    null,
    ...([null, "member", "lead"] as const).flatMap((viewerRole) =>
      (["public", "private"] as const).map((visibility) => ({
        id: otherId,
        ancestorIds: [],
        visibility,
        viewerRole,
      })),
    ),
  ];
  const items: LibraryItemResource[] = shelves.flatMap((community) =>
    (["draft", "in_review", "published", "archived"] as const).flatMap((status) =>
      (community ? [false, true] : [false]).map((communityOnly) => ({
        id: community?.id ?? nationId,
        ancestorIds: [],
        community,
        status,
        communityOnly,
      })),
    ),
  );
  const literal = (item: LibraryItemResource) => ({
    status: sql`${item.status}::text`,
    communityOnly: sql`${item.communityOnly}::boolean`,
    onCommunityShelf: sql`${item.community !== null}::boolean`,
    shelfId: sql`${item.id}::uuid`,
    viewerRole: sql`${item.community?.viewerRole ?? null}::text`,
  });

  it("for every actor, shelf, status and community-only choice", async () => {
    let checked = 0;
    for (const [name, actor] of libraryActors) {
      for (const item of items) {
        const expected = can(actor, "library.read", item);
        const [row] = await queryRows<{ ok: boolean }>(
          database.db,
          sql`select ${libraryReadSql(actor, literal(item))} as ok`,
        );
        expect({ name, item, ok: row!.ok }).toEqual({ name, item, ok: expected });
        checked++;
      }
    }
    expect(checked).toBe(libraryActors.length * items.length);
  });
});

describe.each(DATABASES)("event.read: the SQL form agrees with the rule on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = (await openTestDatabase(kind)).database;
  });
  afterAll(() => database?.close());

  const nationId = "00000000-0000-0000-0000-00000000000a";
  const stateId = "00000000-0000-0000-0000-00000000000b";
  const otherStateId = "00000000-0000-0000-0000-00000000000c";
  const districtId = "00000000-0000-0000-0000-00000000000d";
  const withTeams = (memberships: Actor["memberships"]): Actor => ({ ...person("user"), memberships });
  const eventActors: [string, Actor | null][] = [
    ...actors,
    ["nation member", withTeams([{ organisationId: nationId, role: "member" }])],
    ["state lead", withTeams([{ organisationId: stateId, role: "lead" }])],
    ["state member", withTeams([{ organisationId: stateId, role: "member" }])],
    ["other state's member", withTeams([{ organisationId: otherStateId, role: "member" }])],
    ["district member under the state", withTeams([{ organisationId: districtId, role: "member" }])],
    [
      "on two teams",
      withTeams([
        { organisationId: districtId, role: "member" },
        { organisationId: otherStateId, role: "lead" },
      ]),
    ],
  ];
  const organisers = [
    { id: nationId, ancestorIds: [] },
    { id: stateId, ancestorIds: [nationId] },
    { id: otherStateId, ancestorIds: [nationId] },
  ];
  const events: EventResource[] = organisers.flatMap((organiser) =>
    (["draft", "published", "cancelled"] as const).map((status) => ({
      id: "00000000-0000-0000-0000-0000000000ee",
      ancestorIds: [],
      organiser,
      status,
    })),
  );
  const literal = (event: EventResource) => ({
    status: sql`${event.status}::text`,
    organiserId: sql`${event.organiser.id}::uuid`,
    organiserAncestorIds: sql`${`{${event.organiser.ancestorIds.join(",")}}`}::uuid[]`,
  });

  it("for every actor, organiser and status", async () => {
    let checked = 0;
    for (const [name, actor] of eventActors) {
      for (const event of events) {
        const expected = can(actor, "event.read", event);
        const [row] = await queryRows<{ ok: boolean }>(
          database.db,
          sql`select ${eventReadSql(actor, literal(event))} as ok`,
        );
        expect({ name, event, ok: row!.ok }).toEqual({ name, event, ok: expected });
        checked++;
      }
    }
    expect(checked).toBe(eventActors.length * events.length);
    // The rule does hide something: a draft from the public and from another state's team.
    expect(can(null, "event.read", events[3]!)).toBe(false);
    expect(can(eventActors.at(-3)![1], "event.read", events[3]!)).toBe(false);
  });
});
