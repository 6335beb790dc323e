import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { sha256 } from "../../platform/auth/tokens";
import { addMembership, buildUser } from "../../seed/factories";
import { invitations } from "./schema";
import { auditActions, buildTeamWorld, mailTo, membershipIn, teamRowCounts } from "./test-world";

const invitationPath = (text: string) => text.match(/https?:\/\/[^\s]+(\/invitations\/[A-Za-z0-9_-]+)/)?.[1];

describe.each(DATABASES)("managing a team on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("shows the team to its members and the levels above, and a 404 to a peer school", async () => {
    const w = await buildTeamWorld(t.db);
    const url = `/organisations/${w.schoolA.id}/team`;
    const member = await signedInClient(t, w.member.id);
    const page = await member.get(url);
    expect(page.statusCode).toBe(200);
    for (const text of ["Lena Lead", "Milo Member", "Family member", "Team lead"])
      expect(page.body).toContain(text);
    expect(page.body).not.toContain("Invite someone by email");

    for (const scope of [w.district, w.state]) {
      const above = await buildUser(t.db, { name: "Above Person" });
      await addMembership(t.db, above.id, scope.id, "lead");
      const client = await signedInClient(t, above.id);
      const seen = await client.get(url);
      expect(seen.statusCode).toBe(200);
      expect(seen.body).toContain("Milo Member");
      // Reading from above is not managing: no lead tools for the district or state.
      expect(seen.body).not.toContain("Invite someone by email");
      expect(
        (await client.json("PATCH", `/api/v1/memberships/${w.memberMembership.id}`, { role: "lead" }))
          .statusCode,
      ).toBe(403);
    }

    const peer = await signedInClient(t, w.peer.id);
    const hidden = await peer.get(url);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain("Milo Member");
    expect((await peer.json("GET", `/api/v1/organisations/${w.schoolA.id}/members`)).statusCode).toBe(404);
    expect((await peer.json("GET", `/api/v1/organisations/${w.schoolA.id}/invitations`)).statusCode).toBe(
      404,
    );
    const patch = await peer.json("PATCH", `/api/v1/memberships/${w.memberMembership.id}`, { role: "lead" });
    expect(patch.statusCode).toBe(404);
    expect((await peer.json("DELETE", `/api/v1/memberships/${w.memberMembership.id}`)).statusCode).toBe(404);

    const anonymous = new TestClient(t.app);
    const redirect = await anonymous.get(url);
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    expect((await anonymous.json("GET", `/api/v1/organisations/${w.schoolA.id}/members`)).statusCode).toBe(
      401,
    );

    const es = await signedInClient(t, w.member.id);
    es.cookies.set("smh_lang", "es");
    const spanish = await es.get(url);
    expect(spanish.body).toContain('<html lang="es"');
    expect(spanish.body).toContain("Miembros");
    expect(spanish.body).toContain("Líder del equipo");
  });

  it("invites by email: the link is mailed, only its hash is kept, and the invited address accepts", async () => {
    const w = await buildTeamWorld(t.db);
    const lead = await signedInClient(t, w.lead.id);
    await lead.get(`/organisations/${w.schoolA.id}/team`);
    const email = `Invitee.${Date.now()}@Example.org`;
    const sent = await lead.postForm(`/organisations/${w.schoolA.id}/invitations`, { email, role: "member" });
    expect(sent.statusCode).toBe(303);
    const teamPage = await lead.get(`/organisations/${w.schoolA.id}/team`);
    expect(teamPage.body).toContain(`An invitation was sent to ${email}`);
    expect(teamPage.body).toContain("Open invitations");

    expect(await t.runJobs()).toBeGreaterThan(0);
    const [mail] = await mailTo(t.db, email);
    expect(mail?.status).toBe("stored");
    const path = invitationPath(mail!.text)!;
    expect(path).toBeDefined();
    const token = path.split("/").pop()!;
    const [stored] = await t.db
      .select()
      .from(invitations)
      .where(eq(invitations.organisationId, w.schoolA.id));
    expect(stored!.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const days = (stored!.expiresAt.getTime() - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);

    const anonymous = new TestClient(t.app);
    const landing = await anonymous.get(path);
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toContain(w.schoolA.name);
    expect(landing.body).toContain(`/sign-in?next=${encodeURIComponent(path)}`);

    const stranger = await signedInClient(t, w.outsider.id);
    await stranger.get(path);
    const wrong = await stranger.postForm(`${path}/accept`, {});
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain("sent to a different email address");
    expect(await membershipIn(t.db, w.outsider.id, w.schoolA.id)).toBeNull();

    const invitee = await buildUser(t.db, { email: email.toLowerCase(), name: "Ines Invitee" });
    const client = await signedInClient(t, invitee.id);
    expect((await client.get(path)).body).toContain("Accept the invitation");
    const accepted = await client.postForm(`${path}/accept`, {});
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/organisations/${w.schoolA.id}/team`);
    expect((await membershipIn(t.db, invitee.id, w.schoolA.id))?.role).toBe("member");
    expect((await client.get(path)).statusCode).toBe(404);
    expect(await auditActions(t.db, w.schoolA.id)).toEqual([
      "team.invitation.create",
      "team.invitation.accept",
      "team.membership.create",
    ]);
  });

  it("invites, lists, revokes and accepts through the API, and refuses expired links", async () => {
    const w = await buildTeamWorld(t.db);
    const lead = await signedInClient(t, w.lead.id);
    const email = `api-invitee-${Date.now()}@example.org`;
    const created = await lead.json("POST", `/api/v1/organisations/${w.schoolA.id}/invitations`, {
      email,
      role: "lead",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email, role: "lead", status: "pending" });
    expect(created.json()).not.toHaveProperty("tokenHash");
    const member = await signedInClient(t, w.member.id);
    expect(
      (
        await member.json("POST", `/api/v1/organisations/${w.schoolA.id}/invitations`, {
          email,
          role: "member",
        })
      ).statusCode,
    ).toBe(403);
    expect((await member.json("GET", `/api/v1/organisations/${w.schoolA.id}/invitations`)).statusCode).toBe(
      403,
    );
    const existing = await lead.json("POST", `/api/v1/organisations/${w.schoolA.id}/invitations`, {
      email: w.member.email.toUpperCase(),
      role: "member",
    });
    expect(existing.statusCode).toBe(409);

    await t.runJobs();
    const token = invitationPath((await mailTo(t.db, email))[0]!.text)!
      .split("/")
      .pop()!;
    const invitee = await buildUser(t.db, { email });
    const client = await signedInClient(t, invitee.id);
    // The invitee had also asked to join; accepting answers that request too.
    expect(
      (await client.json("POST", `/api/v1/organisations/${w.schoolA.id}/join-requests`, {})).statusCode,
    ).toBe(201);
    const listed = await lead.json("GET", `/api/v1/organisations/${w.schoolA.id}/invitations`);
    expect(listed.json().items).toHaveLength(1);

    // Expired links are refused.
    await t.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, created.json().id));
    expect((await client.json("POST", "/api/v1/invitations/accept", { token })).statusCode).toBe(410);
    await t.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() + 86400_000) })
      .where(eq(invitations.id, created.json().id));

    const accepted = await client.json("POST", "/api/v1/invitations/accept", { token });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ organisationId: w.schoolA.id, role: "lead" });
    expect((await client.json("POST", "/api/v1/invitations/accept", { token })).statusCode).toBe(404);
    expect(
      (await lead.json("GET", `/api/v1/organisations/${w.schoolA.id}/join-requests`)).json().items,
    ).toEqual([]);

    const second = await lead.json("POST", `/api/v1/organisations/${w.schoolA.id}/invitations`, {
      email: "second@example.org",
      role: "member",
    });
    expect((await member.json("DELETE", `/api/v1/invitations/${second.json().id}`)).statusCode).toBe(403);
    expect((await lead.json("DELETE", `/api/v1/invitations/${second.json().id}`)).statusCode).toBe(204);
    await t.runJobs();
    const secondToken = invitationPath((await mailTo(t.db, "second@example.org"))[0]!.text)!
      .split("/")
      .pop()!;
    const secondPerson = await buildUser(t.db, { email: `second-${Date.now()}@example.org` });
    const revokedTry = await (await signedInClient(t, secondPerson.id)).json(
      "POST",
      "/api/v1/invitations/accept",
      {
        token: secondToken,
      },
    );
    expect(revokedTry.statusCode).toBe(404);
    expect(await auditActions(t.db, w.schoolA.id)).toEqual([
      "team.invitation.create",
      "team.join_request.create",
      "team.invitation.accept",
      "team.membership.create",
      "team.join_request.approve",
      "team.invitation.create",
      "team.invitation.revoke",
    ]);
  });

  it("changes roles and never leaves a team without a lead, unless an admin does it", async () => {
    const w = await buildTeamWorld(t.db);
    const lead = await signedInClient(t, w.lead.id);
    const demoteSelf = await lead.json("PATCH", `/api/v1/memberships/${w.leadMembership.id}`, {
      role: "member",
    });
    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.json().code).toBe("lastLead");
    expect((await lead.json("DELETE", `/api/v1/memberships/${w.leadMembership.id}`)).statusCode).toBe(409);
    expect((await lead.json("POST", `/api/v1/organisations/${w.schoolA.id}/leave`)).statusCode).toBe(409);

    await lead.get(`/organisations/${w.schoolA.id}/team`);
    const promote = await lead.postForm(
      `/organisations/${w.schoolA.id}/members/${w.memberMembership.id}/role`,
      {
        role: "lead",
      },
    );
    expect(promote.statusCode).toBe(303);
    expect((await lead.get(`/organisations/${w.schoolA.id}/team`)).body).toContain(
      "Milo Member is now team lead",
    );
    expect((await membershipIn(t.db, w.member.id, w.schoolA.id))?.role).toBe("lead");

    const demoted = await lead.json("PATCH", `/api/v1/memberships/${w.leadMembership.id}`, {
      role: "member",
    });
    expect(demoted.statusCode).toBe(200);
    expect(demoted.json().role).toBe("member");
    // Lena is now a plain member and may no longer change roles.
    expect(
      (await lead.json("PATCH", `/api/v1/memberships/${w.memberMembership.id}`, { role: "member" }))
        .statusCode,
    ).toBe(403);

    const milo = await signedInClient(t, w.member.id);
    await milo.get(`/organisations/${w.schoolA.id}/team`);
    const lastLeadForm = await milo.postForm(
      `/organisations/${w.schoolA.id}/members/${w.memberMembership.id}/role`,
      {
        role: "member",
      },
    );
    expect(lastLeadForm.statusCode).toBe(303);
    expect((await milo.get(`/organisations/${w.schoolA.id}/team`)).body).toContain(
      "A team needs at least one lead",
    );
    expect((await membershipIn(t.db, w.member.id, w.schoolA.id))?.role).toBe("lead");

    const admin = await signedInClient(t, w.admin.id);
    const byAdmin = await admin.json("PATCH", `/api/v1/memberships/${w.memberMembership.id}`, {
      role: "member",
    });
    expect(byAdmin.statusCode).toBe(200);
    expect(await auditActions(t.db, w.schoolA.id)).toEqual([
      "team.membership.change_role",
      "team.membership.change_role",
      "team.membership.change_role",
    ]);
  });

  it("removes a member after a confirmation page, and lets members leave", async () => {
    const w = await buildTeamWorld(t.db);
    const other = await buildUser(t.db, { name: "Otto Other" });
    const lead = await signedInClient(t, w.lead.id);
    const member = await signedInClient(t, w.member.id);

    // Members see no remove button and cannot remove through a crafted post.
    expect(
      (await member.get(`/organisations/${w.schoolA.id}/members/${w.leadMembership.id}/remove`)).statusCode,
    ).toBe(404);
    expect((await member.json("DELETE", `/api/v1/memberships/${w.leadMembership.id}`)).statusCode).toBe(403);

    const confirm = await lead.get(`/organisations/${w.schoolA.id}/members/${w.memberMembership.id}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain("Remove Milo Member from the team?");
    const removed = await lead.postForm(
      `/organisations/${w.schoolA.id}/members/${w.memberMembership.id}/remove`,
      {},
    );
    expect(removed.statusCode).toBe(303);
    expect((await lead.get(`/organisations/${w.schoolA.id}/team`)).body).toContain("Milo Member was removed");
    expect(await membershipIn(t.db, w.member.id, w.schoolA.id)).toBeNull();
    expect((await member.get(`/organisations/${w.schoolA.id}/team`)).statusCode).toBe(404);

    const invite = await lead.json("POST", `/api/v1/organisations/${w.schoolA.id}/invitations`, {
      email: other.email,
      role: "member",
    });
    expect(invite.statusCode).toBe(201);
    await t.runJobs();
    const token = invitationPath((await mailTo(t.db, other.email))[0]!.text)!
      .split("/")
      .pop()!;
    const otto = await signedInClient(t, other.id);
    expect((await otto.json("POST", "/api/v1/invitations/accept", { token })).statusCode).toBe(200);
    const leavePage = await otto.get(`/organisations/${w.schoolA.id}/leave`);
    expect(leavePage.statusCode).toBe(200);
    expect(leavePage.body).toContain("Leave the team of");
    const left = await otto.postForm(`/organisations/${w.schoolA.id}/leave`, {});
    expect(left.statusCode).toBe(303);
    expect(await membershipIn(t.db, other.id, w.schoolA.id)).toBeNull();

    // The last lead cannot leave.
    await lead.get(`/organisations/${w.schoolA.id}/leave`);
    expect((await lead.postForm(`/organisations/${w.schoolA.id}/leave`, {})).statusCode).toBe(303);
    expect((await membershipIn(t.db, w.lead.id, w.schoolA.id))?.role).toBe("lead");
    expect(await auditActions(t.db, w.schoolA.id)).toEqual([
      "team.membership.remove",
      "team.invitation.create",
      "team.invitation.accept",
      "team.membership.create",
      "team.membership.leave",
    ]);
  });

  it("refuses bad input with 400 and writes nothing", async () => {
    const w = await buildTeamWorld(t.db);
    const before = await teamRowCounts(t.db);
    const lead = await signedInClient(t, w.lead.id);
    const membership = `/api/v1/memberships/${w.memberMembership.id}`;
    expect((await lead.json("PATCH", membership, { role: "owner" })).statusCode).toBe(400);
    expect((await lead.json("PATCH", membership, {})).statusCode).toBe(400);
    // Ids that are not uuids name nothing: the access rule's loader answers 404 before validation.
    expect((await lead.json("PATCH", "/api/v1/memberships/123", { role: "lead" })).statusCode).toBe(404);
    expect((await lead.json("DELETE", "/api/v1/memberships/not-a-uuid")).statusCode).toBe(404);
    const invite = `/api/v1/organisations/${w.schoolA.id}/invitations`;
    expect((await lead.json("POST", invite, { email: "not an email", role: "member" })).statusCode).toBe(400);
    expect(
      (await lead.json("POST", invite, { email: "a\u0000b@example.org", role: "member" })).statusCode,
    ).toBe(400);
    expect((await lead.json("POST", invite, { email: "ok@example.org", role: "boss" })).statusCode).toBe(400);
    expect(
      (await lead.json("POST", "/api/v1/invitations/accept", { token: "x".repeat(500) })).statusCode,
    ).toBe(400);
    expect((await lead.json("POST", "/api/v1/invitations/accept", { token: "tab\there" })).statusCode).toBe(
      400,
    );

    await lead.get(`/organisations/${w.schoolA.id}/team`);
    const badRole = await lead.postForm(
      `/organisations/${w.schoolA.id}/members/${w.memberMembership.id}/role`,
      {
        role: "owner",
      },
    );
    expect(badRole.statusCode).toBe(400);
    const badInvite = await lead.postForm(`/organisations/${w.schoolA.id}/invitations`, {
      email: "nope",
      role: "member",
    });
    expect(badInvite.statusCode).toBe(400);
    expect(badInvite.body).toContain("There is a problem");
    expect(badInvite.body).toContain('value="nope"');
    expect((await lead.get("/organisations/not-a-uuid/team")).statusCode).toBe(404);
    expect((await lead.get("/invitations/%00bad")).statusCode).toBe(400);
    expect(await teamRowCounts(t.db)).toEqual(before);
  });
});
