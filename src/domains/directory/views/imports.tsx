import { Alert, Button, ErrorSummary, type FormState, Table } from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import type { DirectoryKey } from "../messages";
import type { DirectoryImport, DirectoryImportError } from "../nces-import";
import { tr, type T } from "./common";
import { dateTimeFormat } from "../../../platform/i18n/formats";

const crumbs = (t: T, last?: string) => [
  { label: t("home"), href: "/" },
  { label: t("admin"), href: "/admin" },
  ...(last
    ? [{ label: t("importsTitle"), href: "/admin/imports" }, { label: last }]
    : [{ label: t("importsTitle") }]),
];

const when = (ctx: PageContext, d: Date | string) =>
  dateTimeFormat(ctx.locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
    new Date(d),
  );

export function statusLabel(t: T, status: DirectoryImport["status"]) {
  return t(`status_${status}` as DirectoryKey);
}

export function ImportsPage(props: { ctx: PageContext; imports: DirectoryImport[]; state?: FormState }) {
  const { ctx } = props;
  const t = tr(ctx);
  const state: FormState = { locale: ctx.locale, ...props.state, labels: { file: t("importFile") } };
  const fileError = state.errors?.file;
  return (
    <Layout ctx={ctx} title={t("importsTitle")} breadcrumbs={crumbs(t)}>
      <h1>{t("importsTitle")}</h1>
      <p class="usa-intro">{t("importsIntro")}</p>
      <p>{t("importsColumns")}</p>
      <ErrorSummary state={state} />
      {/* Multipart bodies are read as a stream, so the CSRF token travels in the address. */}
      <form
        method="post"
        action={`/admin/imports?_csrf=${encodeURIComponent(ctx.csrfToken)}`}
        enctype="multipart/form-data"
        class="usa-form usa-form--large"
      >
        <div class={`usa-form-group${fileError ? " usa-form-group--error" : ""}`}>
          <label class={`usa-label${fileError ? " usa-label--error" : ""}`} for="field-file">
            {t("importFile")}
          </label>
          <div class="usa-hint" id="file-hint">
            {t("importFileHint")}
          </div>
          {fileError && "message" in fileError ? (
            <span class="usa-error-message" id="file-error" role="alert">
              {fileError.message}
            </span>
          ) : null}
          <input
            class="usa-input"
            id="field-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby={fileError ? "file-hint file-error" : "file-hint"}
            aria-invalid={fileError ? "true" : undefined}
          />
        </div>
        <Button>{t("importButton")}</Button>
      </form>
      <h2>{t("importsRecent")}</h2>
      {props.imports.length === 0 ? (
        <p>{t("noImports")}</p>
      ) : (
        <Table
          caption={t("importsCaption")}
          headers={[
            t("colFile"),
            t("colStatus"),
            t("colStarted"),
            t("colRows"),
            t("colInserted"),
            t("colUpdated"),
            t("colFailed"),
          ]}
          rows={props.imports.map((i) => [
            <a href={`/admin/imports/${i.id}`}>{i.fileName}</a>,
            statusLabel(t, i.status),
            when(ctx, i.createdAt),
            i.rowsSeen,
            i.inserted + i.districtsInserted,
            i.updated + i.districtsUpdated,
            i.failed,
          ])}
        />
      )}
    </Layout>
  );
}

export const ERRORS_SHOWN = 500;

export function ImportProgressPage(props: {
  ctx: PageContext;
  item: DirectoryImport;
  errors: DirectoryImportError[];
  errorsTotal: number;
}) {
  const { ctx, item } = props;
  const t = tr(ctx);
  const running = item.status === "queued" || item.status === "running";
  const percent =
    item.status === "done"
      ? 100
      : item.fileBytes > 0
        ? Math.min(99, Math.floor((item.bytesRead / item.fileBytes) * 100))
        : 0;
  const title = t("importTitle", { file: item.fileName });
  const totals: [string, number][] = [
    [t("sumRows"), item.rowsSeen],
    [t("sumInserted"), item.inserted],
    [t("sumUpdated"), item.updated],
    [t("sumUnchanged"), item.unchanged],
    [t("sumDistrictsInserted"), item.districtsInserted],
    [t("sumDistrictsUpdated"), item.districtsUpdated],
    [t("sumFailed"), item.failed],
  ];
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(t, item.fileName)}>
      {/* Refreshes without JavaScript while the import runs (browsers honour it outside <head> too). */}
      {running ? <meta http-equiv="refresh" content="2" /> : null}
      <h1>{title}</h1>
      <p>
        <span
          class={`usa-tag${item.status === "failed" ? " bg-secondary" : item.status === "done" ? " bg-green" : ""}`}
        >
          {statusLabel(t, item.status)}
        </span>
      </p>
      <div class="margin-y-2">
        <label class="usa-label" for="import-progress">
          {t("progressLabel")}
        </label>
        <progress id="import-progress" class="smh-progress" max={100} value={percent}>
          {percent}%
        </progress>
        <p aria-live="polite">{t("progressText", { percent, rows: item.rowsSeen })}</p>
        {running ? <p class="smh-meta">{t("refreshNote")}</p> : null}
      </div>
      {item.status === "failed" && item.errorMessage ? (
        <Alert kind="error" headingLevel={2} heading={statusLabel(t, item.status)}>
          <p>{t("importFailed", { message: item.errorMessage })}</p>
        </Alert>
      ) : null}
      <Table caption={t("summaryCaption")} headers={[t("colTotal"), t("colCount")]} rows={totals} />
      <h2>{t("errorsHeading")}</h2>
      {props.errorsTotal === 0 ? (
        <p>{running ? "" : t("errorsNone")}</p>
      ) : (
        <>
          <p>
            <a class="usa-button usa-button--outline" href={`/admin/imports/${item.id}/errors.csv`}>
              {t("errorsDownload")}
            </a>
          </p>
          {props.errorsTotal > props.errors.length ? (
            <p>{t("errorsTruncated", { shown: props.errors.length, total: props.errorsTotal })}</p>
          ) : null}
          <Table
            caption={t("errorsCaption")}
            headers={[t("colLine"), t("colField"), t("colProblem"), t("colValue")]}
            rows={props.errors.map((e) => [
              e.line,
              e.field,
              t(`problem_${e.code}` as DirectoryKey),
              e.value ?? "",
            ])}
          />
        </>
      )}
      <p>
        <a href="/admin/imports">{t("backToImports")}</a>
      </p>
    </Layout>
  );
}
