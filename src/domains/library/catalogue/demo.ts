import type { Db } from "../../../platform/db/client";
import { DEMO_MEASURES } from "./demo-measures";
import { catalogueMeasures } from "./schema";
import { countMeasures } from "./repo";

/** The demo catalogue: widely used measures, each row marked demo data (once, on an empty catalogue). */
export async function seedCatalogueDemo(db: Db): Promise<void> {
  if ((await countMeasures(db)) > 0) return;
  await db.insert(catalogueMeasures).values(
    DEMO_MEASURES.map((m) => ({
      ...m,
      summaryEs: m.summaryEs ?? null,
      items: m.items ?? null,
      minutes: m.minutes ?? null,
      obtainEs: m.obtainEs ?? null,
      obtainUrl: m.obtainUrl ?? null,
      evidenceEs: m.evidenceEs ?? null,
      demo: true,
    })),
  );
}
