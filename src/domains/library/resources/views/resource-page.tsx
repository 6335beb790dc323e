import type { ComponentChildren } from "preact";
import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import {
  ActionButton,
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { REVIEW_ACTIONS } from "../contracts";
import type { ResourceRow, ReviewRow, VersionRow } from "../repo";
import {
  Day,
  DEMO_LICENCE_MARK,
  formatDay,
  labelOf,
  libraryCrumbs,
  resourceHref,
  shelfName,
  type T,
  tFor,
} from "./shared";

export interface ResourceView {
  row: ResourceRow;
  summaryHtml: string;
  bodyHtml: string;
  citation: string;
  translations: { slug: string; language: string; title: string }[];
  related: { slug: string; title: string; type: string; language: string }[];
  discussedIn: { topicId: string; title: string; communitySlug: string; nameEn: string; nameEs: string }[];
  versions: VersionRow[];
  /** The editors' part: shown to those who may edit the shelf. */
  editor: null | {
    reviews: ReviewRow[];
    /** The viewer wrote or submitted it, so may not review it. */
    ownWork: boolean;
    review?: { values?: FormValues; errors?: FieldErrors };
  };
  /** Files to download (helper "files" fills this slot). */
  files?: ComponentChildren;
}

function Details({ ctx, row, t }: { ctx: PageContext; row: ResourceRow; t: T }) {
  const item = (label: string, value: ComponentChildren) => (
    <>
      <dt class="text-bold margin-top-1">{label}</dt>
      <dd class="margin-left-0">{value}</dd>
    </>
  );
  return (
    <dl class="margin-y-0">
      {item(t("field_type"), labelOf(t, "type", row.type))}
      {row.authors.length ? item(t("authors"), row.authors.join(", ")) : null}
      {row.organisations.length ? item(t("organisations"), row.organisations.join(", ")) : null}
      {row.publishedAt ? item(t("published"), <Day locale={ctx.locale} date={row.publishedAt} />) : null}
      {item(t("version"), String(row.currentVersion))}
      {item(t("field_language"), labelOf(t, "language", row.language))}
      {row.licence ? item(t("licence"), row.licence.replace(DEMO_LICENCE_MARK, "").trim()) : null}
      {item(t("shelf"), shelfName(t, row, ctx.locale))}
      {row.domainKeys.length
        ? item(t("field_domainKeys"), row.domainKeys.map((d) => labelOf(t, "domain", d)).join("; "))
        : null}
      {row.tiers.length
        ? item(t("field_tiers"), row.tiers.map((n) => labelOf(t, "tier", n)).join("; "))
        : null}
      {row.audiences.length
        ? item(t("field_audiences"), row.audiences.map((a) => labelOf(t, "audience", a)).join(", "))
        : null}
      {row.stateCode ? item(t("field_stateCode"), row.stateCode) : null}
    </dl>
  );
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function ReviewForm({ ctx, view }: { ctx: PageContext; view: ResourceView }) {
  const t = tFor(ctx);
  const state: FormState = {
    locale: ctx.locale,
    values: view.editor?.review?.values ?? { decision: "comment" },
    errors: view.editor?.review?.errors,
    labels: { decision: t("field_decision"), comment: t("field_comment"), publishOn: t("field_publishOn") },
  };
  return (
    <Form action={`${resourceHref(view.row.slug)}/review`} csrfToken={ctx.csrfToken}>
      <ErrorSummary state={state} />
      <RadioGroup
        state={state}
        name="decision"
        label={t("field_decision")}
        required
        choices={REVIEW_ACTIONS.map((d) => ({ value: d, label: t(`decision_${d}`) }))}
      />
      <TextArea state={state} name="comment" label={t("field_comment")} rows={4} maxLength={4000} />
      <TextField
        state={state}
        name="publishOn"
        type="date"
        label={t("field_publishOn")}
        hint={t("field_publishOn_hint")}
      />
      <Button>{t("reviewButton")}</Button>
    </Form>
  );
}

function EditorPanel({ ctx, view }: { ctx: PageContext; view: ResourceView }) {
  const t = tFor(ctx);
  const { row, editor } = view;
  if (!editor) return null;
  const href = resourceHref(row.slug);
  return (
    <section
      aria-labelledby="workflow-heading"
      class="border-1px border-base-lighter radius-md padding-2 margin-top-4"
    >
      <div>
        <h2 id="workflow-heading" class="margin-top-0">
          {t("workflowHeading")}: {labelOf(t, "status", row.status)}
        </h2>
        {row.status === "in_review" && row.publishAt ? (
          <p>{t("scheduledNote", { date: formatDay(ctx.locale, row.publishAt) })}</p>
        ) : null}
        {editor.reviews.length ? (
          <>
            <h3>{t("reviewTrail")}</h3>
            <ul class="usa-list">
              {editor.reviews.map((r) => (
                <li>
                  <Day locale={ctx.locale} date={r.createdAt} />: {r.reviewerName}{" "}
                  {labelOf(t, "review", r.decision)}
                  {r.comment ? <>: “{r.comment}”</> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {row.status === "draft" ? (
          <>
            <p>
              <a href={`${href}/edit`} class="usa-button usa-button--outline">
                {t("editDraft")}
              </a>
            </p>
            <ActionButton action={`${href}/submit`} csrfToken={ctx.csrfToken} label={t("submitForReview")} />
          </>
        ) : null}
        {editor.review || (row.status === "in_review" && !row.publishAt) ? (
          editor.ownWork && !editor.review ? (
            <p>{t("ownReviewNote")}</p>
          ) : (
            <>
              <h3>{t("reviewHeading")}</h3>
              <ReviewForm ctx={ctx} view={view} />
            </>
          )
        ) : null}
        {row.status === "published" ? (
          <>
            <p>
              <a href={`${href}/new-version`} class="usa-button usa-button--outline">
                {t("newVersion")}
              </a>
            </p>
            <ActionButton
              action={`${href}/archive`}
              csrfToken={ctx.csrfToken}
              label={t("archive")}
              variant="secondary"
            />
          </>
        ) : null}
      </div>
    </section>
  );
}

export function ResourcePage({ ctx, view }: { ctx: PageContext; view: ResourceView }) {
  const t = tFor(ctx);
  const { row } = view;
  const otherLang = row.language === ctx.locale ? undefined : row.language;
  return (
    <Layout
      ctx={ctx}
      title={row.title}
      description={view.summaryHtml.replace(/<[^>]+>/g, "").slice(0, 200)}
      breadcrumbs={libraryCrumbs(ctx, { label: row.title })}
    >
      <h1 lang={otherLang}>{row.title}</h1>
      <p class="font-body-xs text-base-dark">
        {labelOf(t, "type", row.type)} · {t("versionN", { n: row.currentVersion })}
        {row.communityOnly ? (
          <>
            {" "}
            <span class="usa-tag bg-secondary-dark">{t("communityOnly")}</span>
          </>
        ) : null}
      </p>
      {row.licence.includes(DEMO_LICENCE_MARK) ? (
        <Alert kind="info" slim>
          {t("demoNote")}
        </Alert>
      ) : null}
      {row.communityOnly ? (
        <p class="usa-hint">{t("communityOnlyNote", { community: shelfName(t, row, ctx.locale) })}</p>
      ) : null}
      {row.status === "archived" ? (
        <Alert kind="warning" slim>
          {t("archivedNote")}
        </Alert>
      ) : null}
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-8">
          <h2>{t("summaryHeading")}</h2>
          {/* Rendered by the discussions' Markdown renderer, which sanitises its output. */}
          <div class="usa-prose" lang={otherLang} dangerouslySetInnerHTML={{ __html: view.summaryHtml }} />
          {view.bodyHtml ? (
            <div
              class="usa-prose margin-top-2"
              lang={otherLang}
              dangerouslySetInnerHTML={{ __html: view.bodyHtml }}
            />
          ) : null}
          {row.externalUrl ? (
            <p class="margin-top-3">
              <a class="usa-button" href={row.externalUrl} rel="noopener">
                {t("openExternal")}{" "}
                <span class="usa-sr-only">{t("openExternalHint", { host: hostOf(row.externalUrl) })}</span>
              </a>
            </p>
          ) : null}
          {view.files ?? null}
          <h2>{t("citeHeading")}</h2>
          <p class="bg-base-lightest padding-2">{view.citation}</p>
          <h2>{t("versionsHeading")}</h2>
          {view.versions.length === 0 ? <p>{t("currentVersion")}</p> : null}
          <ul class="usa-list">
            {view.versions.map((v) => (
              <li>
                {v.number === row.currentVersion ? (
                  <>
                    {t("versionN", { n: v.number })} (
                    <Day locale={ctx.locale} date={new Date(v.snapshot.publishedAt)} />){" — "}
                    {t("currentVersion")}
                  </>
                ) : (
                  <>
                    <a href={`${resourceHref(row.slug)}/versions/${v.number}`}>
                      {t("viewVersion", { n: v.number })}
                    </a>{" "}
                    (<Day locale={ctx.locale} date={new Date(v.snapshot.publishedAt)} />)
                  </>
                )}
                {v.changeNote ? (
                  <>
                    {" — "}
                    {t("versionChanged")}: {v.changeNote}
                  </>
                ) : v.number === 1 ? (
                  <> — {t("firstVersion")}</>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
        <div class="tablet:grid-col-4">
          <h2>{t("detailsHeading")}</h2>
          <Details ctx={ctx} row={row} t={t} />
          {view.translations.length ? (
            <>
              <h2>{t("languageVersions")}</h2>
              <ul class="usa-list usa-list--unstyled">
                {view.translations.map((tr) => (
                  <li>
                    <a href={resourceHref(tr.slug)} hrefLang={tr.language} lang={tr.language}>
                      {tr.title}
                    </a>{" "}
                    ({labelOf(t, "language", tr.language)})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {view.related.length ? (
            <>
              <h2>{t("relatedHeading")}</h2>
              <ul class="usa-list usa-list--unstyled">
                {view.related.map((r) => (
                  <li class="margin-bottom-1">
                    <a href={resourceHref(r.slug)} lang={r.language === ctx.locale ? undefined : r.language}>
                      {r.title}
                    </a>{" "}
                    <span class="text-base-dark">({labelOf(t, "type", r.type)})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {view.discussedIn.length ? (
            <>
              <h2>{t("discussedHeading")}</h2>
              <ul class="usa-list usa-list--unstyled">
                {view.discussedIn.map((d) => (
                  <li class="margin-bottom-1">
                    <a href={`/communities/${d.communitySlug}/topics/${d.topicId}`}>{d.title}</a>{" "}
                    <span class="text-base-dark">({ctx.locale === "es" ? d.nameEs : d.nameEn})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
      <EditorPanel ctx={ctx} view={view} />
    </Layout>
  );
}

/** An earlier version as it was published, with what changed since. */
export function VersionPage(props: {
  ctx: PageContext;
  row: ResourceRow;
  version: VersionRow;
  summaryHtml: string;
  bodyHtml: string;
}) {
  const { ctx, row, version } = props;
  const t = tFor(ctx);
  const snap = version.snapshot;
  const otherLang = row.language === ctx.locale ? undefined : row.language;
  const label = t("versionN", { n: version.number });
  return (
    <Layout
      ctx={ctx}
      title={`${snap.title} (${label})`}
      breadcrumbs={libraryCrumbs(ctx, { label: row.title, href: resourceHref(row.slug) }, { label })}
    >
      <h1 lang={otherLang}>
        {snap.title} <span class="text-base-dark">({label})</span>
      </h1>
      {version.number !== row.currentVersion ? (
        <Alert kind="info" slim>
          {t("oldVersionNote", {
            n: version.number,
            date: formatDay(ctx.locale, snap.publishedAt),
            current: row.currentVersion,
          })}{" "}
          <a href={resourceHref(row.slug)}>{t("readCurrent")}</a>
        </Alert>
      ) : null}
      {version.changeNote ? (
        <p>
          <strong>{t("versionChanged")}:</strong> {version.changeNote}
        </p>
      ) : null}
      <h2>{t("summaryHeading")}</h2>
      <div class="usa-prose" lang={otherLang} dangerouslySetInnerHTML={{ __html: props.summaryHtml }} />
      {props.bodyHtml ? (
        <div
          class="usa-prose margin-top-2"
          lang={otherLang}
          dangerouslySetInnerHTML={{ __html: props.bodyHtml }}
        />
      ) : null}
      {snap.externalUrl ? (
        <p>
          <a href={snap.externalUrl} rel="noopener">
            {t("openExternal")}
          </a>
        </p>
      ) : null}
      <dl>
        {snap.authors.length ? (
          <>
            <dt class="text-bold">{t("authors")}</dt>
            <dd class="margin-left-0">{snap.authors.join(", ")}</dd>
          </>
        ) : null}
        <dt class="text-bold">{t("field_year")}</dt>
        <dd class="margin-left-0">{snap.year}</dd>
      </dl>
    </Layout>
  );
}
