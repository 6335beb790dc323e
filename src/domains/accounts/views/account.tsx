import { stateName } from "../../../platform/geo/states";
import type { FeedTokenItem } from "../../../platform/auth/feed-tokens";
import { isLocale, type Locale, LOCALES, translator } from "../../../platform/i18n";
import {
  ActionButton,
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  Table,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import type { MembershipSummary } from "../../teams/service";
import { accountsCatalog, STAKEHOLDER_ROLE_LABELS } from "../messages";
import type { UserRow } from "../repo";
import { type FormInput, roleChoices, stateChoices } from "./auth";
import { dateTimeFormat } from "../../../platform/i18n/formats";

export interface SessionItem {
  id: string;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

export interface TokenItem {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const ORG_KIND_LABELS: Record<string, { en: string; es: string }> = {
  nation: { en: "National", es: "Nacional" },
  state: { en: "State", es: "Estado" },
  district: { en: "District", es: "Distrito" },
  school: { en: "School", es: "Escuela" },
  partner: { en: "Partner organisation", es: "Organización asociada" },
  state_initiative: { en: "State initiative", es: "Iniciativa estatal" },
};

// Building an Intl formatter costs far more than using one: make one per language, once.
const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

export function formatDateTime(locale: Locale, date: Date): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === "es" ? "es-US" : "en-US", {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone: "UTC",
      timeZoneName: "short",
    });
    dateTimeFormats.set(locale, format);
  }
  return format.format(date);
}

function formatDate(locale: Locale, date: Date): string {
  return dateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

const accountCrumbs = (ctx: PageContext, label?: string) => {
  const t = translator(accountsCatalog, ctx.locale);
  return label
    ? [{ label: t("home"), href: "/" }, { label: t("account"), href: "/account" }, { label }]
    : [{ label: t("home"), href: "/" }, { label: t("account") }];
};

function UnverifiedBanner({ ctx, user }: { ctx: PageContext; user: UserRow }) {
  const t = translator(accountsCatalog, ctx.locale);
  if (user.emailVerifiedAt) return null;
  return (
    <Alert kind="warning" heading={t("unverifiedHeading")}>
      <p>{t("unverifiedBody", { email: user.email })}</p>
      <ActionButton
        action="/account/resend-verification"
        csrfToken={ctx.csrfToken}
        label={t("resendVerification")}
        variant="outline"
      />
    </Alert>
  );
}

export function AccountPage(props: {
  ctx: PageContext;
  user: UserRow;
  memberships: MembershipSummary[];
  sessions: SessionItem[];
  tokenCount: number;
  feeds: FeedTokenItem[];
  /** The address of a calendar link just made: shown in this response only. */
  createdFeed?: string;
}) {
  const { ctx, user } = props;
  const t = translator(accountsCatalog, ctx.locale);
  const lang = ctx.locale;
  return (
    <Layout ctx={ctx} title={t("account")} breadcrumbs={accountCrumbs(ctx)}>
      <h1>{t("account")}</h1>
      <UnverifiedBanner ctx={ctx} user={user} />

      <h2>{t("profileHeading")}</h2>
      <dl class="smh-details">
        <dt class="text-bold">{t("fullName")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{user.name}</dd>
        <dt class="text-bold">{t("email")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{user.email}</dd>
        <dt class="text-bold">{t("state")}</dt>
        <dd class="margin-left-0 margin-bottom-1">
          {user.stateCode ? stateName(user.stateCode) : t("notSet")}
        </dd>
        <dt class="text-bold">{t("role")}</dt>
        <dd class="margin-left-0 margin-bottom-1">
          {STAKEHOLDER_ROLE_LABELS[user.stakeholderRole]?.[lang] ?? user.stakeholderRole}
        </dd>
        <dt class="text-bold">{t("language")}</dt>
        <dd class="margin-left-0 margin-bottom-1">
          {isLocale(user.locale) ? LANGUAGE_NAMES[user.locale] : user.locale}
        </dd>
      </dl>
      <p>
        <a class="usa-button usa-button--outline" href="/account/profile">
          {t("editProfile")}
        </a>
        <a class="usa-button usa-button--outline" href="/account/email">
          {t("changeEmail")}
        </a>
      </p>

      <h2>{t("passwordHeading")}</h2>
      <p>{t("passwordIntro")}</p>
      <p>
        <a class="usa-button usa-button--outline" href="/account/password">
          {t("changePassword")}
        </a>
      </p>

      <h2>{t("teamsHeading")}</h2>
      {props.memberships.length === 0 ? (
        <p>{t("teamsNone")}</p>
      ) : (
        <Table
          caption={t("teamsCaption")}
          headers={[t("teamColumn"), t("kindColumn"), t("roleColumn"), t("sinceColumn")]}
          rows={props.memberships.map((m) => [
            <a href={`/organisations/${m.organisationId}`}>{m.organisationName}</a>,
            ORG_KIND_LABELS[m.organisationKind]?.[lang] ?? m.organisationKind,
            t(m.role === "lead" ? "teamRole_lead" : "teamRole_member"),
            formatDate(lang, m.since),
          ])}
        />
      )}

      <h2>{t("sessionsHeading")}</h2>
      <Table
        caption={t("sessionsCaption")}
        headers={[t("deviceColumn"), t("createdColumn"), t("lastSeenColumn"), t("actionColumn")]}
        rows={props.sessions.map((s) => [
          <>
            {s.userAgent ?? t("unknownDevice")}
            {s.current ? <span class="usa-tag margin-left-1">{t("thisDevice")}</span> : null}
          </>,
          formatDateTime(lang, s.createdAt),
          formatDateTime(lang, s.lastSeenAt),
          s.current ? (
            ""
          ) : (
            <ActionButton
              action={`/account/sessions/${s.id}/end`}
              csrfToken={ctx.csrfToken}
              label={t("endSession")}
              variant="outline"
            />
          ),
        ])}
      />
      {props.sessions.some((s) => !s.current) ? (
        <ActionButton
          action="/account/sessions/end-others"
          csrfToken={ctx.csrfToken}
          label={t("endOthers")}
          variant="secondary"
        />
      ) : null}

      <CalendarLinks ctx={ctx} feeds={props.feeds} created={props.createdFeed} />

      <h2>{t("tokensHeading")}</h2>
      <p>{t("tokensIntro")}</p>
      <p>
        <a class="usa-button usa-button--outline" href="/account/tokens">
          {t("manageTokens")} ({props.tokenCount})
        </a>
      </p>
    </Layout>
  );
}

/** Each language named in itself, so a person who reads only one can find it. */
const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", es: "Español" };

function CalendarLinks(props: { ctx: PageContext; feeds: FeedTokenItem[]; created?: string }) {
  const { ctx } = props;
  const t = translator(accountsCatalog, ctx.locale);
  return (
    <>
      <h2 id="calendar-links">{t("feedsHeading")}</h2>
      <p>{t("feedsIntro")}</p>
      {props.created ? (
        <Alert kind="success" heading={t("feedCreatedHeading")}>
          <p>{t("feedCreatedBody")}</p>
          <p>
            <code class="smh-token-secret" id="new-feed-url">
              {props.created}
            </code>
          </p>
        </Alert>
      ) : null}
      {props.feeds.length === 0 ? (
        <p>{t("feedsNone")}</p>
      ) : (
        <Table
          caption={t("feedsCaption")}
          captionHidden
          headers={[t("feedColumn"), t("createdOnColumn"), t("lastUsedColumn"), t("actionColumn")]}
          rows={props.feeds.map((feed) => [
            <code>{feed.prefix}…</code>,
            formatDateTime(ctx.locale, feed.createdAt),
            feed.lastUsedAt ? formatDateTime(ctx.locale, feed.lastUsedAt) : t("never"),
            <ActionButton
              action={`/account/feeds/${feed.id}/revoke`}
              csrfToken={ctx.csrfToken}
              label={t("revoke")}
              variant="outline"
            />,
          ])}
        />
      )}
      <ActionButton
        action="/account/feeds"
        csrfToken={ctx.csrfToken}
        label={t("createFeed")}
        variant="outline"
      />
    </>
  );
}

export function ProfilePage({ ctx, form }: { ctx: PageContext; form: FormInput }) {
  const t = translator(accountsCatalog, ctx.locale);
  const state: FormState = {
    locale: ctx.locale,
    ...form,
    labels: { name: t("fullName"), stateCode: t("state"), stakeholderRole: t("role"), locale: t("language") },
  };
  return (
    <Layout ctx={ctx} title={t("profileTitle")} breadcrumbs={accountCrumbs(ctx, t("profileTitle"))}>
      <h1>{t("profileTitle")}</h1>
      <ErrorSummary state={state} />
      <Form action="/account/profile" csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="name"
          label={t("fullName")}
          required
          autocomplete="name"
          maxLength={120}
        />
        <SelectField
          state={state}
          name="stateCode"
          label={t("state")}
          required
          choices={stateChoices()}
          placeholder={t("statePlaceholder")}
        />
        <RadioGroup
          state={state}
          name="stakeholderRole"
          label={t("role")}
          required
          choices={roleChoices(ctx)}
        />
        <RadioGroup
          state={state}
          name="locale"
          label={t("language")}
          hint={t("languageHint")}
          required
          choices={LOCALES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
        />
        <Button>{t("profileTitle")}</Button>
      </Form>
    </Layout>
  );
}

export function PasswordPage({ ctx, form, error }: { ctx: PageContext; form?: FormInput; error?: string }) {
  const t = translator(accountsCatalog, ctx.locale);
  const state: FormState = {
    locale: ctx.locale,
    ...form,
    labels: { currentPassword: t("currentPassword"), newPassword: t("newPassword") },
  };
  return (
    <Layout ctx={ctx} title={t("passwordTitle")} breadcrumbs={accountCrumbs(ctx, t("passwordTitle"))}>
      <h1>{t("passwordTitle")}</h1>
      <p>{t("passwordIntro")}</p>
      {error ? (
        <Alert kind="error" slim>
          {error}
        </Alert>
      ) : null}
      <ErrorSummary state={state} />
      <Form action="/account/password" csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="currentPassword"
          label={t("currentPassword")}
          type="password"
          required
          autocomplete="current-password"
          maxLength={256}
        />
        <TextField
          state={state}
          name="newPassword"
          label={t("newPassword")}
          hint={t("passwordHint")}
          type="password"
          required
          autocomplete="new-password"
          maxLength={256}
        />
        <Button>{t("changePassword")}</Button>
      </Form>
    </Layout>
  );
}

export function TokensPage(props: {
  ctx: PageContext;
  tokens: TokenItem[];
  form?: FormInput;
  created?: { name: string; secret: string };
}) {
  const { ctx } = props;
  const t = translator(accountsCatalog, ctx.locale);
  const state: FormState = { locale: ctx.locale, ...props.form, labels: { name: t("tokenName") } };
  return (
    <Layout ctx={ctx} title={t("tokensTitle")} breadcrumbs={accountCrumbs(ctx, t("tokensTitle"))}>
      <h1>{t("tokensTitle")}</h1>
      <p>{t("tokensIntro")}</p>
      {props.created ? (
        <Alert kind="success" heading={`${t("tokenCreatedHeading")}: ${props.created.name}`}>
          <p>{t("tokenCreatedBody")}</p>
          <p>
            <code class="smh-token-secret" id="new-token-secret">
              {props.created.secret}
            </code>
          </p>
        </Alert>
      ) : null}
      <h2>{t("tokensCaption")}</h2>
      {props.tokens.length === 0 ? (
        <p>{t("tokensNone")}</p>
      ) : (
        <Table
          caption={t("tokensCaption")}
          captionHidden
          headers={[
            t("tokenColumn"),
            t("prefixColumn"),
            t("createdOnColumn"),
            t("lastUsedColumn"),
            t("actionColumn"),
          ]}
          rows={props.tokens.map((tok) => [
            tok.name,
            <code>{tok.prefix}…</code>,
            formatDateTime(ctx.locale, tok.createdAt),
            tok.lastUsedAt ? formatDateTime(ctx.locale, tok.lastUsedAt) : t("never"),
            <ActionButton
              action={`/account/tokens/${tok.id}/revoke`}
              csrfToken={ctx.csrfToken}
              label={t("revoke")}
              variant="outline"
            />,
          ])}
        />
      )}
      <h2>{t("createToken")}</h2>
      <ErrorSummary state={state} />
      <Form action="/account/tokens" csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="name"
          label={t("tokenName")}
          hint={t("tokenNameHint")}
          required
          maxLength={80}
        />
        <Button>{t("createToken")}</Button>
      </Form>
    </Layout>
  );
}
