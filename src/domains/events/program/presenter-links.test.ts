import { eq } from "drizzle-orm";
import { stateOrganiser } from "../setup/test-factories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { buildUser } from "../../../seed/factories";
import { createEvent, eventBySlug, setEventStatus } from "../setup/service";
import type { ProgramEvent } from "./access";
import { formValuesOfSession } from "./pages";
import { eventSessionPresenters } from "./schema";
import { createSession, type ProgramSession } from "./service";

/*
 * The schedule's form shows presenters as "name; organisation" lines, without emails. Saving it
 * back (placing a confirmed proposal in a room and a time, say) must keep each unchanged
 * presenter's account, or the presenter loses their session's code and results.
 */
describe.each(DATABASES)("presenters keep their accounts when the schedule is edited on %s", (kind) => {
  let t: TestApp;
  let organiser: TestClient;
  let presenter: TestClient;
  let presenterId = "";
  let session: ProgramSession;
  const slug = "presenter-links";

  beforeAll(async () => {
    t = await startTestApp(kind);
    const { user: lead, actor, scope } = await stateOrganiser(t.db, "MD", "Lee Organiser");
    const created = await createEvent(
      t.db,
      actor,
      scope,
      {
        slug,
        kind: "regional",
        titleEn: "Presenter links",
        startsOn: "2030-06-10",
        endsOn: "2030-06-10",
        timeZone: "America/New_York",
        mode: "in_person",
        venue: "Hall",
        onlineUrl: null,
        capacity: null,
        ceActivityTitle: null,
      },
      [],
    );
    await setEventStatus(t.db, actor, (await eventBySlug(t.db, slug))!, "published");
    const person = await buildUser(t.db, { name: "Pat Presenter" });
    presenterId = person.id;
    // As a confirmed proposal arrives: presenters linked to their accounts, not yet placed.
    session = await createSession(t.db, null, {
      eventId: created.id,
      title: "Linked session",
      format: "workshop",
      mode: "in_person",
      presenters: [
        { name: "Pat Presenter", organisation: "Bay Schools", userId: person.id },
        { name: "Sam Guest", organisation: "Elsewhere" },
      ],
    });
    organiser = await signedInClient(t, lead.id);
    presenter = await signedInClient(t, person.id);
  });
  afterAll(() => t?.close());

  const presenters = async () =>
    (await t.db.select().from(eventSessionPresenters).where(eq(eventSessionPresenters.sessionId, session.id)))
      .sort((a, b) => a.position - b.position)
      .map((p) => ({ name: p.name, userId: p.userId }));
  const formUrl = () => `/events/${slug}/manage/program/sessions/${session.id}`;
  const shownValues = () =>
    formValuesOfSession(session, { timeZone: "America/New_York" } as ProgramEvent) as Record<string, string>;

  it("keeps the account of a presenter whose line is saved back unchanged", async () => {
    expect((await organiser.get(formUrl())).statusCode).toBe(200);
    expect(shownValues().presenters).toBe("Pat Presenter; Bay Schools\nSam Guest; Elsewhere");
    const saved = await organiser.postForm(formUrl(), {
      ...shownValues(),
      day: "2030-06-10",
      startTime: "10:00",
      endTime: "11:00",
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(await presenters()).toEqual([
      { name: "Pat Presenter", userId: presenterId },
      { name: "Sam Guest", userId: null },
    ]);
    // What the link is for: the presenter still reads the session's results.
    expect((await presenter.get(`/events/${slug}/results/${session.id}`)).statusCode).toBe(200);
  });

  it("links no account to a line whose name changed", async () => {
    const saved = await organiser.postForm(formUrl(), {
      ...shownValues(),
      presenters: "Patricia Someone; Bay Schools\nSam Guest; Elsewhere",
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await presenters()).map((p) => p.userId)).toEqual([null, null]);
    expect((await presenter.get(`/events/${slug}/results/${session.id}`)).statusCode).not.toBe(200);
  });
});
