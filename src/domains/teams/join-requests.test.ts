import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { outbox } from "../../platform/email/schema";
import { joinRequests } from "./schema";
import { auditActions, buildTeamWorld, mailTo, membershipIn, teamRowCounts } from "./test-world";

describe.each(DATABASES)("asking to join a team on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("lets a person ask on the page, emails the lead, and the lead approves on the team page", async () => {
    const w = await buildTeamWorld(t.db);
    const requester = await signedInClient(t, w.outsider.id);

    const form = await requester.get(`/organisations/${w.schoolA.id}/join`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("Do not include any information about students");

    const sent = await requester.postForm(`/organisations/${w.schoolA.id}/join-requests`, {
      message: "I coordinate the family nights.\nHappy to help.",
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/organisations/${w.schoolA.id}/join`);
    const pendingPage = await requester.get(`/organisations/${w.schoolA.id}/join`);
    expect(pendingPage.body).toContain("Your request was sent");
    expect(pendingPage.body).toContain("Withdraw my request");

    // Asking twice is answered kindly and writes nothing.
    const again = await requester.postForm(`/organisations/${w.schoolA.id}/join-requests`, { message: "" });
    expect(again.statusCode).toBe(303);
    expect((await requester.get(`/organisations/${w.schoolA.id}/join`)).body).toContain(
      "already asked to join",
    );
    const requests = await t.db.select().from(joinRequests).where(eq(joinRequests.userId, w.outsider.id));
    expect(requests).toHaveLength(1);

    await t.runJobs();
    const mail = await mailTo(t.db, w.lead.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain("Omar Outsider");
    expect(mail[0]!.text).toContain(`/organisations/${w.schoolA.id}/team`);
    expect(mail[0]!.status).toBe("stored");

    const lead = await signedInClient(t, w.lead.id);
    const teamPage = await lead.get(`/organisations/${w.schoolA.id}/team`);
    expect(teamPage.statusCode).toBe(200);
    expect(teamPage.body).toContain("Omar Outsider");
    expect(teamPage.body).toContain("I coordinate the family nights.<br/>Happy to help.");
    const approve = await lead.postForm(
      `/organisations/${w.schoolA.id}/join-requests/${requests[0]!.id}/approve`,
      {},
    );
    expect(approve.statusCode).toBe(303);
    expect((await lead.get(`/organisations/${w.schoolA.id}/team`)).body).toContain(
      "Omar Outsider is now on the team",
    );

    expect((await membershipIn(t.db, w.outsider.id, w.schoolA.id))?.role).toBe("member");
    const ownPage = await requester.get(`/organisations/${w.schoolA.id}/team`);
    expect(ownPage.statusCode).toBe(200);
    expect(ownPage.body).toContain("Lena Lead");
    expect(ownPage.body).not.toContain("Requests to join");
    expect(await auditActions(t.db, w.schoolA.id)).toEqual([
      "team.join_request.create",
      "team.join_request.approve",
      "team.membership.create",
    ]);
    expect((await mailTo(t.db, w.outsider.email))[0]!.subject).toContain("You are on the team");
  });

  it("works the same through the API, with leads only listing and deciding", async () => {
    const w = await buildTeamWorld(t.db);
    const requester = await signedInClient(t, w.outsider.id);
    const created = await requester.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {
      message: "District family liaison",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      status: "pending",
      organisationId: w.schoolA.id,
      userId: w.outsider.id,
    });
    const duplicate = await requester.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {});
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers["content-type"]).toContain("application/problem+json");

    const lead = await signedInClient(t, w.lead.id);
    const listed = await lead.json("GET", `/api/v1/organisations/${w.schoolA.id}/join-requests`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ name: "Omar Outsider", message: "District family liaison" }),
    ]);
    const member = await signedInClient(t, w.member.id);
    expect((await member.json("GET", `/api/v1/organisations/${w.schoolA.id}/join-requests`)).statusCode).toBe(
      403,
    );
    const requestId = created.json().id as string;
    expect((await member.json("POST", `/api/v1/join-requests/${requestId}/approve`)).statusCode).toBe(403);
    const peer = await signedInClient(t, w.peer.id);
    expect((await peer.json("GET", `/api/v1/organisations/${w.schoolA.id}/join-requests`)).statusCode).toBe(
      404,
    );
    expect((await peer.json("POST", `/api/v1/join-requests/${requestId}/approve`)).statusCode).toBe(404);

    const approved = await lead.json("POST", `/api/v1/join-requests/${requestId}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().request.status).toBe("approved");
    expect(approved.json().membership).toMatchObject({ userId: w.outsider.id, role: "member" });
    expect((await lead.json("POST", `/api/v1/join-requests/${requestId}/decline`)).statusCode).toBe(409);

    const members = await requester.json("GET", `/api/v1/organisations/${w.schoolA.id}/members`);
    expect(members.statusCode).toBe(200);
    expect(members.json().items.map((m: { name: string }) => m.name)).toContain("Omar Outsider");
  });

  it("declines on the page and through the API, and lets the requester withdraw", async () => {
    const w = await buildTeamWorld(t.db);
    const lead = await signedInClient(t, w.lead.id);
    const first = await signedInClient(t, w.outsider.id);
    const second = await signedInClient(t, w.peer.id);
    const a = (await first.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {})).json();
    const b = (await second.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {})).json();

    await lead.get(`/organisations/${w.schoolA.id}/team`);
    expect(
      (await lead.postForm(`/organisations/${w.schoolA.id}/join-requests/${a.id}/decline`, {})).statusCode,
    ).toBe(303);
    expect((await lead.get(`/organisations/${w.schoolA.id}/team`)).body).toContain("was declined");
    expect(await membershipIn(t.db, w.outsider.id, w.schoolA.id)).toBeNull();

    // The requester, not the lead, withdraws.
    expect((await lead.json("DELETE", `/api/v1/join-requests/${b.id}`)).statusCode).toBe(404);
    expect((await second.json("DELETE", `/api/v1/join-requests/${b.id}`)).statusCode).toBe(204);
    expect((await lead.json("POST", `/api/v1/join-requests/${b.id}/decline`)).statusCode).toBe(409);

    const again = (
      await first.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {})
    ).json();
    const declined = await lead.json("POST", `/api/v1/join-requests/${again.id}/decline`);
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ request: { status: "declined" }, membership: null });

    const rows = await t.db.select().from(joinRequests).where(eq(joinRequests.organisationId, w.schoolA.id));
    expect(rows.map((r) => r.status).sort()).toEqual(["declined", "declined", "withdrawn"]);
    expect(await auditActions(t.db, w.schoolA.id)).toEqual([
      "team.join_request.create",
      "team.join_request.create",
      "team.join_request.decline",
      "team.join_request.withdraw",
      "team.join_request.create",
      "team.join_request.decline",
    ]);
  });

  it("asks for a confirmed email and a signed-in person, and writes nothing otherwise", async () => {
    const w = await buildTeamWorld(t.db);
    const before = await teamRowCounts(t.db);
    const unverified = await signedInClient(t, w.unverified.id);
    const page = await unverified.get(`/organisations/${w.schoolA.id}/join`);
    expect(page.body).toContain("Confirm your email address first");
    expect(page.body).not.toContain("Send request");
    const api = await unverified.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {});
    expect(api.statusCode).toBe(403);
    // The declared rule (scope.requestJoin) refuses the unverified and those already on the team alike.
    const member = await signedInClient(t, w.member.id);
    expect(
      (await member.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {})).statusCode,
    ).toBe(403);
    await member.get(`/organisations/${w.schoolA.id}/join`);
    expect((await member.postForm(`/organisations/${w.schoolA.id}/join-requests`, {})).statusCode).toBe(403);

    const anonymous = new TestClient(t.app);
    expect(
      (await anonymous.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {})).statusCode,
    ).toBe(401);
    const signedOutPage = await anonymous.get(`/organisations/${w.schoolA.id}/join`);
    expect(signedOutPage.body).toContain(
      `/sign-in?next=${encodeURIComponent(`/organisations/${w.schoolA.id}/join`)}`,
    );
    await anonymous.get("/sign-in"); // a browser arrives at the form with a page's CSRF token
    const post = await anonymous.postForm(`/organisations/${w.schoolA.id}/join-requests`, {});
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toContain("/sign-in?next=");
    expect(await teamRowCounts(t.db)).toEqual(before);
  });

  it("caps requests per person per hour, so nobody can flood the leads' inboxes", async () => {
    const w = await buildTeamWorld(t.db);
    await t.db.execute(
      sql`insert into throttles (key, window_start, hits) values (${`teams.join:${w.outsider.id}`}, now(), 20)`,
    );
    const before = await teamRowCounts(t.db);
    const client = await signedInClient(t, w.outsider.id);
    const res = await client.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {});
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe("tooMany");
    expect(await teamRowCounts(t.db)).toEqual(before);
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    const w = await buildTeamWorld(t.db);
    const before = await teamRowCounts(t.db);
    const client = await signedInClient(t, w.outsider.id);
    const url = `/api/v1/organisations/${w.schoolA.id}/join-requests`;
    // Ids that are not uuids name nothing: the access rule's loader answers 404 before validation.
    expect((await client.json("POST", "/api/v1/organisations/not-a-uuid/join-requests", {})).statusCode).toBe(
      404,
    );
    expect((await client.json("POST", url, { message: "x".repeat(1024 * 1024) })).statusCode).toBe(400);
    expect((await client.json("POST", url, { message: "bell \u0007 here" })).statusCode).toBe(400);
    expect((await client.json("POST", url, { message: { nested: true } })).statusCode).toBe(400);
    expect((await client.json("POST", "/api/v1/join-requests/not-a-uuid/approve")).statusCode).toBe(404);

    const page = await client.postForm(`/organisations/${w.schoolA.id}/join-requests`, {
      message: "x".repeat(2001),
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("There is a problem");
    expect(page.body).toContain("x".repeat(2001));
    const control = await client.postForm(`/organisations/${w.schoolA.id}/join-requests`, {
      message: "nul \u0000 byte",
    });
    expect(control.statusCode).toBe(400);
    expect((await client.postForm("/organisations/nope/join-requests", {})).statusCode).toBe(404);
    expect(await teamRowCounts(t.db)).toEqual(before);
    expect(await t.db.select().from(outbox).where(eq(outbox.to, w.lead.email))).toHaveLength(0);
  });
});
