import type { FormState } from "../../../platform/ui/components";
import { CheckboxGroup, RadioGroup, SelectField, TextArea, TextField } from "../../../platform/ui/components";
import type { Locale } from "../../../platform/i18n";
import { translator } from "../../../platform/i18n";
import type { ItemDefinition, Text } from "../../../seed/instruments/types";
import type { AnswerProblem } from "../instruments/answers";
import { measuresCatalog } from "../messages";
import { DONT_KNOW, NOT_APPLICABLE } from "../instruments/scoring";

export const tx = (text: Text | undefined, locale: Locale): string => (text ? text[locale] : "");

// Formatters are costly to build (tens of µs each) and a dashboard formats thousands of cells: one per locale.
const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }),
  es: new Intl.DateTimeFormat("es-US", { dateStyle: "medium", timeZone: "UTC" }),
};
const SCORE_FORMATS: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  es: new Intl.NumberFormat("es-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};

export function formatDate(date: Date | string | null, locale: Locale): string {
  if (!date) return "";
  return (DATE_FORMATS[locale] ?? DATE_FORMATS.en).format(new Date(date));
}

export function formatScore(value: number, locale: Locale): string {
  return (SCORE_FORMATS[locale] ?? SCORE_FORMATS.en).format(value);
}

/** An answer as text, for conflicts, reports and CSV. */
export function answerText(item: ItemDefinition, value: unknown, locale: Locale, scale?: Text[]): string {
  const t = translator(measuresCatalog, locale);
  if (value === undefined || value === null || value === "") return t("blank");
  const option = (key: unknown) => item.options?.find((o) => o.key === key)?.label[locale] ?? String(key);
  switch (item.type) {
    case "rating":
      if (value === DONT_KNOW) return t("dontKnow");
      if (value === NOT_APPLICABLE) return t("notApplicable");
      return scale?.[Number(value) - 1]?.[locale] ?? String(value);
    case "yesno":
      return value === "yes" ? t("yes") : value === "no" ? t("no") : String(value);
    case "choice":
      return option(value);
    case "multi":
      return Array.isArray(value) ? value.map(option).join("; ") : option(value);
    default:
      return String(value);
  }
}

/** Stored answers as the strings a form shows. */
export function formValuesOf(answers: Record<string, unknown>): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(answers).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map(String) : v === null || v === undefined ? "" : String(v),
    ]),
  );
}

export function problemText(problem: AnswerProblem, locale: Locale): string {
  const t = translator(measuresCatalog, locale);
  switch (problem.code) {
    case "rating":
      return t("probRating");
    case "count":
      return t("probCount");
    case "fte":
      return t("probFte");
    case "yesno":
      return t("probYesno");
    case "choice":
      return t("probChoice");
    case "text":
      return t("probText");
    case "unknownItem":
      return t("probUnknownItem");
    case "enrollment":
      return t("probEnrollment", { enrollment: problem.enrollment });
  }
}

export function ItemField(props: {
  item: ItemDefinition;
  state: FormState;
  locale: Locale;
  scale?: Text[];
  enrollment: number | null;
}) {
  const { item, state, locale } = props;
  const t = translator(measuresCatalog, locale);
  const label = tx(item.prompt, locale);
  const common = { state, name: item.key, label, required: false };
  switch (item.type) {
    case "rating":
      // One radio group with every label, laid out in a compact grid rather than a tall column.
      return (
        <div class="smh-rating">
          <RadioGroup
            {...common}
            tile
            choices={[
              ...(props.scale ?? []).map((s, i) => ({ value: String(i + 1), label: tx(s, locale) })),
              { value: DONT_KNOW, label: t("dontKnow") },
              { value: NOT_APPLICABLE, label: t("notApplicable") },
            ]}
          />
        </div>
      );
    case "count": {
      const hint = [
        t("countHint"),
        item.withinEnrollment && props.enrollment !== null
          ? t("enrollmentHint", { n: props.enrollment })
          : "",
      ]
        .filter(Boolean)
        .join(" ");
      return <TextField {...common} hint={hint} inputmode="numeric" width="small" />;
    }
    case "fte":
      return <TextField {...common} hint={t("fteHint")} inputmode="decimal" width="small" />;
    case "yesno":
      return (
        <RadioGroup
          {...common}
          choices={[
            { value: "yes", label: t("yes") },
            { value: "no", label: t("no") },
          ]}
        />
      );
    case "choice":
      return (
        <SelectField
          {...common}
          placeholder={t("chooseOne")}
          choices={(item.options ?? []).map((o) => ({ value: o.key, label: tx(o.label, locale) }))}
        />
      );
    case "multi":
      return (
        <CheckboxGroup
          {...common}
          choices={(item.options ?? []).map((o) => ({ value: o.key, label: tx(o.label, locale) }))}
        />
      );
    case "text":
      return <TextArea {...common} hint={tx(item.hint, locale)} rows={3} maxLength={1000} />;
  }
}
