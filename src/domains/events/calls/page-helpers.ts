import type { FastifyRequest } from "fastify";
import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import { translator } from "../../../platform/i18n";
import type { DbOrTx } from "../../../platform/db/client";
import { eventTracksOf } from "../setup/service";
import { MAX_CRITERIA, PRESENTER_FIELDS, type ProposalFormValue } from "./fields";
import { callsCatalog } from "./messages";
import {
  CallError,
  MAX_PRESENTERS,
  type Proposal,
  type ProposalInput,
  type RubricCriterion,
} from "./service";

export const tOf = (request: FastifyRequest) => translator(callsCatalog, request.locale);

/** The form's fields as typed, for the form drawn again. */
export function typedValues(body: unknown): FormValues {
  const { _csrf, ...values } = (body ?? {}) as FormValues;
  return values;
}

/** A CallError as the message by its field, or (with no field) as the page's status line. */
export function callErrorOf(
  request: FastifyRequest,
  error: CallError,
): { errors?: FieldErrors; status?: string } {
  const message = tOf(request)(error.code);
  return error.field ? { errors: { [error.field]: { message } } } : { status: message };
}

/** The proposal form's presenters and fields as the service takes them, or the fields in trouble. */
export function proposalInputOf(
  value: ProposalFormValue,
): { input: ProposalInput } | { errors: FieldErrors } {
  const fields = value as unknown as Record<string, string | undefined>;
  const errors: FieldErrors = {};
  const presenters = [];
  for (let n = 1; n <= MAX_PRESENTERS; n++) {
    const [name, organisation, email, bio] = PRESENTER_FIELDS.map((f) => fields[`presenter${n}${f}`]);
    if (!name && !organisation && !email && !bio) continue;
    if (!name) errors[`presenter${n}Name`] = { code: "required" };
    if (!organisation) errors[`presenter${n}Organisation`] = { code: "required" };
    if (!email) errors[`presenter${n}Email`] = { code: "required" };
    presenters.push({
      name: name ?? "",
      organisation: organisation ?? "",
      email: email ?? "",
      bio: bio ?? "",
    });
  }
  if (presenters.length === 0) errors.presenter1Name = { code: "required" };
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      title: value.title,
      abstract: value.abstract,
      learningObjectives: value.learningObjectives,
      audienceLevel: value.audienceLevel,
      trackId: value.trackId ?? null,
      format: value.format,
      accessibilityNeeds: value.accessibilityNeeds ?? "",
      language: value.language,
      presenters,
    },
  };
}

export function proposalValues(p: Proposal): FormValues {
  const values: FormValues = {
    title: p.title,
    abstract: p.abstract,
    learningObjectives: p.learningObjectives,
    audienceLevel: p.audienceLevel,
    trackId: p.trackId ?? "",
    format: p.format,
    accessibilityNeeds: p.accessibilityNeeds,
    language: p.language,
  };
  p.presenters.forEach((pr, i) => {
    values[`presenter${i + 1}Name`] = pr.name;
    values[`presenter${i + 1}Organisation`] = pr.organisation;
    values[`presenter${i + 1}Email`] = pr.email;
    values[`presenter${i + 1}Bio`] = pr.bio;
  });
  return values;
}

/** The form's score1 … scoreN as scores by the rubric's keys. */
export function scoresFromForm(
  rubric: RubricCriterion[],
  value: Record<string, unknown>,
): Record<string, number> {
  const scores: Record<string, number> = {};
  rubric.slice(0, MAX_CRITERIA).forEach((c, i) => {
    const s = value[`score${i + 1}`];
    if (typeof s === "number") scores[c.key] = s;
  });
  return scores;
}

export function scoresToForm(rubric: RubricCriterion[], scores: Record<string, number> | null): FormValues {
  const values: FormValues = {};
  rubric.forEach((c, i) => {
    const s = scores?.[c.key];
    if (s !== undefined) values[`score${i + 1}`] = String(s);
  });
  return values;
}

export async function tracksFor(db: DbOrTx, eventId: string, locale: string) {
  const rows = await eventTracksOf(db, eventId);
  return rows.map((r) => ({ id: r.id, name: (locale === "es" ? r.nameEs : null) || r.nameEn }));
}

export const ProposalLabels = (t: ReturnType<typeof tOf>) => ({
  title: t("proposalTitle"),
  abstract: t("abstract"),
  learningObjectives: t("learningObjectives"),
  audienceLevel: t("audienceLevel"),
  trackId: t("track"),
  format: t("format"),
  accessibilityNeeds: t("accessibilityNeeds"),
  language: t("language"),
  presenters: t("presentersTitle"),
  ...Object.fromEntries(
    Array.from({ length: MAX_PRESENTERS }, (_, i) => i + 1).flatMap((n) => [
      [`presenter${n}Name`, `${t("presenterN", { n })}: ${t("presenterName")}`],
      [`presenter${n}Organisation`, `${t("presenterN", { n })}: ${t("presenterOrganisation")}`],
      [`presenter${n}Email`, `${t("presenterN", { n })}: ${t("presenterEmail")}`],
      [`presenter${n}Bio`, `${t("presenterN", { n })}: ${t("presenterBio")}`],
    ]),
  ),
});

export { CallError };
