import type { FieldError, FieldErrors, FormValues } from "../http/forms";
import { type Locale, translator } from "../i18n";
import { shellCatalog } from "./messages";

/** Everything a form's fields share: the language, what was typed, what is wrong. */
export interface FormState {
  locale: Locale;
  values?: FormValues;
  errors?: FieldErrors;
  /** Field name → label, so the summary links read like the labels. */
  labels?: Record<string, string>;
}

/** The sentence shown for a field's error, in the summary and next to the field alike. */
export function fieldErrorText(locale: Locale, label: string, error: FieldError): string {
  if ("message" in error) return error.message;
  const t = translator(shellCatalog, locale);
  const params = { label, min: error.min ?? "", max: error.max ?? "" };
  switch (error.code) {
    case "required":
      return t("fieldRequired", params);
    case "choice":
      return t("fieldChoose", params);
    case "tooShort":
      return t("fieldTooShort", params);
    case "tooLong":
      return t("fieldTooLong", params);
    case "number":
      return t("fieldNumber", params);
    case "date":
      return t("fieldDate", params);
    default:
      return t("fieldInvalid", params);
  }
}
