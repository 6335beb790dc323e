import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { cyclesOfProject, getCycle, startCycle } from "../cycles/service";
import { createProject, type Project } from "../plans/service";
import { addNode, DiagramError, listNodes, moveNode } from "./service";

describe.each(DATABASES)("driver diagrams and PDSA cycles on %s", (kind) => {
  let t: TestApp;
  let leadId: string;
  let lead: TestClient;
  let districtMember: TestClient;
  let project: Project;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const { district, schools } = await buildDistrictWithSchools(t.db, "MD", 1);
    const [l, d] = [await buildUser(t.db), await buildUser(t.db)];
    await addMembership(t.db, l.id, schools[0]!.id, "lead");
    await addMembership(t.db, d.id, district.id);
    leadId = l.id;
    [lead, districtMember] = await Promise.all([l, d].map((u) => signedInClient(t, u.id)));
    project = await createProject(t.db, leadId, schools[0]!.id, { title: "Screening follow-up" });
  });
  afterAll(() => t?.close());

  it("refuses to move a node under its own descendant, and leaves the tree as it was", async () => {
    const p = await addNode(t.db, leadId, project, { kind: "driver", title: "Reliable referral process" });
    const s = await addNode(t.db, leadId, project, { kind: "driver", title: "Clear roles", parentId: p.id });
    const before = await listNodes(t.db, project.id);
    await expect(moveNode(t.db, leadId, project, p, s.id)).rejects.toBeInstanceOf(DiagramError);
    await expect(moveNode(t.db, leadId, project, p, s.id)).rejects.toMatchObject({ problem: "underItself" });
    await expect(moveNode(t.db, leadId, project, p, p.id)).rejects.toMatchObject({ problem: "underItself" });
    expect(await listNodes(t.db, project.id)).toEqual(before);
  });

  it("builds a diagram with the forms, moves and removes nodes, and draws it as SVG and a list", async () => {
    const base = `/improvement/projects/${project.id}`;
    expect((await lead.postForm(`${base}/diagram/drivers`, { title: "Family partnership" })).statusCode).toBe(
      303,
    );
    expect((await lead.postForm(`${base}/diagram/drivers`, { title: "Staff capacity" })).statusCode).toBe(
      303,
    );
    const nodes = await listNodes(t.db, project.id);
    const family = nodes.find((n) => n.title === "Family partnership")!;
    const staff = nodes.find((n) => n.title === "Staff capacity")!;
    const addedSecondary = await lead.postForm(`/improvement/nodes/${family.id}/children`, {
      kind: "driver",
      childTitle: "Two-way communication",
    });
    expect(addedSecondary.statusCode).toBe(303);
    const secondary = (await listNodes(t.db, project.id)).find((n) => n.title === "Two-way communication")!;
    // Only change ideas go under a secondary driver.
    const tooDeep = await lead.postForm(`/improvement/nodes/${secondary.id}/children`, {
      kind: "driver",
      childTitle: "Third level",
    });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.body).toContain("Drivers go two levels deep");
    expect(
      (
        await lead.postForm(`/improvement/nodes/${secondary.id}/children`, {
          kind: "change",
          childTitle: "Text families after each screening",
        })
      ).statusCode,
    ).toBe(303);
    // The page refuses a loop with the message by the field.
    const loop = await lead.postForm(`/improvement/nodes/${family.id}/move`, { parentId: secondary.id });
    expect(loop.statusCode).toBe(400);
    expect(loop.body).toContain("cannot move under itself");
    const moved = await lead.postForm(`/improvement/nodes/${secondary.id}/move`, { parentId: staff.id });
    expect(moved.statusCode).toBe(303);
    expect((await listNodes(t.db, project.id)).find((n) => n.id === secondary.id)!.parentId).toBe(staff.id);
    const renamed = await lead.postForm(`/improvement/nodes/${family.id}`, { title: "Family engagement" });
    expect(renamed.statusCode).toBe(303);

    const diagram = await lead.get(`${base}/diagram`);
    expect(diagram.statusCode).toBe(200);
    expect(diagram.body).toContain('role="img"');
    expect(diagram.body).toMatch(/<title id="driver-diagram-title">/);
    expect(diagram.body).toContain("Text families after each screening");
    expect(diagram.body).toMatch(
      /Secondary driver:<\/span> <a href="\/improvement\/nodes\/[0-9a-f-]+">Two-way communication/,
    );

    // Removal asks first, then takes what is under it.
    const confirm = await lead.get(`/improvement/nodes/${staff.id}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain("Two-way communication");
    expect((await lead.postForm(`/improvement/nodes/${staff.id}/remove`, {})).statusCode).toBe(303);
    const left = (await listNodes(t.db, project.id)).map((n) => n.title);
    expect(left).toContain("Family engagement");
    for (const gone of ["Staff capacity", "Two-way communication", "Text families after each screening"])
      expect(left).not.toContain(gone);
    const audit = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where action = 'improvement.driver.remove' and entity_id = ${staff.id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it("runs PDSA cycles on a change idea, in a ramp, with dates checked and shown on the idea", async () => {
    const driver = await addNode(t.db, leadId, project, { kind: "driver", title: "Timely follow-up" });
    const idea = await addNode(t.db, leadId, project, {
      kind: "change",
      title: "Daily referral huddle",
      parentId: driver.id,
    });
    const badDates = await lead.postForm(`/improvement/nodes/${idea.id}/cycles`, {
      title: "Huddle pilot",
      startsOn: "2026-10-14",
      endsOn: "2026-10-01",
    });
    expect(badDates.statusCode).toBe(400);
    expect(badDates.body).toContain("The end date cannot be before the start date.");
    expect(badDates.body).toContain('value="Huddle pilot"');
    const started = await lead.postForm(`/improvement/nodes/${idea.id}/cycles`, {
      title: "Huddle pilot",
      stage: "study",
      startsOn: "2026-10-01",
      endsOn: "2026-10-14",
      objective: "Follow up every referral within a week",
      prediction: "Most referrals followed up within 5 days",
      results: "9 of 11 within 5 days",
    });
    expect(started.statusCode).toBe(303);
    const cycleUrl = started.headers.location as string;
    const page = await lead.get(cycleUrl);
    expect(page.body).toContain("9 of 11 within 5 days");
    const next = await lead.postForm(`${cycleUrl}/next`, {});
    expect(next.statusCode).toBe(303);
    const nextId = (next.headers.location as string).split("/")[3]!;
    const nextCycle = (await getCycle(t.db, nextId))!;
    expect(nextCycle.previousCycleId).toBe(cycleUrl.split("/")[3]);
    expect(nextCycle.title).toBe("Huddle pilot (2)");
    const ideaPage = await lead.get(`/improvement/nodes/${idea.id}`);
    expect(ideaPage.body).toContain("Huddle pilot");
    expect(ideaPage.body).toContain("2026-10-01 – 2026-10-14");
    const onDiagram = await lead.get(`/improvement/projects/${project.id}/diagram`);
    expect(onDiagram.body).toContain("2 PDSA cycle(s)");

    const forCharts = await cyclesOfProject(t.db, project.id);
    expect(forCharts[0]).toMatchObject({
      title: "Huddle pilot",
      startsOn: "2026-10-01",
      endsOn: "2026-10-14",
      changeIdeaTitle: "Daily referral huddle",
      stage: "study",
    });

    // The API: a cycle on a driver is refused; a bad date names its field.
    const onDriver = await lead.json("POST", `/api/v1/improvement/drivers/${driver.id}/cycles`, {
      title: "x",
    });
    expect(onDriver.statusCode).toBe(404);
    const api = await lead.json("POST", `/api/v1/improvement/drivers/${idea.id}/cycles`, {
      title: "API cycle",
      startsOn: "2027-02-30",
    });
    expect(api.statusCode).toBe(400);
    const ok = await lead.json("POST", `/api/v1/improvement/drivers/${idea.id}/cycles`, {
      title: "API cycle",
      startsOn: "2026-11-01",
      previousCycleId: nextId,
    });
    expect(ok.statusCode).toBe(201);
    const patched = await lead.json("PATCH", `/api/v1/improvement/cycles/${ok.json().id}`, {
      stage: "act",
      decision: "adopt",
      whatHappened: null,
    });
    expect(patched.json()).toMatchObject({
      stage: "act",
      act: { decision: "adopt" },
      previousCycleId: nextId,
    });
    const list = await districtMember.json("GET", `/api/v1/improvement/projects/${project.id}/cycles`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBe(3);
    // The district reads but does not write.
    expect(
      (await districtMember.json("PATCH", `/api/v1/improvement/cycles/${ok.json().id}`, { stage: "done" }))
        .statusCode,
    ).toBe(404);

    const tree = await lead.json("GET", `/api/v1/improvement/projects/${project.id}/drivers`);
    expect(tree.json().nodes.find((n: { id: string }) => n.id === idea.id)).toMatchObject({
      level: "change",
      depth: 2,
    });
    const loop = await lead.json("PATCH", `/api/v1/improvement/drivers/${driver.id}`, { parentId: idea.id });
    expect(loop.statusCode).toBe(400);
    expect((await lead.json("DELETE", `/api/v1/improvement/drivers/${idea.id}`)).statusCode).toBe(204);
    expect(await startCycle(t.db, leadId, project, driver, { title: "x" }).catch((e) => e.problem)).toBe(
      "notFound",
    );
  });
});
