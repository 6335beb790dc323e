import { STAKEHOLDER_ROLES } from "../../../../platform/auth/schema";
import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import {
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { DOMAIN_KEYS } from "../contracts";
import type { ResourceRow } from "../repo";
import { RESOURCE_LANGUAGES, RESOURCE_TIERS, RESOURCE_TYPES } from "../schema";
import { labelOf, libraryCrumbs, resourceHref, shelfName, tFor } from "./shared";

const FIELDS = [
  "title",
  "slug",
  "type",
  "language",
  "summary",
  "body",
  "authors",
  "organisations",
  "licence",
  "externalUrl",
  "domainKeys",
  "tiers",
  "audiences",
  "stateCode",
  "year",
  "communityOnly",
  "translationOf",
  "changeNote",
] as const;

function stateOf(
  ctx: PageContext,
  values: FormValues | undefined,
  errors: FieldErrors | undefined,
): FormState {
  const t = tFor(ctx);
  return {
    locale: ctx.locale,
    values,
    errors,
    labels: Object.fromEntries(FIELDS.map((f) => [f, t(`field_${f}`)])),
  };
}

/** A resource's fields as the form shows them (for editing a draft). */
export function formValuesOf(row: ResourceRow, translationOf?: string): FormValues {
  return {
    title: row.title,
    slug: row.slug,
    type: row.type,
    language: row.language,
    summary: row.summary,
    body: row.body,
    authors: row.authors.join("\n"),
    organisations: row.organisations.join("\n"),
    licence: row.licence,
    externalUrl: row.externalUrl ?? "",
    domainKeys: row.domainKeys,
    tiers: row.tiers.map(String),
    audiences: row.audiences,
    stateCode: row.stateCode ?? "",
    year: String(row.year),
    communityOnly: String(row.communityOnly),
    translationOf: translationOf ?? "",
  };
}

export function ResourceFormPage(props: {
  ctx: PageContext;
  /** Where the form posts and what the page is called. */
  action: string;
  heading: string;
  /** A community's shelf offers "members only". */
  onCommunityShelf: boolean;
  /** Editing an existing draft: its address stays. */
  editing: boolean;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx } = props;
  const t = tFor(ctx);
  const state = stateOf(
    ctx,
    props.values ?? { language: ctx.locale, year: String(new Date().getUTCFullYear()) },
    props.errors,
  );
  return (
    <Layout
      ctx={ctx}
      title={props.heading}
      breadcrumbs={libraryCrumbs(
        ctx,
        { label: t("editorTitle"), href: "/library/editing" },
        { label: props.heading },
      )}
    >
      <h1>{props.heading}</h1>
      <ErrorSummary state={state} />
      <Form action={props.action} csrfToken={ctx.csrfToken}>
        <TextField state={state} name="title" label={t("field_title")} required maxLength={200} />
        {props.editing ? null : (
          <TextField
            state={state}
            name="slug"
            label={t("field_slug")}
            hint={t("field_slug_hint")}
            maxLength={80}
          />
        )}
        <SelectField
          state={state}
          name="type"
          label={t("field_type")}
          required
          choices={RESOURCE_TYPES.map((v) => ({ value: v, label: labelOf(t, "type", v) }))}
        />
        <RadioGroup
          state={state}
          name="language"
          label={t("field_language")}
          required
          choices={RESOURCE_LANGUAGES.map((v) => ({ value: v, label: labelOf(t, "language", v) }))}
        />
        <TextArea
          state={state}
          name="summary"
          label={t("field_summary")}
          hint={t("field_summary_hint")}
          required
          maxLength={4000}
        />
        <TextArea
          state={state}
          name="body"
          label={t("field_body")}
          hint={t("field_body_hint")}
          rows={10}
          maxLength={40000}
        />
        <TextArea
          state={state}
          name="authors"
          label={t("field_authors")}
          hint={t("field_lines_hint")}
          rows={3}
        />
        <TextArea
          state={state}
          name="organisations"
          label={t("field_organisations")}
          hint={t("field_lines_hint")}
          rows={3}
        />
        <TextField
          state={state}
          name="licence"
          label={t("field_licence")}
          hint={t("field_licence_hint")}
          maxLength={200}
        />
        <TextField
          state={state}
          name="externalUrl"
          type="url"
          label={t("field_externalUrl")}
          hint={t("field_externalUrl_hint")}
          maxLength={2000}
        />
        <CheckboxGroup
          state={state}
          name="domainKeys"
          label={t("field_domainKeys")}
          choices={DOMAIN_KEYS.map((v) => ({ value: v, label: labelOf(t, "domain", v) }))}
        />
        <CheckboxGroup
          state={state}
          name="tiers"
          label={t("field_tiers")}
          choices={RESOURCE_TIERS.map((v) => ({ value: String(v), label: labelOf(t, "tier", v) }))}
        />
        <CheckboxGroup
          state={state}
          name="audiences"
          label={t("field_audiences")}
          choices={STAKEHOLDER_ROLES.map((v) => ({ value: v, label: labelOf(t, "audience", v) }))}
        />
        <TextField
          state={state}
          name="stateCode"
          label={t("field_stateCode")}
          hint={t("field_stateCode_hint")}
          width="small"
          maxLength={2}
        />
        <TextField
          state={state}
          name="year"
          label={t("field_year")}
          required
          inputmode="numeric"
          width="small"
          maxLength={4}
        />
        {props.onCommunityShelf ? (
          <RadioGroup
            state={state}
            name="communityOnly"
            label={t("field_communityOnly")}
            choices={[
              { value: "false", label: t("visibility_all") },
              { value: "true", label: t("visibility_members") },
            ]}
          />
        ) : null}
        <TextField
          state={state}
          name="translationOf"
          label={t("field_translationOf")}
          hint={t("field_translationOf_hint")}
          maxLength={80}
        />
        <Button>{t("saveDraft")}</Button>
      </Form>
    </Layout>
  );
}

export function NewVersionPage(props: {
  ctx: PageContext;
  row: ResourceRow;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, row } = props;
  const t = tFor(ctx);
  const heading = t("newVersionTitle", { title: row.title });
  const state = stateOf(
    ctx,
    props.values ?? {
      title: row.title,
      summary: row.summary,
      body: row.body,
      externalUrl: row.externalUrl ?? "",
      year: String(row.year),
    },
    props.errors,
  );
  return (
    <Layout
      ctx={ctx}
      title={heading}
      breadcrumbs={libraryCrumbs(
        ctx,
        { label: row.title, href: resourceHref(row.slug) },
        { label: t("newVersion") },
      )}
    >
      <h1>{heading}</h1>
      <p>{t("versionN", { n: row.currentVersion + 1 })}</p>
      <ErrorSummary state={state} />
      <Form action={`${resourceHref(row.slug)}/new-version`} csrfToken={ctx.csrfToken}>
        <TextArea
          state={state}
          name="changeNote"
          label={t("field_changeNote")}
          hint={t("field_changeNote_hint")}
          required
          rows={3}
          maxLength={2000}
        />
        <TextField state={state} name="title" label={t("field_title")} required maxLength={200} />
        <TextArea
          state={state}
          name="summary"
          label={t("field_summary")}
          hint={t("field_summary_hint")}
          required
          maxLength={4000}
        />
        <TextArea
          state={state}
          name="body"
          label={t("field_body")}
          hint={t("field_body_hint")}
          rows={10}
          maxLength={40000}
        />
        <TextField
          state={state}
          name="externalUrl"
          type="url"
          label={t("field_externalUrl")}
          hint={t("field_externalUrl_hint")}
          maxLength={2000}
        />
        <TextField
          state={state}
          name="year"
          label={t("field_year")}
          required
          inputmode="numeric"
          width="small"
          maxLength={4}
        />
        <Button>{t("newVersion")}</Button>
      </Form>
    </Layout>
  );
}

/** The editors' queue: drafts and resources in review on the shelves one edits, and where to start a new one. */
export function EditingPage(props: {
  ctx: PageContext;
  shelves: { national: boolean; communities: { slug: string; nameEn: string; nameEs: string }[] };
  work: ResourceRow[];
}) {
  const { ctx, shelves } = props;
  const t = tFor(ctx);
  const none = !shelves.national && shelves.communities.length === 0;
  return (
    <Layout ctx={ctx} title={t("editorTitle")} breadcrumbs={libraryCrumbs(ctx, { label: t("editorTitle") })}>
      <h1>{t("editorTitle")}</h1>
      {none ? <p>{t("editorNone")}</p> : <p>{t("editorIntro")}</p>}
      {none ? null : (
        <>
          <h2>{t("newTitle")}</h2>
          <ul class="usa-list">
            {shelves.national ? (
              <li>
                <a href="/library/shelves/national/new">{t("newOn", { shelf: t("nationalShelf") })}</a>
              </li>
            ) : null}
            {shelves.communities.map((c) => (
              <li>
                <a href={`/library/shelves/${c.slug}/new`}>
                  {t("newOn", { shelf: ctx.locale === "es" ? c.nameEs : c.nameEn })}
                </a>
              </li>
            ))}
          </ul>
          <h2>{t("workflowHeading")}</h2>
          {props.work.length === 0 ? <p>{t("editorNothing")}</p> : null}
          <ul class="usa-list usa-list--unstyled">
            {props.work.map((row) => (
              <li class="border-top border-base-lighter padding-y-1">
                <a href={resourceHref(row.slug)}>{row.title}</a>{" "}
                <span class="usa-tag">{labelOf(t, "status", row.status)}</span>{" "}
                <span class="text-base-dark">{shelfName(t, row, ctx.locale)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
