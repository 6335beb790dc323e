import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { recordAudit } from "../../platform/audit";
import { auditLog } from "../../platform/audit/schema";
import { sessions, users } from "../../platform/auth/schema";
import { queryRows } from "../../platform/db/client";
import { queueEmail } from "../../platform/email";
import { enqueueJob } from "../../platform/jobs";
import { jobs } from "../../platform/jobs/schema";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../seed/factories";

describe.each(DATABASES)("national administration on %s", (kind) => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof buildUser>>;
  let member: Awaited<ReturnType<typeof buildUser>>;
  let adminClient: TestClient;
  let memberClient: TestClient;

  const auditCount = async () =>
    (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log`))[0]!.n;
  const auditFor = (entityId: string) =>
    t.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await buildUser(t.db, {
      systemRole: "admin",
      name: "Ada Adminson",
      email: `ada-${kind}@example.org`,
    });
    member = await buildUser(t.db, { name: "Mona Member", stakeholderRole: "family_member" });
    adminClient = await signedInClient(t, admin.id);
    memberClient = await signedInClient(t, member.id);
  });
  afterAll(() => t?.close());

  describe("access", () => {
    it("sends signed-out people to sign in and back, and answers the API with 401", async () => {
      const anonymous = new TestClient(t.app);
      const page = await anonymous.get("/admin/users?q=ada");
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe(`/sign-in?next=${encodeURIComponent("/admin/users?q=ada")}`);
      const api = await anonymous.get("/api/v1/admin/users");
      expect(api.statusCode).toBe(401);
      expect(api.headers["content-type"]).toContain("application/problem+json");
    });

    it("refuses signed-in people without admin.manage with a 403 page and a 403 problem", async () => {
      for (const path of [
        "/admin",
        "/admin/users",
        "/admin/outbox",
        "/admin/audit",
        "/admin/audit.csv",
        "/admin/jobs",
      ]) {
        const res = await memberClient.get(path);
        expect(res.statusCode, path).toBe(403);
      }
      expect((await memberClient.get("/admin")).body).toContain("You do not have access");
      const api = await memberClient.json("PATCH", `/api/v1/admin/users/${member.id}`, {
        systemRole: "admin",
      });
      expect(api.statusCode).toBe(403);
      const form = await memberClient.postForm(`/admin/users/${member.id}`, { systemRole: "admin" });
      expect(form.statusCode).toBe(403);
      const [row] = await t.db.select().from(users).where(eq(users.id, member.id));
      expect(row!.systemRole).toBe("user");
    });
  });

  it("shows the dashboard with counts and links to every section, in English and Spanish", async () => {
    const res = await adminClient.get("/admin");
    expect(res.statusCode).toBe(200);
    for (const href of [
      "/admin/users",
      "/admin/organisations",
      "/admin/imports",
      "/admin/outbox",
      "/admin/audit",
      "/admin/jobs",
    ]) {
      expect(res.body).toContain(`href="${href}"`);
    }
    const [{ n }] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from users`);
    expect(res.body).toContain(`<span data-count="countUsers">${n}</span>`);
    expect(res.body).toContain("States and territories");
    const es = await adminClient.get("/admin", { "accept-language": "es" });
    expect(es.body).toContain("Administración nacional");
  });

  describe("people", () => {
    it("searches by name or email and filters by role, on the page and in the API", async () => {
      const page = await adminClient.get("/admin/users?q=mona");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="/admin/users/${member.id}"`);
      expect(page.body).not.toContain(`href="/admin/users/${admin.id}"`);

      const byEmail = await adminClient.get(`/api/v1/admin/users?q=${encodeURIComponent(`ada-${kind}@`)}`);
      expect(byEmail.json().items.map((u: { id: string }) => u.id)).toEqual([admin.id]);
      const admins = await adminClient.get("/api/v1/admin/users?systemRole=admin");
      expect(admins.json().items.every((u: { systemRole: string }) => u.systemRole === "admin")).toBe(true);
      const families = await adminClient.get("/api/v1/admin/users?stakeholderRole=family_member");
      expect(families.json().items.map((u: { id: string }) => u.id)).toContain(member.id);
      const paged = await adminClient.get("/api/v1/admin/users?perPage=1&page=2");
      expect(paged.json()).toMatchObject({ page: 2, perPage: 1 });
      expect(paged.json().items).toHaveLength(1);
      expect(paged.json().total).toBeGreaterThanOrEqual(2);
    });

    it("shows a person with their teams", async () => {
      const { district } = await buildDistrictWithSchools(t.db, "MD", 1);
      await addMembership(t.db, member.id, district.id, "lead");
      const page = await adminClient.get(`/admin/users/${member.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(district.name);
      const api = await adminClient.get(`/api/v1/admin/users/${member.id}`);
      expect(api.json().memberships).toEqual([
        expect.objectContaining({ organisationId: district.id, role: "lead" }),
      ]);
      expect((await adminClient.get(`/api/v1/admin/users/${crypto.randomUUID()}`)).statusCode).toBe(404);
    });

    it("changes a system role through the form, with an audit entry of before and after", async () => {
      const person = await buildUser(t.db);
      const res = await adminClient.postForm(`/admin/users/${person.id}`, { systemRole: "researcher" });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/users/${person.id}`);
      const [row] = await t.db.select().from(users).where(eq(users.id, person.id));
      expect(row!.systemRole).toBe("researcher");
      const entries = await auditFor(person.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorId: admin.id,
        action: "user.update",
        entityType: "user",
        before: { systemRole: "user" },
        after: { systemRole: "researcher" },
      });
      const next = await adminClient.get(`/admin/users/${person.id}`);
      expect(next.body).toContain("is now Researcher");
    });

    it("disables an account through the API, ending its sessions, and enables it again", async () => {
      const person = await buildUser(t.db);
      const personClient = await signedInClient(t, person.id);
      await signedInClient(t, person.id);
      const res = await adminClient.json("PATCH", `/api/v1/admin/users/${person.id}`, { disabled: true });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: person.id, disabled: true });
      expect(await t.db.select().from(sessions).where(eq(sessions.userId, person.id))).toHaveLength(0);
      expect((await personClient.get("/admin")).statusCode).toBe(303);
      const [entry] = await auditFor(person.id);
      expect(entry).toMatchObject({
        before: { disabled: false },
        after: { disabled: true, sessionsEnded: 2 },
      });

      const form = await adminClient.postForm(`/admin/users/${person.id}`, { disabled: "false" });
      expect(form.statusCode).toBe(303);
      const [row] = await t.db.select().from(users).where(eq(users.id, person.id));
      expect(row!.disabledAt).toBeNull();
      expect(await auditFor(person.id)).toHaveLength(2);
    });

    it("refuses to let an admin demote or disable themself, and writes nothing", async () => {
      const before = await auditCount();
      const api = await adminClient.json("PATCH", `/api/v1/admin/users/${admin.id}`, { systemRole: "user" });
      expect(api.statusCode).toBe(409);
      expect(api.json().detail).toContain("cannot remove your own admin role");
      const disable = await adminClient.json("PATCH", `/api/v1/admin/users/${admin.id}`, { disabled: true });
      expect(disable.statusCode).toBe(409);
      const form = await adminClient.postForm(`/admin/users/${admin.id}`, { systemRole: "researcher" });
      expect(form.statusCode).toBe(409);
      expect(form.body).toContain("You cannot remove your own admin role");
      const [row] = await t.db.select().from(users).where(eq(users.id, admin.id));
      expect(row!.systemRole).toBe("admin");
      expect(row!.disabledAt).toBeNull();
      expect(await t.db.select().from(sessions).where(eq(sessions.userId, admin.id))).not.toHaveLength(0);
      expect(await auditCount()).toBe(before);
    });

    it("sends a new verification email to an unverified person, readable in the outbox", async () => {
      const person = await buildUser(t.db, { verified: false });
      const page = await adminClient.get(`/admin/users/${person.id}`);
      expect(page.body).toContain(`action="/admin/users/${person.id}/resend-verification"`);
      const res = await adminClient.json("POST", `/api/v1/admin/users/${person.id}/resend-verification`);
      expect(res.statusCode).toBe(202);
      const form = await adminClient.postForm(`/admin/users/${person.id}/resend-verification`, {});
      expect(form.statusCode).toBe(303);
      const list = (
        await adminClient.get(`/api/v1/admin/outbox?to=${encodeURIComponent(person.email)}`)
      ).json();
      expect(list.total).toBe(2);
      const message = (await adminClient.get(`/api/v1/admin/outbox/${list.items[0].id}`)).json();
      expect(message.links.some((l: string) => l.includes("/verify-email/"))).toBe(true);
      const verified = await adminClient.json("POST", `/api/v1/admin/users/${admin.id}/resend-verification`);
      expect(verified.statusCode).toBe(409);
    });

    it("rejects bad input with 400 and writes nothing", async () => {
      const person = await buildUser(t.db);
      const before = await auditCount();
      const cases: [string, string, unknown][] = [
        ["PATCH", "/api/v1/admin/users/not-a-uuid", { systemRole: "admin" }],
        ["PATCH", `/api/v1/admin/users/${person.id}`, { systemRole: "superuser" }],
        ["PATCH", `/api/v1/admin/users/${person.id}`, { systemRole: "admin\u0000" }],
        ["PATCH", `/api/v1/admin/users/${person.id}`, {}],
        ["GET", "/api/v1/admin/users?q=ad%00a", undefined],
        ["GET", "/api/v1/admin/users?systemRole=root", undefined],
        ["GET", "/api/v1/admin/outbox?to=not-an-email", undefined],
        ["GET", "/api/v1/admin/audit?from=2026-13-45", undefined],
        ["GET", "/api/v1/admin/outbox/123", undefined],
      ];
      for (const [method, url, body] of cases) {
        const res = await adminClient.json(method as "GET", url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(400);
        expect(res.headers["content-type"]).toContain("application/problem+json");
      }
      const form = await adminClient.postForm(`/admin/users/${person.id}`, { systemRole: "superuser" });
      expect(form.statusCode).toBe(400);
      expect(form.body).toContain("usa-error-message");
      // A post with no field at all changes nothing and asks again, like the API's empty body.
      const empty = await adminClient.postForm(`/admin/users/${person.id}`, {});
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain("usa-error-message");
      expect((await adminClient.get("/admin/users?q=%1Bx")).statusCode).toBe(400);
      expect((await adminClient.get("/admin/users/not-a-uuid")).statusCode).toBe(400);
      const [row] = await t.db.select().from(users).where(eq(users.id, person.id));
      expect(row!.systemRole).toBe("user");
      expect(await auditCount()).toBe(before);
    });
  });

  describe("email outbox", () => {
    it("lists queued email newest first and shows a message's escaped text and links", async () => {
      const to = `reader-${kind}@example.org`;
      await queueEmail(t.db, { to, subject: "Older message", text: "Nothing to click." });
      const id = await queueEmail(t.db, {
        to,
        subject: "Verify your email address",
        text: "Hello <script>alert(1)</script>,\n\nOpen https://smh.example/verify?token=abc123 to confirm.\n",
      });
      const list = await adminClient.get(`/api/v1/admin/outbox?to=${encodeURIComponent(to.toUpperCase())}`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((m: { subject: string }) => m.subject)).toEqual([
        "Verify your email address",
        "Older message",
      ]);
      expect(list.json().total).toBe(2);

      const page = await adminClient.get(`/admin/outbox?to=${encodeURIComponent(to)}`);
      expect(page.body).toContain(`href="/admin/outbox/${id}"`);

      const detail = await adminClient.get(`/admin/outbox/${id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain("&lt;script>alert(1)&lt;/script>");
      expect(detail.body).not.toContain("<script>alert(1)");
      expect(detail.body).toContain('href="https://smh.example/verify?token=abc123"');
      const api = await adminClient.get(`/api/v1/admin/outbox/${id}`);
      expect(api.json()).toMatchObject({
        to,
        status: "queued",
        links: ["https://smh.example/verify?token=abc123"],
      });
      expect((await adminClient.get(`/admin/outbox/${crypto.randomUUID()}`)).statusCode).toBe(404);
    });
  });

  describe("audit log", () => {
    it("lists, filters and exports entries", async () => {
      const entityId = crypto.randomUUID();
      await t.db.transaction((tx) =>
        recordAudit(tx, {
          actorId: admin.id,
          action: "organisation.rename",
          entityType: "organisation",
          entityId,
          before: { name: "Old Name", city: "Towson" },
          after: { name: "New Name", city: "Towson" },
        }),
      );
      const found = await adminClient.get(
        "/api/v1/admin/audit?entityType=organisation&action=organisation.rename",
      );
      expect(found.statusCode).toBe(200);
      const item = found.json().items.find((e: { entityId: string }) => e.entityId === entityId);
      expect(item).toMatchObject({
        actorEmail: admin.email,
        changes: [{ key: "name", before: "Old Name", after: "New Name" }],
      });

      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const byActor = await adminClient.get(
        `/api/v1/admin/audit?actorEmail=${encodeURIComponent(admin.email)}&from=${today}&to=${today}`,
      );
      expect(byActor.statusCode, byActor.body).toBe(200);
      expect(byActor.json().items.map((e: { entityId: string }) => e.entityId)).toContain(entityId);
      expect((await adminClient.get(`/api/v1/admin/audit?from=${tomorrow}`)).json().total).toBe(0);
      expect((await adminClient.get("/api/v1/admin/audit?entityType=nothing-like-this")).json().total).toBe(
        0,
      );
      expect(
        (await adminClient.get("/api/v1/admin/audit?actorEmail=nobody%40example.org")).json().total,
      ).toBe(0);

      const page = await adminClient.get("/admin/audit?entityType=organisation");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(entityId);
      expect(page.body).toContain("Old Name");
      expect(page.body).toContain("New Name");
      expect(page.body).not.toContain("Towson"); // unchanged keys are not in the diff
      expect(page.body).toContain('href="/admin/audit.csv?entityType=organisation"');

      const csv = await adminClient.get("/admin/audit.csv?entityType=organisation");
      expect(csv.statusCode).toBe(200);
      expect(csv.headers["content-type"]).toContain("text/csv");
      const lines = csv.body.trim().split("\n");
      expect(lines[0]).toBe(
        "id,at,actor_email,actor_name,action,entity_type,entity_id,scope_id,before,after",
      );
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.slice(1).every((l) => l.includes(",organisation,"))).toBe(true);
      expect(csv.body).toContain(entityId);
      expect((await adminClient.get("/admin/audit?from=yesterday")).statusCode).toBe(400);
    });
  });

  it("describes the admin API in OpenAPI under the admin tag, with response schemas", async () => {
    const doc = (await t.app.inject({ url: "/api/v1/openapi.json" })).json();
    const expected = [
      ["get", "/api/v1/admin/users"],
      ["get", "/api/v1/admin/users/{id}"],
      ["patch", "/api/v1/admin/users/{id}"],
      ["get", "/api/v1/admin/outbox"],
      ["get", "/api/v1/admin/outbox/{id}"],
      ["get", "/api/v1/admin/audit"],
    ];
    for (const [method, path] of expected) {
      const operation = doc.paths[path!]?.[method!];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.tags).toEqual(["admin"]);
      expect(operation.responses["200"].content["application/json"].schema).toBeDefined();
    }
    expect(Object.keys(doc.paths).some((p) => p.startsWith("/admin"))).toBe(false);
  });

  describe("background jobs", () => {
    it("shows counts and failed jobs, and retries a failed job with an audit entry", async () => {
      await enqueueJob(t.db, "test.broken", { n: 1 });
      const [job] = await t.db.select().from(jobs).where(eq(jobs.kind, "test.broken"));
      await t.db
        .update(jobs)
        .set({ status: "failed", attempts: 5, lastError: "Mail server said no" })
        .where(eq(jobs.id, job!.id));
      const page = await adminClient.get("/admin/jobs");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("test.broken");
      expect(page.body).toContain("Mail server said no");
      const api = await adminClient.get("/api/v1/admin/jobs");
      expect(api.json().counts).toContainEqual({ kind: "test.broken", status: "failed", count: 1 });

      const retry = await adminClient.postForm(`/admin/jobs/${job!.id}/retry`, {});
      expect(retry.statusCode).toBe(303);
      const [after] = await t.db.select().from(jobs).where(eq(jobs.id, job!.id));
      expect(after).toMatchObject({ status: "queued", attempts: 0 });
      const entries = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "job"), eq(auditLog.entityId, String(job!.id))));
      expect(entries).toHaveLength(1);
      const again = await adminClient.json("POST", `/api/v1/admin/jobs/${job!.id}/retry`);
      expect(again.statusCode).toBe(409);
    });
  });
});
