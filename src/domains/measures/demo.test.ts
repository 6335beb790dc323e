import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../test/support/app";
import { queryRows } from "../../platform/db/client";

describe.each(DATABASES)("measures demo data on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { SEED_DEMO: "true" });
  });
  afterAll(() => t?.close());

  it("submits Maryland's demo profiles and assessments, with answers, audit entries and scores", async () => {
    const [counts] = await queryRows<{ submitted: number; drafts: number; quality: number; scored: number }>(
      t.db,
      sql`select count(*) filter (where status = 'submitted')::int as submitted,
                 count(*) filter (where status = 'draft')::int as drafts,
                 count(*) filter (where instrument_key = 'quality')::int as quality,
                 (select count(*)::int from assessment_scores where composite is not null) as scored
            from responses`,
    );
    expect(counts!.submitted).toBeGreaterThanOrEqual(10);
    expect(counts!.drafts).toBe(0);
    expect(counts!.scored).toBe(counts!.quality);

    // Every submitted time point has its answers, and each answered section its audit entry.
    const [gaps] = await queryRows<{ without_answers: number; unaudited_sections: number }>(
      t.db,
      sql`select (select count(*)::int from responses r
                   where not exists (select 1 from response_sections s where s.response_id = r.id)) as without_answers,
                 (select count(*)::int from response_sections s
                   where not exists (select 1 from audit_log a
                                      where a.action = 'measures.answers.change'
                                        and a.entity_id = s.response_id::text || '/' || s.section_key)) as unaudited_sections`,
    );
    expect(gaps).toEqual({ without_answers: 0, unaudited_sections: 0 });
  });
});
