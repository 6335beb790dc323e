import { STAKEHOLDER_ROLES, type StakeholderRole } from "../../../platform/auth/schema";
import { STATES, stateName } from "../../../platform/geo/states";
import { dateTimeFormat } from "../../../platform/i18n/formats";
import { type Locale, translator } from "../../../platform/i18n";
import type { PageContext } from "../../../platform/ui/context";
import {
  ActionButton,
  Alert,
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  Pagination,
  RadioGroup,
  TextArea,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { renderMarkdown } from "../../communities/discussions/markdown";
import { AUDIENCE_ROLE_LABELS, announcementsCatalog } from "./messages";
import {
  type Announcement,
  ARCHIVE_PAGE_SIZE,
  type ArchiveItem,
  announcementLink,
  inLanguage,
  type Preview,
  type Sender,
  senderName,
} from "./service";

const tFor = (locale: Locale) => translator(announcementsCatalog, locale);
const day = (locale: Locale, date: Date) =>
  dateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(date);
const ARCHIVE = "/library/announcements";

function crumbs(locale: Locale, ...more: { label: string; href?: string }[]) {
  const t = tFor(locale);
  return [
    { label: t("home"), href: "/" },
    { label: t("archiveTitle"), href: more.length > 0 ? ARCHIVE : undefined },
    ...more,
  ];
}

export function ArchivePage(props: {
  ctx: PageContext;
  items: ArchiveItem[];
  total: number;
  page: number;
  maySend: boolean;
}) {
  const { ctx } = props;
  const t = tFor(ctx.locale);
  return (
    <Layout ctx={ctx} title={t("archiveTitle")} breadcrumbs={crumbs(ctx.locale)}>
      <h1>{t("archiveTitle")}</h1>
      <p class="usa-intro">{t("archiveIntro")}</p>
      {ctx.viewer ? (
        <ul class="usa-list usa-list--unstyled">
          {props.maySend ? (
            <li>
              <a href={`${ARCHIVE}/new`}>{t("writeLink")}</a>
            </li>
          ) : null}
          <li>
            <a href={`${ARCHIVE}/settings`}>{t("settingsLink")}</a>
          </li>
        </ul>
      ) : null}
      {props.items.length === 0 ? (
        <p>{t("archiveEmpty")}</p>
      ) : (
        <ul class="usa-list usa-list--unstyled margin-top-2">
          {props.items.map((a) => {
            const text = inLanguage(a, ctx.locale);
            return (
              <li class="border-top border-base-lighter padding-y-2">
                <h2
                  class="margin-0 font-heading-md"
                  lang={text.language === ctx.locale ? undefined : text.language}
                >
                  <a href={announcementLink(a.id)}>{text.title}</a>
                </h2>
                <p class="margin-y-05 font-body-2xs text-base">
                  {t("from", { sender: ctx.locale === "es" ? a.senderEs : a.senderEn })} ·{" "}
                  <time dateTime={a.sentAt.toISOString()}>
                    {t("sentOn", { date: day(ctx.locale, a.sentAt) })}
                  </time>
                  {a.communityOnly ? ` · ${t("membersOnly")}` : ""}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <Pagination
        locale={ctx.locale}
        page={props.page}
        pages={Math.ceil(props.total / ARCHIVE_PAGE_SIZE)}
        hrefFor={(p) => `${ARCHIVE}?page=${p}`}
      />
    </Layout>
  );
}

const list = (items: string[], locale: Locale) =>
  new Intl.ListFormat(locale === "es" ? "es" : "en", { type: "conjunction" }).format(items);

export function AudienceList(props: {
  locale: Locale;
  stakeholderRoles: string[];
  stateCodes: string[];
  communities: string[];
}) {
  const t = tFor(props.locale);
  const lines: string[] = [];
  if (props.stakeholderRoles.length > 0)
    lines.push(
      t("audienceRoles", {
        list: list(
          props.stakeholderRoles.map((r) => AUDIENCE_ROLE_LABELS[r as StakeholderRole]?.[props.locale] ?? r),
          props.locale,
        ),
      }),
    );
  if (props.stateCodes.length > 0)
    lines.push(
      t("audienceStates", {
        list: list(
          props.stateCodes.map((c) => stateName(c)),
          props.locale,
        ),
      }),
    );
  if (props.communities.length > 0)
    lines.push(t("audienceCommunities", { list: list(props.communities, props.locale) }));
  if (lines.length === 0) lines.push(t("audienceEveryone"));
  return (
    <ul class="usa-list">
      {lines.map((l) => (
        <li>{l}</li>
      ))}
    </ul>
  );
}

export function AnnouncementPage(props: {
  ctx: PageContext;
  item: ArchiveItem;
  communities: string[];
  /** Whether to say how many people it was emailed to (its senders, admins). */
  showCount: boolean;
}) {
  const { ctx, item } = props;
  const t = tFor(ctx.locale);
  const text = inLanguage(item, ctx.locale);
  const lang = text.language === ctx.locale ? undefined : text.language;
  return (
    <Layout ctx={ctx} title={text.title} breadcrumbs={crumbs(ctx.locale, { label: text.title })}>
      <article lang={lang}>
        <h1>{text.title}</h1>
        <p class="font-body-xs text-base">
          {t("from", { sender: ctx.locale === "es" ? item.senderEs : item.senderEn })} ·{" "}
          <time dateTime={item.sentAt.toISOString()}>
            {t("sentOn", { date: day(ctx.locale, item.sentAt) })}
          </time>
          {item.status === "sending" ? ` · ${t("sending")}` : ""}
        </p>
        {item.isDemo ? (
          <Alert kind="info" slim>
            {t("demoNote")}
          </Alert>
        ) : null}
        {/* Sanitised the same way as discussion posts (raw HTML off, an allow-list after). */}
        <div class="usa-prose margin-top-2" dangerouslySetInnerHTML={{ __html: renderMarkdown(text.body) }} />
      </article>
      <h2>{t("audienceTitle")}</h2>
      {item.communityOnly ? <p>{t("membersOnly")}</p> : null}
      <AudienceList
        locale={ctx.locale}
        stakeholderRoles={item.stakeholderRoles}
        stateCodes={item.stateCodes}
        communities={props.communities}
      />
      {props.showCount ? <p>{t("recipientsSent", { count: item.recipientCount })}</p> : null}
      <p>
        <a href={ARCHIVE}>{t("backToArchive")}</a>
      </p>
    </Layout>
  );
}

export function NewPage(props: { ctx: PageContext; senders: Sender[]; drafts: Announcement[] }) {
  const { ctx } = props;
  const t = tFor(ctx.locale);
  return (
    <Layout ctx={ctx} title={t("newTitle")} breadcrumbs={crumbs(ctx.locale, { label: t("newTitle") })}>
      <h1>{t("newTitle")}</h1>
      {props.senders.length === 0 ? (
        <p>{t("noSenders")}</p>
      ) : (
        <>
          <h2>{t("chooseSender")}</h2>
          <p>{t("chooseSenderIntro")}</p>
          <ul class="usa-list">
            {props.senders.map((s) => (
              <li>
                <a href={`${ARCHIVE}/new/${s.id}`}>{t("writeFor", { sender: senderName(s, ctx.locale) })}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.drafts.length > 0 ? (
        <>
          <h2>{t("draftsTitle")}</h2>
          <ul class="usa-list">
            {props.drafts.map((d) => (
              <li>
                <a href={`${ARCHIVE}/drafts/${d.id}`}>{d.titleEn}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

export function AnnouncementForm(props: {
  ctx: PageContext;
  sender: Sender;
  state: FormState;
  action: string;
  communities: { id: string; nameEn: string; nameEs: string }[];
  status?: string;
}) {
  const { ctx, sender, state } = props;
  const t = tFor(ctx.locale);
  const name = senderName(sender, ctx.locale);
  const title = t("formTitle", { sender: name });
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, { label: title })}>
      <h1>{title}</h1>
      {props.status ? <Alert kind="warning">{props.status}</Alert> : null}
      <ErrorSummary state={state} />
      <Form action={props.action} csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="titleEn"
          label={t("titleEn")}
          hint={t("titleEnHint")}
          required
          maxLength={200}
        />
        <TextArea state={state} name="bodyEn" label={t("bodyEn")} hint={t("bodyHint")} required rows={10} />
        <fieldset class="usa-fieldset margin-top-4">
          <legend class="usa-legend usa-legend--large">{t("spanishLegend")}</legend>
          <p class="usa-hint">{t("spanishHint")}</p>
          <TextField state={state} name="titleEs" label={t("titleEs")} maxLength={200} />
          <TextArea state={state} name="bodyEs" label={t("bodyEs")} hint={t("bodyHint")} rows={10} />
        </fieldset>
        <fieldset class="usa-fieldset margin-top-4">
          <legend class="usa-legend usa-legend--large">{t("audienceLegend")}</legend>
          <p class="usa-hint">{t("audienceHint")}</p>
          <CheckboxGroup
            state={state}
            name="stakeholderRoles"
            label={t("stakeholderRoles")}
            choices={STAKEHOLDER_ROLES.map((r) => ({ value: r, label: AUDIENCE_ROLE_LABELS[r][ctx.locale] }))}
          />
          {sender.kind === "state" ? (
            <p>{t("stateCodesOwn", { state: stateName(sender.stateCode) })}</p>
          ) : sender.kind === "nation" ? (
            <CheckboxGroup
              state={state}
              name="stateCodes"
              label={t("stateCodes")}
              choices={STATES.map((s) => ({ value: s.code, label: s.name }))}
            />
          ) : null}
          {sender.kind === "community" ? (
            <p>{t("communityOwn", { community: name })}</p>
          ) : (
            <CheckboxGroup
              state={state}
              name="communityIds"
              label={t("communityIds")}
              choices={props.communities.map((c) => ({
                value: c.id,
                label: ctx.locale === "es" ? c.nameEs : c.nameEn,
              }))}
            />
          )}
        </fieldset>
        <Button>{t("saveAndPreview")}</Button>
      </Form>
    </Layout>
  );
}

export function PreviewPage(props: {
  ctx: PageContext;
  draft: Announcement;
  preview: Preview;
  communities: string[];
}) {
  const { ctx, draft, preview } = props;
  const t = tFor(ctx.locale);
  const title = t("previewTitle", { title: draft.titleEn });
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, { label: title })}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("previewIntro")}</p>
      <Alert kind="info">
        {t("previewCount", { count: preview.recipients, spanish: preview.inSpanish })} {t("previewCountNote")}
      </Alert>
      <h2>{t("audienceTitle")}</h2>
      <AudienceList
        locale={ctx.locale}
        stakeholderRoles={draft.stakeholderRoles}
        stateCodes={draft.stateCodes}
        communities={props.communities}
      />
      {preview.emails.map((email) => {
        const body = email.language === "es" ? draft.bodyEs! : draft.bodyEn;
        const footer = email.text.trimEnd().split("\n").slice(-3);
        return (
          <section lang={email.language} aria-labelledby={`email-${email.language}`}>
            <h2 id={`email-${email.language}`}>
              {email.language === "es" ? t("previewEmailEs") : t("previewEmailEn")}
            </h2>
            <div class="margin-top-2 border-1px border-base-lighter radius-md padding-2">
              <p>
                <strong>{t("previewSubject", { subject: email.subject })}</strong>
              </p>
              <div class="usa-prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(body) }} />
              <div class="margin-top-2 border-top-1px border-base-lighter padding-top-2 font-body-2xs">
                {footer.map((line) => (
                  <p class="margin-y-05">{line}</p>
                ))}
              </div>
            </div>
          </section>
        );
      })}
      <p class="margin-top-4">
        <a href={`${ARCHIVE}/drafts/${draft.id}/edit`}>{t("edit")}</a>
      </p>
      <p>{t("sendConfirm")}</p>
      <ActionButton
        action={`${ARCHIVE}/drafts/${draft.id}/send`}
        csrfToken={ctx.csrfToken}
        label={t("send", { count: preview.recipients })}
      />
    </Layout>
  );
}

export function UnsubscribePage(props: {
  ctx: PageContext;
  email: string | null;
  action: string;
  done?: boolean;
}) {
  const { ctx } = props;
  const t = tFor(ctx.locale);
  let content = <p>{t("unsubscribeInvalid")}</p>;
  if (props.done) content = <p>{t("unsubscribed")}</p>;
  else if (props.email)
    content = (
      <>
        <p>{t("unsubscribeIntro", { email: props.email })}</p>
        {/* Posts to the one-click endpoint: the signed link is the permission, no sign-in needed. */}
        <form method="post" action={props.action}>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" class="usa-button">
            {t("unsubscribeButton")}
          </button>
        </form>
      </>
    );
  return (
    <Layout ctx={ctx} title={t("unsubscribeTitle")}>
      <h1>{t("unsubscribeTitle")}</h1>
      {content}
    </Layout>
  );
}

export function SettingsPage(props: { ctx: PageContext; state: FormState }) {
  const { ctx, state } = props;
  const t = tFor(ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={t("settingsTitle")}
      breadcrumbs={crumbs(ctx.locale, { label: t("settingsTitle") })}
    >
      <h1>{t("settingsTitle")}</h1>
      <ErrorSummary state={state} />
      <Form action={`${ARCHIVE}/settings`} csrfToken={ctx.csrfToken}>
        <RadioGroup
          state={state}
          name="announcements"
          label={t("settingsQuestion")}
          required
          choices={[
            { value: "yes", label: t("settingsYes") },
            { value: "no", label: t("settingsNo") },
          ]}
        />
        <p class="usa-hint">{t("settingsNote")}</p>
        <Button>{t("save")}</Button>
      </Form>
    </Layout>
  );
}
