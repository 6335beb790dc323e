import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { auditLog } from "../../platform/audit/schema";
import { queryRows } from "../../platform/db/client";
import { buildUser } from "../../seed/factories";
import { organisations } from "./schema";
import { findByNcesId, type Organisation } from "./service";
import { buildSampleDirectory } from "./test-factories";

describe.each(DATABASES)("organisation admin on %s", (kind) => {
  let t: TestApp;
  let md: Organisation;
  let va: Organisation;
  let district: Organisation;
  let otherDistrict: Organisation;
  let lincoln: Organisation;

  beforeAll(async () => {
    t = await startTestApp(kind);
    ({ md, va, district, otherDistrict, lincoln } = await buildSampleDirectory(t.db));
  });
  afterAll(() => t?.close());

  it("refuses a non-admin before looking at the body: 403 for good and bad input alike, nothing written", async () => {
    const counts = () =>
      queryRows(
        t.db,
        sql`select (select count(*)::int from organisations) as orgs, (select count(*)::int from audit_log) as audit`,
      );
    const before = await counts();
    const lead = await buildUser(t.db, { name: "Lee Lead" });
    const client = await signedInClient(t, lead.id);
    const bad = { kind: "planet", name: "", enrollment: "many" };
    expect((await client.json("POST", "/api/v1/organisations", bad)).statusCode).toBe(403);
    expect((await client.json("PATCH", `/api/v1/organisations/${lincoln.id}`, bad)).statusCode).toBe(403);
    expect(
      (await client.json("PATCH", `/api/v1/organisations/${lincoln.id}`, { name: "Taken Over" })).statusCode,
    ).toBe(403);
    await client.get("/directory");
    expect(
      (await client.postForm(`/admin/organisations/${lincoln.id}`, { name: "Taken Over" })).statusCode,
    ).toBe(403);
    expect((await client.get(`/admin/organisations/${lincoln.id}/edit`)).statusCode).toBe(403);
    expect((await client.json("GET", "/api/v1/imports")).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    const [row] = await t.db.select().from(organisations).where(eq(organisations.id, lincoln.id));
    expect(row!.name).toBe(lincoln.name);
  });

  it("lets only national admins manage organisations, with an audit trail", async () => {
    const user = await buildUser(t.db);
    const userClient = await signedInClient(t, user.id);
    const body = { kind: "school", name: "New Academy", parentId: district.id, ncesId: "240000100099" };
    expect((await userClient.get("/admin/organisations")).statusCode).toBe(403);
    expect((await userClient.get("/admin/organisations/new")).statusCode).toBe(403);
    expect((await userClient.postForm("/admin/organisations", { ...body })).statusCode).toBe(403);
    expect((await userClient.json("POST", "/api/v1/organisations", body)).statusCode).toBe(403);
    expect(
      (await userClient.json("PATCH", `/api/v1/organisations/${lincoln.id}`, { name: "X" })).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: "POST", url: "/api/v1/organisations", payload: body })).statusCode,
    ).toBe(401);
    expect((await new TestClient(t.app).get("/admin/organisations")).headers.location).toContain(
      "/sign-in?next=",
    );
    expect(await findByNcesId(t.db, "240000100099")).toBeNull();

    const admin = await buildUser(t.db, { systemRole: "admin" });
    const adminClient = await signedInClient(t, admin.id);
    const created = await adminClient.json("POST", "/api/v1/organisations", body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      stateCode: "MD",
      ancestorIds: [...md.ancestorIds, md.id, district.id],
    });
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "organisation.create"), eq(auditLog.entityId, created.json().id)));
    expect(entry?.actorId).toBe(admin.id);

    const duplicate = await adminClient.json("POST", "/api/v1/organisations", { ...body, name: "Copy" });
    expect(duplicate.statusCode).toBe(409);
    const wrongParent = await adminClient.json("POST", "/api/v1/organisations", {
      ...body,
      ncesId: "240000100098",
      parentId: md.id,
    });
    expect(wrongParent.statusCode).toBe(400);
    expect(wrongParent.json().errors[0].pointer).toBe("/body/parentId");
    const badText = await adminClient.json("POST", "/api/v1/organisations", {
      ...body,
      ncesId: "240000100097",
      name: "a\u0000b",
    });
    expect(badText.statusCode).toBe(400);
    expect(await findByNcesId(t.db, "240000100097")).toBeNull();

    // Moving a district to another state carries its schools along.
    const moved = await adminClient.json("PATCH", `/api/v1/organisations/${otherDistrict.id}`, {
      stateCode: "VA",
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: va.id, stateCode: "VA" });
    const [hilltop] = await t.db.select().from(organisations).where(eq(organisations.ncesId, "240000200001"));
    expect(hilltop!.ancestorIds).toEqual([...va.ancestorIds, va.id, otherDistrict.id]);
    expect(hilltop!.stateCode).toBe("VA");
    const [updateEntry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "organisation.update"), eq(auditLog.entityId, otherDistrict.id)));
    expect(updateEntry?.before).toMatchObject({ stateCode: "MD" });
    expect(updateEntry?.after).toMatchObject({ stateCode: "VA" });
    const cycle = await adminClient.json("PATCH", `/api/v1/organisations/${lincoln.id}`, {
      parentId: lincoln.id,
    });
    expect(cycle.statusCode).toBe(400);
    expect((await adminClient.json("PATCH", `/api/v1/organisations/${lincoln.id}`, {})).statusCode).toBe(400);
  });

  it("creates and edits organisations through the admin forms, re-showing bad input", async () => {
    const admin = await buildUser(t.db, { systemRole: "admin" });
    const client = await signedInClient(t, admin.id);
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(organisations);
    const form = await client.get(`/admin/organisations/new?kind=school&parentId=${district.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${district.id}"`);
    const bad = await client.postForm("/admin/organisations", {
      kind: "school",
      name: "",
      parentId: district.id,
      enrollment: "lots",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("usa-error-message");
    expect(bad.body).toContain('value="lots"');
    const wrongNces = await client.postForm("/admin/organisations", {
      kind: "school",
      name: "Form School",
      parentId: district.id,
      ncesId: "2400001",
    });
    expect(wrongNces.statusCode).toBe(400);
    expect(wrongNces.body).toContain("wrong length");
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(organisations);
    expect(after[0]!.n).toBe(before[0]!.n);

    const ok = await client.postForm("/admin/organisations", {
      kind: "school",
      name: "Form School",
      parentId: district.id,
      ncesId: "240000100050",
      enrollment: "250",
      locale: "41",
    });
    expect(ok.statusCode).toBe(303);
    const created = await findByNcesId(t.db, "240000100050");
    expect(created).toMatchObject({ name: "Form School", enrollment: 250, locale: "41" });
    const edit = await client.get(`/admin/organisations/${created!.id}/edit`);
    expect(edit.body).toContain('value="Form School"');
    const saved = await client.postForm(`/admin/organisations/${created!.id}`, {
      kind: "school",
      name: "Form School Renamed",
      parentId: district.id,
      ncesId: "240000100050",
    });
    expect(saved.statusCode).toBe(303);
    const renamed = await findByNcesId(t.db, "240000100050");
    expect(renamed).toMatchObject({ name: "Form School Renamed", enrollment: null });
    const list = await client.get("/admin/organisations?q=renamed");
    expect(list.body).toContain("Form School Renamed");

    // A state keeps its place; only its details change.
    const stateForm = await client.postForm(`/admin/organisations/${va.id}`, {
      name: "Virginia",
      website: "https://example.org/va",
    });
    expect(stateForm.statusCode).toBe(303);
    const vaAfter = (await t.db.select().from(organisations).where(eq(organisations.id, va.id)))[0]!;
    expect(vaAfter).toMatchObject({
      kind: "state",
      parentId: va.parentId,
      website: "https://example.org/va",
    });
    const moveState = await client.json("PATCH", `/api/v1/organisations/${va.id}`, { parentId: md.id });
    expect(moveState.statusCode).toBe(400);
  });
});
