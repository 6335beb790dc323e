import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { users } from "../../../platform/auth/schema";
import { recentAnnouncements } from "./service";

describe.each(DATABASES)("announcements demo data on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { SEED_DEMO: "true" });
  });
  afterAll(() => t?.close());

  it("three past announcements in the archive: national and Maryland's for everyone, the practice group's for its members", async () => {
    const sent = await recentAnnouncements(t.db);
    expect(sent).toHaveLength(3);
    expect(sent.every((a) => a.recipientCount > 0)).toBe(true);
    const anonymous = new TestClient(t.app);
    const archive = await anonymous.get("/library/announcements");
    expect(archive.body).toContain("Take part in this year");
    expect(archive.body).toContain("Maryland: screening practices webinar");
    expect(archive.body).not.toContain("Families in Partnership: our next call");
    const [family] = await t.db.select().from(users).where(eq(users.email, "family@demo.smhcommons.org"));
    const member = await signedInClient(t, family!.id);
    const seen = await member.get("/library/announcements", { "accept-language": "es" });
    expect(seen.body).toContain("Familias en Alianza: nuestra próxima llamada");
    const page = await anonymous.get(`/library/announcements/${sent[sent.length - 1]!.id}`);
    expect(page.body).toContain("Demo data");
  });
});
