import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp } from "../../../test/support/app";
import { verifyPassword } from "../../platform/auth/passwords";
import { users } from "../../platform/auth/schema";
import { queryRows } from "../../platform/db/client";
import { DEMO_PASSWORD } from "../../seed/demo";
import { directoryDomain } from "../directory";
import { teamsDomain } from ".";
import { DEMO_ACCOUNTS } from "./demo-accounts";

const userByEmail = async (t: TestApp, email: string) =>
  (await t.db.select().from(users).where(eq(users.email, email)))[0]!;

describe.each(DATABASES)("demo accounts on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await directoryDomain.seedDemo!(t.db);
    await teamsDomain.seedDemo!(t.db);
    await teamsDomain.seedDemo!(t.db); // a second run changes nothing
  });
  afterAll(() => t?.close());

  it("creates one verified demo account per kind of person, with the demo password", async () => {
    const rows = await t.db.select().from(users).where(eq(users.isDemo, true));
    expect(rows.map((r) => r.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    expect(rows.every((r) => r.emailVerifiedAt !== null)).toBe(true);
    const admin = rows.find((r) => r.email === "admin@demo.smhcommons.org")!;
    expect(admin.systemRole).toBe("admin");
    expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);
  });

  it("places each account on its team: Maryland, its first demo district and that district's schools", async () => {
    const placed = await queryRows<{ email: string; kind: string; state_code: string; role: string }>(
      t.db,
      sql`select u.email, o.kind, o.state_code, m.role from memberships m
          join users u on u.id = m.user_id join organisations o on o.id = m.organisation_id
          where u.is_demo order by u.email`,
    );
    const where = Object.fromEntries(placed.map((p) => [p.email, `${p.kind}/${p.state_code}/${p.role}`]));
    expect(where).toEqual({
      "district.lead@demo.smhcommons.org": "district/MD/lead",
      "family@demo.smhcommons.org": "school/MD/member",
      "peer.member@demo.smhcommons.org": "school/MD/member",
      "school.lead@demo.smhcommons.org": "school/MD/lead",
      "school.member@demo.smhcommons.org": "school/MD/member",
      "state.lead@demo.smhcommons.org": "state/MD/lead",
    });
  });

  it("gives the school lead a team page with the youth's pending request, hidden from the peer school", async () => {
    const lead = await userByEmail(t, "school.lead@demo.smhcommons.org");
    const [school] = await queryRows<{ organisation_id: string }>(
      t.db,
      sql`select organisation_id from memberships where user_id = ${lead.id}`,
    );
    const url = `/organisations/${school!.organisation_id}/team`;
    const page = await (await signedInClient(t, lead.id)).get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Jordan Youth");
    expect(page.body).toContain("Marcus School-Member");
    const peer = await userByEmail(t, "peer.member@demo.smhcommons.org");
    expect((await (await signedInClient(t, peer.id)).get(url)).statusCode).toBe(404);
    const district = await userByEmail(t, "district.lead@demo.smhcommons.org");
    expect((await (await signedInClient(t, district.id)).get(url)).statusCode).toBe(200);
  });
});
