import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { buildUser } from "../../../seed/factories";
import { getNation } from "../../directory/service";
import { generateResources } from "./generate";
import { relatedTo, resourceBySlug } from "./repo";

/*
 * "Related resources" on a resource's page: published ones sharing the most quality-assessment
 * domains with it (or of its type), its language first, never itself or its own translations.
 */
describe.each(DATABASES)("related resources on %s", (kind) => {
  let t: TestApp;
  let nationId = "";
  beforeAll(async () => {
    t = await startTestApp(kind);
    nationId = (await getNation(t.db))!.id;
    await generateResources(t.db, 120, (await buildUser(t.db)).id, "rel");
  }, 120_000);
  afterAll(() => t?.close());

  it("ranks by domains shared, as many as the best match in the whole library", async () => {
    for (const n of [1, 17, 60]) {
      const resource = (await resourceBySlug(t.db, `bench-rel-${n}`))!;
      const related = await relatedTo(t.db, null, nationId, resource);
      const domains = sql`array[${sql.join(
        resource.domainKeys.map((d) => sql`${d}::text`),
        sql`, `,
      )}]::text[]`;
      expect(related).toHaveLength(5);
      const shared = async (slug: string) => {
        const [row] = await queryRows<{ n: number }>(
          t.db,
          sql`select cardinality(array(select unnest(domain_keys) intersect
                select unnest(${domains}))) ::int as n
              from library_resources where slug = ${slug}`,
        );
        return row!.n;
      };
      const counts = await Promise.all(related.map((r) => shared(r.slug)));
      expect([...counts].sort((a, b) => b - a)).toEqual(counts);
      const [best] = await queryRows<{ n: number }>(
        t.db,
        sql`select max(cardinality(array(select unnest(domain_keys) intersect
              select unnest(${domains}))))::int as n
            from library_resources where status = 'published' and id <> ${resource.id}
              and translation_group_id <> ${resource.translationGroupId}`,
      );
      expect(counts[0]).toBe(best!.n);
      expect(related.map((r) => r.slug)).not.toContain(resource.slug);
    }
  });
});
