import { assetHref } from "../../../../platform/http/assets";
import type { Locale } from "../../../../platform/i18n";
import { translator } from "../../../../platform/i18n";
import type { FormState } from "../../../../platform/ui/components";
import { ActionButton, Alert, Button, ErrorSummary, Form, Table } from "../../../../platform/ui/components";
import type { Crumb, PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { SectionDefinition } from "../../../../seed/instruments/types";
import type { Organisation } from "../../../directory/service";
import { answeredCount } from "../../instruments/answers";
import { measuresCatalog } from "../../messages";
import { responsesCatalog } from "../messages";
import type { ResponseView, SectionState } from "../service";
import { sectionState } from "../service";
import { answerText, formatDate, ItemField, tx } from "../../views/fields";

export function orgCrumbs(ctx: PageContext, organisation: Organisation, schoolYear?: string): Crumb[] {
  const t = translator(measuresCatalog, ctx.locale);
  return [
    { label: t("home"), href: "/" },
    { label: t("measures"), href: "/measures" },
    {
      label: organisation.name,
      href: `/measures/orgs/${organisation.id}${schoolYear ? `?year=${schoolYear}` : ""}`,
    },
  ];
}

export function responseTitle(response: ResponseView, locale: Locale): string {
  const t = translator(measuresCatalog, locale);
  const title = tx(response.instrument.title, locale);
  return response.instrument.kind === "profile"
    ? `${title}, ${response.schoolYear}`
    : `${title}, ${response.schoolYear}, ${t("orgTimePoint", { n: response.timePoint })}`;
}

export function statusText(status: "draft" | "submitted" | null, locale: Locale): string {
  const t = translator(measuresCatalog, locale);
  return status === "submitted"
    ? t("statusSubmitted")
    : status === "draft"
      ? t("statusDraft")
      : t("statusNotStarted");
}

export function ResponseOverviewPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  response: ResponseView;
  canWrite: boolean;
}) {
  const { ctx, response, organisation } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const title = responseTitle(response, ctx.locale);
  const draft = response.status === "draft";
  const base = `/measures/responses/${response.id}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[...orgCrumbs(ctx, organisation, response.schoolYear), { label: title }]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{tx(response.instrument.description, ctx.locale)}</p>
      {!draft ? (
        <Alert kind="info" slim>
          {t("responseSubmitted", { date: formatDate(response.submittedAt, ctx.locale) })}{" "}
          {response.instrument.kind === "assessment" ? <a href={`${base}/report`}>{t("orgReport")}</a> : null}
        </Alert>
      ) : null}
      {draft && !props.canWrite ? (
        <Alert kind="info" slim>
          {t("readOnlyNote")}
        </Alert>
      ) : null}
      <h2>{t("responseSectionsHeading")}</h2>
      <ol class="usa-list">
        {response.instrument.sections.map((section) => {
          const state = sectionState(response, section.key);
          return (
            <li class="margin-bottom-2">
              <a href={`${base}/sections/${section.key}`}>{tx(section.title, ctx.locale)}</a>
              <br />
              <span class="smh-meta">
                {t("responseProgress", {
                  answered: answeredCount(section, state.answers),
                  total: section.items.length,
                })}
                {" · "}
                {state.updatedAt
                  ? t("responseLastChanged", {
                      name: state.updatedByName ?? "—",
                      date: formatDate(state.updatedAt, ctx.locale),
                    })
                  : t("responseNeverChanged")}
              </span>
            </li>
          );
        })}
      </ol>
      {draft && props.canWrite && response.instrument.kind === "profile" ? (
        <>
          <h2>{t("responseCopyHeading")}</h2>
          <p>{t("responseCopyIntro")}</p>
          <ActionButton
            action={`${base}/copy-forward`}
            csrfToken={ctx.csrfToken}
            label={t("responseCopy")}
            variant="outline"
          />
        </>
      ) : null}
      {draft && props.canWrite ? (
        <>
          <h2>{t("responseSubmitHeading")}</h2>
          <p>
            {response.instrument.kind === "profile"
              ? t("responseSubmitProfileIntro")
              : t("responseSubmitIntro")}
          </p>
          <p>
            <a class="usa-button" href={`${base}/submit`}>
              {translator(responsesCatalog, ctx.locale)("reviewSubmit")}
            </a>
          </p>
        </>
      ) : null}
    </Layout>
  );
}

export interface Conflict {
  current: SectionState;
  yours: Record<string, unknown>;
}

export function SectionPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  response: ResponseView;
  section: SectionDefinition;
  state: FormState;
  version: number;
  canWrite: boolean;
  conflict?: Conflict;
}) {
  const { ctx, response, section, organisation } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const title = tx(section.title, ctx.locale);
  const base = `/measures/responses/${response.id}`;
  const editable = props.canWrite && response.status === "draft";
  const index = response.instrument.sections.findIndex((s) => s.key === section.key);
  const hasNext = index < response.instrument.sections.length - 1;
  return (
    <Layout
      ctx={ctx}
      title={`${title} | ${responseTitle(response, ctx.locale)}`}
      breadcrumbs={[
        ...orgCrumbs(ctx, organisation, response.schoolYear),
        { label: responseTitle(response, ctx.locale), href: base },
        { label: title },
      ]}
    >
      <p class="smh-meta margin-bottom-0" id="section-place">
        {translator(responsesCatalog, ctx.locale)(
          response.instrument.kind === "assessment" ? "domainOf" : "sectionOf",
          { n: index + 1, total: response.instrument.sections.length },
        )}
      </p>
      <h1 class="margin-top-05">{title}</h1>
      {section.intro ? <p class="usa-intro">{tx(section.intro, ctx.locale)}</p> : null}
      <LastChanged ctx={ctx} state={sectionState(response, section.key)} />
      {props.conflict ? (
        <ConflictNotice ctx={ctx} section={section} response={response} conflict={props.conflict} />
      ) : null}
      <ErrorSummary state={props.state} />
      {editable ? (
        <Form
          action={`${base}/sections/${section.key}`}
          csrfToken={ctx.csrfToken}
          id="section-form"
          class="smh-autosave"
        >
          <input type="hidden" name="_version" value={String(props.version)} data-version />
          <div
            data-autosave-url={`/api/v1/responses/${response.id}/sections/${section.key}`}
            data-number-items={section.items
              .filter((i) => i.type === "rating" || i.type === "count" || i.type === "fte")
              .map((i) => i.key)
              .join(" ")}
          />
          <p class="smh-meta smh-status-line" aria-live="polite" data-autosave-status />
          {section.items.map((item) => (
            <ItemField
              item={item}
              state={props.state}
              locale={ctx.locale}
              scale={response.instrument.scale}
              enrollment={organisation.enrollment}
            />
          ))}
          <div class="margin-top-4">
            <Button>{t("sectionSave")}</Button>
            {hasNext ? (
              <Button variant="outline" name="_next" value="1">
                {t("sectionSaveNext")}
              </Button>
            ) : null}
          </div>
          <template
            id="autosave-messages"
            data-ready={t("autosaveReady")}
            data-saved={t("autosaveSaved", { time: "{time}" })}
            data-failed={t("autosaveFailed", { reason: "{reason}" })}
            data-conflict={t("autosaveConflict")}
          />
        </Form>
      ) : (
        <dl>
          {section.items.map((item) => (
            <>
              <dt class="text-bold margin-top-2">{tx(item.prompt, ctx.locale)}</dt>
              <dd class="margin-left-0">
                {answerText(
                  item,
                  sectionState(response, section.key).answers[item.key],
                  ctx.locale,
                  response.instrument.scale,
                )}
              </dd>
            </>
          ))}
        </dl>
      )}
      <p class="margin-top-4">
        <a href={base}>{t("sectionBack")}</a>
      </p>
      {editable ? <script src={assetHref("autosave.js")} defer /> : null}
    </Layout>
  );
}

function ConflictNotice(props: {
  ctx: PageContext;
  section: SectionDefinition;
  response: ResponseView;
  conflict: Conflict;
}) {
  const { ctx, section, conflict } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const differing = section.items.filter(
    (i) =>
      JSON.stringify(conflict.current.answers[i.key] ?? null) !==
      JSON.stringify(conflict.yours[i.key] ?? null),
  );
  return (
    <div class="margin-bottom-3">
      <Alert kind="warning" heading={t("conflictHeading")}>
        <p>
          {t("conflictBody", {
            name: conflict.current.updatedByName ?? t("conflictSomeone"),
            date: formatDate(conflict.current.updatedAt, ctx.locale),
          })}
        </p>
      </Alert>
      <Table
        caption={t("conflictCaption")}
        headers={[t("conflictItem"), t("conflictTheirs"), t("conflictYours")]}
        rows={differing.map((item) => [
          tx(item.prompt, ctx.locale),
          answerText(item, conflict.current.answers[item.key], ctx.locale, props.response.instrument.scale),
          answerText(item, conflict.yours[item.key], ctx.locale, props.response.instrument.scale),
        ])}
      />
    </div>
  );
}

function LastChanged({ ctx, state }: { ctx: PageContext; state: SectionState }) {
  const t = translator(measuresCatalog, ctx.locale);
  return (
    <p class="smh-meta">
      {state.updatedAt
        ? t("responseLastChanged", {
            name: state.updatedByName ?? "—",
            date: formatDate(state.updatedAt, ctx.locale),
          })
        : t("responseNeverChanged")}
    </p>
  );
}
