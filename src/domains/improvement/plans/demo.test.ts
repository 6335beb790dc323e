import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { getResponse, scoreAssessment, allAnswers } from "../../measures/service";
import { cyclesOfProject } from "../cycles/service";
import { diagramOf, levelOf, type Branch, type DriverNode } from "../diagrams/service";
import { isOverdue, listSteps } from "./service";

const levels = (tree: Branch<DriverNode>[]): string[] =>
  tree.flatMap((b) => [levelOf(b), ...levels(b.children)]);

describe.each(DATABASES)("plans demo data on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { SEED_DEMO: "true" });
  });
  afterAll(() => t?.close());

  it("gives Harbor Point Elementary a plan from its lowest domain, a driver diagram, three cycles and an overdue step", async () => {
    const [project] = await queryRows<{ id: string; domain_key: string; source_response_id: string }>(
      t.db,
      sql`select p.id, p.domain_key, p.source_response_id from improvement_projects p
            join organisations o on o.id = p.organisation_id where o.name = 'Harbor Point Elementary School'`,
    );
    expect(project).toBeDefined();
    const response = (await getResponse(t.db, project!.source_response_id))!;
    const scored = scoreAssessment(response.instrument, allAnswers(response)).domains.flatMap((d) =>
      d.status === "scored" ? [d.score] : [],
    );
    const own = scoreAssessment(response.instrument, allAnswers(response)).domains.find(
      (d) => d.key === project!.domain_key,
    );
    expect(own?.status === "scored" && own.score).toBe(Math.min(...scored));

    const found = levels(await diagramOf(t.db, project!.id));
    expect(found.filter((l) => l === "primary")).toHaveLength(2);
    expect(found.filter((l) => l === "secondary").length).toBeGreaterThanOrEqual(3);
    expect(found.filter((l) => l === "change").length).toBeGreaterThanOrEqual(4);
    const cycles = await cyclesOfProject(t.db, project!.id);
    expect(cycles).toHaveLength(3);
    expect(cycles.filter((c) => c.previousCycleId)).toHaveLength(1);
    const overdue = (await listSteps(t.db, project!.id)).filter((s) => isOverdue(s));
    expect(overdue).toHaveLength(1);
  });
});
