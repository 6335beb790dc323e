import { inflateSync } from "node:zlib";
import type { DbOrTx } from "../../../platform/db/client";
import { eventSessionPresenters, eventSessions } from "../program/schema";
import { eventRegistrations, eventSessionAttendance } from "../registration/schema";
import { eventCreditTypes, events } from "../setup/schema";

/*
 * Rows for credit's tests, written straight into the tables the other capabilities own: an
 * event with a CE credit type and four sessions — A (counts for credit, 60 minutes, in person),
 * B (counts, 1.5 hours set, online), C (does not count), D (counts; nobody attends it).
 */

export const APPROVED_TITLE = "Advancing School Mental Health: Evidence to Practice (approved CE activity)";
export const APPROVAL_STATEMENT =
  "The Test Provider is approved by the Test Board to sponsor continuing education; it maintains responsibility for this program.";

export async function buildCreditEvent(db: DbOrTx, organiserId: string, slug: string, presenterId?: string) {
  const [event] = await db
    .insert(events)
    .values({
      slug,
      kind: "conference",
      status: "published",
      organiserId,
      titleEn: `Conference ${slug}`,
      titleEs: `Congreso ${slug}`,
      startsOn: "2026-03-10",
      endsOn: "2026-03-11",
      timeZone: "America/New_York",
      mode: "hybrid",
      venue: "Baltimore Convention Center",
      ceActivityTitle: APPROVED_TITLE,
    })
    .returning();
  const [creditType] = await db
    .insert(eventCreditTypes)
    .values({
      eventId: event!.id,
      profession: "counselor",
      label: "NBCC clock hours",
      providerName: "Test Provider",
      approvalStatement: APPROVAL_STATEMENT,
      retentionYears: 6,
    })
    .returning();
  const at = (h: number, m = 0) => new Date(Date.UTC(2026, 2, 10, h, m));
  const session = async (
    title: string,
    values: Partial<typeof eventSessions.$inferInsert>,
  ): Promise<typeof eventSessions.$inferSelect> => {
    const [row] = await db
      .insert(eventSessions)
      .values({
        eventId: event!.id,
        title,
        format: "presentation",
        mode: "in_person",
        learningObjectives: "Name three screening tools\nPlan a referral pathway",
        ...values,
      })
      .returning();
    return row!;
  };
  const sessions = {
    a: await session("Session A: screening", { startsAt: at(14), endsAt: at(15) }),
    b: await session("Session B: online workshop", {
      mode: "online",
      startsAt: at(16),
      endsAt: at(18),
      creditHours: "1.50",
    }),
    c: await session("Session C: networking lunch", {
      startsAt: at(17),
      endsAt: at(18),
      countsForCredit: false,
    }),
    d: await session("Session D: not attended", { startsAt: at(19), endsAt: at(20) }),
  };
  if (presenterId)
    await db
      .insert(eventSessionPresenters)
      .values({ sessionId: sessions.a.id, position: 0, userId: presenterId, name: "Pat Presenter" });
  return { event: event!, creditType: creditType!, sessions };
}

let codes = 0;
export async function registerAttendee(
  db: DbOrTx,
  eventId: string,
  userId: string,
  attended: string[],
  extra: Partial<typeof eventRegistrations.$inferInsert> = {},
) {
  const [registration] = await db
    .insert(eventRegistrations)
    .values({
      eventId,
      userId,
      status: "registered",
      checkInCode: `C${++codes}${Date.now() % 100000}`,
      ...extra,
    })
    .returning();
  if (attended.length > 0)
    await db.insert(eventSessionAttendance).values(
      attended.map((sessionId) => ({
        registrationId: registration!.id,
        sessionId,
        source: "room_check_in" as const,
      })),
    );
  return registration!;
}

/**
 * The text a PDF shows, for tests: every stream inflated, the strings of its text operators
 * (pdfkit writes them as hex) decoded and each text object's pieces joined.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const out: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1");
    } catch {
      body = m[1]!;
    }
    for (const op of body.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj/g)) {
      const hexes =
        op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]+)>/g)].map((h) => h[1]!) : [op[2]!];
      out.push(hexes.map((h) => Buffer.from(h, "hex").toString("latin1")).join(""));
    }
  }
  return out.join("\n");
}
