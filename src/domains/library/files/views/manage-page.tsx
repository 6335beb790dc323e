import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import { translator } from "../../../../platform/i18n";
import {
  ActionButton,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  Table,
  TextField,
} from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { filesCatalog } from "../messages";
import type { ResourceFileRow } from "../repo";
import { fileSizeText, fileTypeText } from "./files-list";

export interface ManagedResource {
  slug: string;
  title: string;
  language: "en" | "es";
}

/** The editor's page of a resource's files: the list in order (move, remove) and the upload form. */
export function ManageFilesPage(props: {
  ctx: PageContext;
  resource: ManagedResource;
  files: ResourceFileRow[];
  maxMegabytes: number;
  href: (file: ResourceFileRow) => string;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, resource } = props;
  const t = translator(filesCatalog, ctx.locale);
  const base = `/library/${resource.slug}/files`;
  const labels = { file: t("fileLabel"), label: t("labelLabel"), language: t("languageLabel") };
  const state: FormState = {
    locale: ctx.locale,
    values: props.values ?? { language: resource.language },
    errors: props.errors,
    labels,
  };
  const fileError = props.errors?.file;
  const title = t("manageTitle", { title: resource.title });
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("library"), href: "/library" },
        { label: resource.title, href: `/library/${resource.slug}` },
        { label: t("filesHeading") },
      ]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("manageIntro")}</p>
      <ErrorSummary state={state} />
      {props.files.length === 0 ? (
        <p>{t("noFiles")}</p>
      ) : (
        <Table
          caption={t("filesHeading")}
          captionHidden
          stacked
          headers={[
            t("columnFile"),
            t("columnType"),
            t("columnSize"),
            t("columnLanguage"),
            t("columnActions"),
          ]}
          rows={props.files.map((file, i) => {
            const name = file.label || file.fileName;
            return [
              <a class="usa-link" href={props.href(file)}>
                {name}
              </a>,
              fileTypeText(file.contentType, ctx.locale),
              fileSizeText(file.bytes, ctx.locale),
              t(`fileLanguage_${file.language}`),
              <div class="display-flex flex-wrap">
                {i > 0 ? (
                  <ActionButton
                    action={`${base}/${file.id}/move`}
                    csrfToken={ctx.csrfToken}
                    label={t("moveUp")}
                    context={name}
                    variant="outline"
                    hidden={{ direction: "up" }}
                  />
                ) : null}
                {i < props.files.length - 1 ? (
                  <ActionButton
                    action={`${base}/${file.id}/move`}
                    csrfToken={ctx.csrfToken}
                    label={t("moveDown")}
                    context={name}
                    variant="outline"
                    hidden={{ direction: "down" }}
                  />
                ) : null}
                <ActionButton
                  action={`${base}/${file.id}/remove`}
                  csrfToken={ctx.csrfToken}
                  label={t("remove")}
                  context={name}
                  variant="secondary"
                />
              </div>,
            ];
          })}
        />
      )}
      <h2>{t("addHeading")}</h2>
      {/* Multipart bodies are read as a stream, so the CSRF token also travels in the address. */}
      <Form
        action={`${base}?_csrf=${encodeURIComponent(ctx.csrfToken)}`}
        csrfToken={ctx.csrfToken}
        enctype="multipart/form-data"
      >
        <div class={`usa-form-group${fileError ? " usa-form-group--error" : ""}`}>
          <label class={`usa-label${fileError ? " usa-label--error" : ""}`} for="field-file">
            {labels.file}
          </label>
          <div class="usa-hint" id="file-hint">
            {t("fileHint", { max: String(props.maxMegabytes) })}
          </div>
          {fileError && "message" in fileError ? (
            <span class="usa-error-message" id="file-error" role="alert">
              {fileError.message}
            </span>
          ) : null}
          <input
            class="usa-file-input"
            id="field-file"
            name="file"
            type="file"
            required
            accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.gif,.webp"
            aria-describedby={fileError ? "file-hint file-error" : "file-hint"}
            aria-invalid={fileError ? "true" : undefined}
          />
        </div>
        <TextField state={state} name="label" label={labels.label} hint={t("labelHint")} maxLength={200} />
        <RadioGroup
          state={state}
          name="language"
          label={labels.language}
          required
          choices={[
            { value: "en", label: t("fileLanguage_en") },
            { value: "es", label: t("fileLanguage_es") },
          ]}
        />
        <Button>{t("upload")}</Button>
      </Form>
      <p>
        <a class="usa-link" href={`/library/${resource.slug}`}>
          {t("backToResource")}
        </a>
      </p>
    </Layout>
  );
}
