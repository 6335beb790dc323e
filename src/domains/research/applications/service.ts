import type { Static } from "@sinclair/typebox";
import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queueEmail } from "../../../platform/email";
import { databaseFileStore, FileTooLarge } from "../../../platform/files";
import type { FieldErrors } from "../../../platform/http/forms";
import { isLocale, translator } from "../../../platform/i18n";
import { type ResearchApplicationResource, researchAccessOpen } from "../../../platform/policy";
import { createNotifications } from "../../communities/notifications/service";
import { isSchoolYear, listInstruments, previousSchoolYear, schoolYearOf } from "../../measures/service";
import { researchCatalog } from "../messages";
import { researchApplications } from "../schema";
import { type ApplicationRow, type ApplicationWithApplicant, findApplication } from "./repo";
import type { ApplicationFields, DecisionFields } from "./schema";

export { applicationsByStatus, applicationsOf, findApplication } from "./repo";
export type { ApplicationRow, ApplicationWithApplicant } from "./repo";

/** The purpose IRB letters carry in the file store (platform/files). */
export const IRB_FILE_PURPOSE = "research.irb";
export const MAX_IRB_FILE_BYTES = 4 * 1024 * 1024;
/** Access is granted for at most this many days from the decision. */
export const MAX_ACCESS_DAYS = 3 * 366;

export const asResource = (a: ApplicationRow): ResearchApplicationResource => ({
  id: a.id,
  ancestorIds: [],
  applicantId: a.applicantId,
  status: a.status,
  expiresOn: a.expiresOn,
});

export const accessOpen = (a: ApplicationRow, now = new Date()) => researchAccessOpen(a, now);

/** School years one may ask for: this one and the four before. */
export function offeredSchoolYears(now = new Date()): string[] {
  const years = [schoolYearOf(now)];
  while (years.length < 5) years.push(previousSchoolYear(years[years.length - 1]!));
  return years;
}

/** Instruments whose school-level files exist: the school variant of each key, one entry per key. */
export async function offeredInstruments(
  db: DbOrTx,
): Promise<{ key: string; title: string; titleEs: string }[]> {
  const seen = new Map<string, { key: string; title: string; titleEs: string }>();
  for (const i of await listInstruments(db)) {
    if (i.variant === "school") seen.set(i.key, { key: i.key, title: i.title.en, titleEs: i.title.es });
  }
  return [...seen.values()];
}

/** The files an application covers: each approved instrument in each approved year. */
export function filesOf(a: Pick<ApplicationRow, "instrumentKeys" | "schoolYears">) {
  return a.instrumentKeys.flatMap((instrumentKey) =>
    [...a.schoolYears]
      .sort()
      .reverse()
      .map((schoolYear) => ({ instrumentKey, schoolYear })),
  );
}

// --- The IRB letter -------------------------------------------------------------------------------

export type IrbFileProblem = "type" | "tooLarge" | "empty";

const SIGNATURES: { name: string; bytes: number[] }[] = [
  { name: "pdf", bytes: [0x25, 0x50, 0x44, 0x46] },
  { name: "png", bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: "jpeg", bytes: [0xff, 0xd8, 0xff] },
];
const ALLOWED_EXTENSIONS = /\.(pdf|png|jpe?g)$/i;

/** A PDF, PNG or JPEG by its first bytes (what a file says it is by name is not enough). */
export const hasAllowedSignature = (head: Uint8Array) =>
  SIGNATURES.some((s) => s.bytes.every((b, i) => head[i] === b));

export class IrbFileError extends Error {
  constructor(public problem: IrbFileProblem) {
    super(problem);
  }
}

/**
 * Streams the IRB letter into the file store, refusing anything but a PDF, PNG or JPEG (by name and
 * by its first bytes) and anything over 4 MB; nothing is kept of a refused file.
 */
export async function storeIrbFile(
  db: Db,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  fileName: string,
): Promise<{ fileId: string; fileName: string }> {
  if (!ALLOWED_EXTENSIONS.test(fileName)) throw new IrbFileError("type");
  let checked = false;
  async function* verified() {
    for await (const piece of source) {
      const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
      if (!checked && chunk.length > 0) {
        if (!hasAllowedSignature(chunk)) throw new IrbFileError("type");
        checked = true;
      }
      yield chunk;
    }
  }
  try {
    const stored = await databaseFileStore(db).put(verified(), {
      purpose: IRB_FILE_PURPOSE,
      maxBytes: MAX_IRB_FILE_BYTES,
      fileName,
    });
    if (stored.bytes === 0) {
      await databaseFileStore(db).delete(stored.id);
      throw new IrbFileError("empty");
    }
    return { fileId: stored.id, fileName: fileName.slice(0, 200) };
  } catch (error) {
    if (error instanceof FileTooLarge) throw new IrbFileError("tooLarge");
    throw error;
  }
}

export const openIrbFile = (db: Db, fileId: string) => databaseFileStore(db).get(fileId);
export const deleteIrbFile = (db: Db, fileId: string) => databaseFileStore(db).delete(fileId);

// --- Applying ---------------------------------------------------------------------------------

export type ApplicationInput = Static<typeof ApplicationFields>;

/** Choices the schema cannot know: instruments that exist, school years on offer. */
export async function checkChoices(db: DbOrTx, input: ApplicationInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const instruments = new Set((await offeredInstruments(db)).map((i) => i.key));
  if (!input.instrumentKeys.every((k) => instruments.has(k))) errors.instrumentKeys = { code: "choice" };
  const years = new Set(offeredSchoolYears());
  if (!input.schoolYears.every((y) => isSchoolYear(y) && years.has(y)))
    errors.schoolYears = { code: "choice" };
  return errors;
}

/** Records the application (pending), with its IRB letter already stored, and audits it. */
export async function submitApplication(
  db: Db,
  applicantId: string,
  input: ApplicationInput,
  irb: { fileId: string; fileName: string },
): Promise<ApplicationRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(researchApplications)
      .values({
        applicantId,
        projectTitle: input.projectTitle,
        institution: input.institution,
        purpose: input.purpose,
        irbNumber: input.irbNumber,
        irbFileId: irb.fileId,
        irbFileName: irb.fileName,
        instrumentKeys: input.instrumentKeys,
        schoolYears: input.schoolYears,
        dataUseAccepted: true,
      })
      .returning();
    await recordAudit(tx, {
      actorId: applicantId,
      action: "research.apply",
      entityType: "research_application",
      entityId: row!.id,
      after: {
        projectTitle: input.projectTitle,
        instrumentKeys: input.instrumentKeys,
        schoolYears: input.schoolYears,
        irbNumber: input.irbNumber,
      },
    });
    return row!;
  });
}

// --- Deciding -----------------------------------------------------------------------------------

export type DecisionInput = Static<typeof DecisionFields>;
export type Decision = { decision: "approve"; expiresOn: string } | { decision: "decline"; reason: string };

const today = (now: Date) => now.toISOString().slice(0, 10);

/** A decision the form or API may carry: approving needs a last day ahead, declining a reason. */
export function checkDecision(
  input: DecisionInput,
  now = new Date(),
): { ok: true; value: Decision } | { ok: false; errors: FieldErrors } {
  if (input.decision === "decline") {
    const reason = input.reason?.trim();
    return reason
      ? { ok: true, value: { decision: "decline", reason } }
      : { ok: false, errors: { reason: { code: "required" } } };
  }
  const last = input.expiresOn;
  if (!last) return { ok: false, errors: { expiresOn: { code: "required" } } };
  const latest = new Date(now.getTime() + MAX_ACCESS_DAYS * 86_400_000);
  if (last <= today(now) || last > today(latest))
    return { ok: false, errors: { expiresOn: { code: "invalid" } } };
  return { ok: true, value: { decision: "approve", expiresOn: last } };
}

/**
 * Approves or declines (an approval may also be withdrawn by declining it later). The applicant is
 * told by email and by a notification; the change is audited with what it was before.
 */
export async function decideApplication(
  db: Db,
  adminId: string,
  applicationId: string,
  decision: Decision,
  publicUrl: string,
): Promise<ApplicationWithApplicant | null> {
  return db.transaction(async (tx) => {
    const before = await findApplication(tx, applicationId);
    if (!before) return null;
    const approved = decision.decision === "approve";
    await tx
      .update(researchApplications)
      .set({
        status: approved ? "approved" : "declined",
        decidedBy: adminId,
        decidedAt: new Date(),
        expiresOn: approved ? decision.expiresOn : null,
        declineReason: approved ? null : decision.reason,
      })
      .where(eq(researchApplications.id, applicationId));
    const after = (await findApplication(tx, applicationId))!;
    await recordAudit(tx, {
      actorId: adminId,
      action: approved ? "research.approve" : "research.decline",
      entityType: "research_application",
      entityId: applicationId,
      before: { status: before.status, expiresOn: before.expiresOn, declineReason: before.declineReason },
      after: { status: after.status, expiresOn: after.expiresOn, declineReason: after.declineReason },
    });
    await tellApplicant(tx, after, publicUrl);
    return after;
  });
}

async function tellApplicant(tx: DbOrTx, a: ApplicationWithApplicant, publicUrl: string) {
  const locale = isLocale(a.applicantLocale) ? a.applicantLocale : "en";
  const t = translator(researchCatalog, locale);
  const link = `/research/applications/${a.id}`;
  const approved = a.status === "approved";
  const params = { title: a.projectTitle, until: a.expiresOn ?? "", reason: a.declineReason ?? "" };
  await queueEmail(tx, {
    to: a.applicantEmail,
    subject: t(approved ? "emailApprovedSubject" : "emailDeclinedSubject", params).slice(0, 200),
    text: `${t(approved ? "emailApprovedBody" : "emailDeclinedBody", params)}\n\n${publicUrl}${link}\n`,
  });
  await createNotifications(tx, [
    {
      userId: a.applicantId,
      kind: approved ? "research_approved" : "research_declined",
      params,
      link,
      emailedByCaller: true,
    },
  ]);
}
