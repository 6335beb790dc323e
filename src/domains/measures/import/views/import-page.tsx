import type { Locale } from "../../../../platform/i18n";
import { translator } from "../../../../platform/i18n";
import { Alert, Button, Form, SelectField, Table, TextArea } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import type { ImportProblem } from "../service";
import { measuresCatalog } from "../../messages";
import { problemText } from "../../views/fields";

/** A file can hold thousands of problems: the page lists the first ones, enough to fix a pattern. */
const PROBLEMS_LISTED = 200;

export function importProblemText(p: ImportProblem, locale: Locale): string {
  const t = translator(measuresCatalog, locale);
  switch (p.problem) {
    case "missingNcesId":
      return t("probMissingNcesId");
    case "unknownSchool":
      return t("probUnknownSchool");
    case "otherState":
      return t("probOtherState");
    case "duplicate":
      return t("probDuplicate");
    case "alreadyHasProfile":
      return t("probAlreadyHasProfile");
    case "unknownColumn":
      return t("probUnknownColumn");
    case "empty":
      return t("probEmpty");
    case "tooManyRows":
      return t("probTooManyRows");
    case "unreadable":
      return t("probUnreadable");
    case "enrollment":
      return t("probEnrollmentPlain");
    default:
      return problemText({ code: p.problem }, locale);
  }
}

export function ImportPage(props: {
  ctx: PageContext;
  state: Organisation;
  years: string[];
  values: { schoolYear: string; csv: string };
  problems?: ImportProblem[];
  /** A problem with the chosen file itself (too large), shown next to the file field. */
  fileError?: string;
}) {
  const { ctx, state } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const title = t("importTitle", { name: state.name });
  const dashboard = `/measures/dashboards/state/${state.id}`;
  const formState = { locale: ctx.locale, values: props.values };
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("measures"), href: "/measures" },
        { label: t("dashStateTitle", { name: state.name }), href: dashboard },
        { label: t("importLink") },
      ]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("importIntro")}</p>
      <p>
        <a href="/measures/profile-import-template.csv">{t("importTemplate")}</a>
      </p>
      {props.problems ? (
        <>
          <Alert kind="error" heading={t("importFailedHeading")}>
            <p>
              {t("importFailedBody", { n: props.problems.length })}
              {props.problems.length > PROBLEMS_LISTED
                ? ` ${t("importProblemsFirst", { shown: PROBLEMS_LISTED })}`
                : null}
            </p>
          </Alert>
          <Table
            caption={t("importProblemsCaption")}
            headers={[t("colLine"), t("colColumn"), t("colProblem")]}
            rows={props.problems
              .slice(0, PROBLEMS_LISTED)
              .map((p) => [String(p.line), p.column || "—", importProblemText(p, ctx.locale)])}
          />
        </>
      ) : null}
      {props.fileError ? (
        <Alert kind="error" heading={t("importFailedHeading")}>
          <p>
            <a href="#field-file">{props.fileError}</a>
          </p>
        </Alert>
      ) : null}
      {/* Multipart bodies are read as a stream, so the CSRF token also travels in the address. */}
      <Form
        action={`${dashboard}/import?_csrf=${encodeURIComponent(ctx.csrfToken)}`}
        csrfToken={ctx.csrfToken}
        enctype="multipart/form-data"
      >
        <SelectField
          state={formState}
          name="schoolYear"
          label={t("orgSchoolYear")}
          required
          choices={props.years.map((y) => ({ value: y, label: y }))}
          placeholder={t("chooseOne")}
        />
        <div class={`usa-form-group${props.fileError ? " usa-form-group--error" : ""}`}>
          <label class={`usa-label${props.fileError ? " usa-label--error" : ""}`} for="field-file">
            {t("importFileLabel")}
          </label>
          <div class="usa-hint" id="file-hint">
            {t("importFileHint")}
          </div>
          {props.fileError ? (
            <span class="usa-error-message" id="file-error" role="alert">
              {props.fileError}
            </span>
          ) : null}
          <input
            class="usa-file-input"
            id="field-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={props.fileError ? "file-hint file-error" : "file-hint"}
            aria-invalid={props.fileError ? "true" : undefined}
          />
        </div>
        <TextArea
          state={formState}
          name="csv"
          label={t("importCsvLabel")}
          hint={t("importCsvHint")}
          rows={12}
          maxLength={1_000_000}
        />
        <Button>{t("importSubmit")}</Button>
      </Form>
    </Layout>
  );
}
