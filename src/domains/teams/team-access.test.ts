import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { accessTokens } from "../../platform/auth/schema";
import { randomToken, sha256 } from "../../platform/auth/tokens";
import { addMembership, buildUser } from "../../seed/factories";
import { buildTeamWorld, membershipIn, teamRowCounts } from "./test-world";

/*
 * What each team route declares (config.access) decides before the handler runs: the rows a
 * route names carry their own team, whatever team the URL puts beside them, and a disabled
 * account is refused everywhere.
 */
describe.each(DATABASES)("team routes' access rules on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("finds a membership, request or invitation only under the team that owns it", async () => {
    const w = await buildTeamWorld(t.db);
    const leadOfB = await buildUser(t.db, { name: "Bea Lead" });
    await addMembership(t.db, leadOfB.id, w.schoolB.id, "lead");
    const asker = await signedInClient(t, w.outsider.id);
    const joinRequest = (
      await asker.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {})
    ).json();
    const leadA = await signedInClient(t, w.lead.id);
    const invitation = (
      await leadA.json("POST", `/api/v1/organisations/${w.schoolA.id}/invitations`, {
        email: "someone@example.org",
        role: "member",
      })
    ).json();
    const before = await teamRowCounts(t.db);

    // B's lead, under B's address, names A's rows: none of them is B's.
    const b = await signedInClient(t, leadOfB.id);
    await b.get(`/organisations/${w.schoolB.id}/team`);
    const underB = `/organisations/${w.schoolB.id}`;
    expect((await b.postForm(`${underB}/members/${w.memberMembership.id}/remove`, {})).statusCode).toBe(404);
    expect((await b.get(`${underB}/members/${w.memberMembership.id}/remove`)).statusCode).toBe(404);
    expect(
      (await b.postForm(`${underB}/members/${w.memberMembership.id}/role`, { role: "lead" })).statusCode,
    ).toBe(404);
    expect((await b.postForm(`${underB}/join-requests/${joinRequest.id}/approve`, {})).statusCode).toBe(404);
    expect((await b.postForm(`${underB}/invitations/${invitation.id}/revoke`, {})).statusCode).toBe(404);
    // And through the API, where the row alone names the team: A's team is hidden from B's lead.
    expect((await b.json("DELETE", `/api/v1/memberships/${w.memberMembership.id}`)).statusCode).toBe(404);
    expect((await b.json("POST", `/api/v1/join-requests/${joinRequest.id}/approve`)).statusCode).toBe(404);
    expect((await b.json("DELETE", `/api/v1/invitations/${invitation.id}`)).statusCode).toBe(404);

    // A's own lead, under B's address, is refused too: the URL's team does not own the row.
    await leadA.get(`/organisations/${w.schoolA.id}/team`);
    expect((await leadA.postForm(`${underB}/members/${w.memberMembership.id}/remove`, {})).statusCode).toBe(
      404,
    );
    expect((await leadA.postForm(`${underB}/join-requests/${joinRequest.id}/approve`, {})).statusCode).toBe(
      404,
    );
    // The asker withdraws only under the team the request went to.
    await asker.get(`/organisations/${w.schoolA.id}/join`);
    expect((await asker.postForm(`${underB}/join-requests/${joinRequest.id}/withdraw`, {})).statusCode).toBe(
      404,
    );

    expect(await teamRowCounts(t.db)).toEqual(before);
    expect((await membershipIn(t.db, w.member.id, w.schoolA.id))?.role).toBe("member");
  });

  it("refuses a member's crafted lead actions with 403 before anything is read or written", async () => {
    const w = await buildTeamWorld(t.db);
    const before = await teamRowCounts(t.db);
    const member = await signedInClient(t, w.member.id);
    await member.get(`/organisations/${w.schoolA.id}/team`);
    const underA = `/organisations/${w.schoolA.id}`;
    expect((await member.postForm(`${underA}/members/${w.leadMembership.id}/remove`, {})).statusCode).toBe(
      403,
    );
    expect(
      (await member.postForm(`${underA}/members/${w.leadMembership.id}/role`, { role: "member" })).statusCode,
    ).toBe(403);
    // Bad input from someone not allowed to act is refused, not validated.
    expect(
      (await member.postForm(`${underA}/invitations`, { email: "not an email", role: "boss" })).statusCode,
    ).toBe(403);
    expect(
      (await member.json("PATCH", `/api/v1/memberships/${w.leadMembership.id}`, { role: "boss" })).statusCode,
    ).toBe(403);
    expect(await teamRowCounts(t.db)).toEqual(before);
  });

  it("lets a member leave by deleting their own membership, and nobody else's", async () => {
    const w = await buildTeamWorld(t.db);
    const member = await signedInClient(t, w.member.id);
    expect((await member.json("DELETE", `/api/v1/memberships/${w.leadMembership.id}`)).statusCode).toBe(403);
    expect((await member.json("DELETE", `/api/v1/memberships/${w.memberMembership.id}`)).statusCode).toBe(
      204,
    );
    expect(await membershipIn(t.db, w.member.id, w.schoolA.id)).toBeNull();
  });

  it("refuses a disabled account everywhere: its sessions are gone and its access tokens stop working", async () => {
    const w = await buildTeamWorld(t.db);
    const lead = await signedInClient(t, w.lead.id);
    const token = `smh_pat_${randomToken()}`;
    await t.db
      .insert(accessTokens)
      .values({ userId: w.lead.id, name: "script", tokenHash: sha256(token), prefix: token.slice(0, 12) });
    const bearer = { authorization: `Bearer ${token}` };
    const members = `/api/v1/organisations/${w.schoolA.id}/members`;
    const api = new TestClient(t.app);
    expect((await api.json("GET", members, undefined, bearer)).statusCode).toBe(200);
    expect((await lead.get(`/organisations/${w.schoolA.id}/team`)).statusCode).toBe(200);

    const admin = await signedInClient(t, w.admin.id);
    expect(
      (await admin.json("PATCH", `/api/v1/admin/users/${w.lead.id}`, { disabled: true })).statusCode,
    ).toBe(200);
    const before = await teamRowCounts(t.db);

    const page = await lead.get(`/organisations/${w.schoolA.id}/team`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toContain("/sign-in?next=");
    expect((await lead.json("GET", members)).statusCode).toBe(401);
    expect((await api.json("GET", members, undefined, bearer)).statusCode).toBe(401);
    const invite = { email: "late@example.org", role: "member" };
    expect(
      (await api.json("POST", `/api/v1/organisations/${w.schoolA.id}/invitations`, invite, bearer))
        .statusCode,
    ).toBe(401);
    expect(
      (await api.json("DELETE", `/api/v1/memberships/${w.memberMembership.id}`, undefined, bearer))
        .statusCode,
    ).toBe(401);
    expect(await teamRowCounts(t.db)).toEqual(before);
  });
});
