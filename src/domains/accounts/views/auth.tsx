import { STAKEHOLDER_ROLES } from "../../../platform/auth/schema";
import { STATES } from "../../../platform/geo/states";
import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import { type Translate, translator } from "../../../platform/i18n";
import {
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { type AccountsMessages, accountsCatalog, STAKEHOLDER_ROLE_LABELS } from "../messages";

export interface FormInput {
  values?: FormValues;
  errors?: FieldErrors;
}

export const stateChoices = () => STATES.map((s) => ({ value: s.code, label: s.name }));
export const roleChoices = (ctx: PageContext) =>
  STAKEHOLDER_ROLES.map((r) => ({ value: r, label: STAKEHOLDER_ROLE_LABELS[r][ctx.locale] }));

const crumbs = (t: Translate<AccountsMessages>, label: string) => [
  { label: t("home"), href: "/" },
  { label },
];

export function RegisterPage({
  ctx,
  form,
  error,
  next,
}: {
  ctx: PageContext;
  form?: FormInput;
  error?: string;
  /** Where to go after confirming the address, e.g. back to a team invitation. */
  next?: string;
}) {
  const t = translator(accountsCatalog, ctx.locale);
  const state: FormState = {
    locale: ctx.locale,
    ...form,
    labels: {
      name: t("fullName"),
      email: t("email"),
      password: t("password"),
      stateCode: t("state"),
      stakeholderRole: t("role"),
    },
  };
  return (
    <Layout ctx={ctx} title={t("registerTitle")} breadcrumbs={crumbs(t, t("registerTitle"))}>
      <div class="grid-row">
        <div class="grid-col-12 tablet:grid-col-8">
          <h1>{t("registerTitle")}</h1>
          <p class="usa-intro">{t("registerIntro")}</p>
          {error ? (
            <Alert kind="error" slim>
              {error}
            </Alert>
          ) : null}
          <ErrorSummary state={state} />
          <Form action="/register" csrfToken={ctx.csrfToken}>
            {next ? <input type="hidden" name="next" value={next} /> : null}
            <TextField
              state={state}
              name="name"
              label={t("fullName")}
              required
              autocomplete="name"
              maxLength={120}
            />
            <TextField
              state={state}
              name="email"
              label={t("email")}
              type="email"
              required
              autocomplete="email"
              maxLength={254}
            />
            <TextField
              state={state}
              name="password"
              label={t("password")}
              hint={t("passwordHint")}
              type="password"
              required
              autocomplete="new-password"
              maxLength={256}
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
              hint={t("roleHint")}
              required
              choices={roleChoices(ctx)}
            />
            <Button>{t("registerSubmit")}</Button>
          </Form>
          <p>
            {t("haveAccount")}{" "}
            <a href={next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in"}>{t("signInTitle")}</a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

/** A page that only tells the person something: after registering, after asking for a reset. */
export function MessagePage(props: {
  ctx: PageContext;
  title: string;
  body: string;
  link?: { href: string; label: string };
}) {
  const t = translator(accountsCatalog, props.ctx.locale);
  return (
    <Layout ctx={props.ctx} title={props.title} breadcrumbs={crumbs(t, props.title)}>
      <h1>{props.title}</h1>
      <p class="usa-intro">{props.body}</p>
      {props.link ? (
        <p>
          <a class="usa-button" href={props.link.href}>
            {props.link.label}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

export function SignInPage({
  ctx,
  form,
  next,
  error,
}: {
  ctx: PageContext;
  form?: FormInput;
  next?: string;
  error?: string;
}) {
  const t = translator(accountsCatalog, ctx.locale);
  const state: FormState = {
    locale: ctx.locale,
    ...form,
    labels: { email: t("email"), password: t("password") },
  };
  return (
    <Layout ctx={ctx} title={t("signInTitle")} breadcrumbs={crumbs(t, t("signInTitle"))}>
      <div class="grid-row">
        <div class="grid-col-12 tablet:grid-col-6">
          <h1>{t("signInTitle")}</h1>
          {error ? (
            <Alert kind="error" slim>
              {error}
            </Alert>
          ) : null}
          <ErrorSummary state={state} />
          <Form action="/sign-in" csrfToken={ctx.csrfToken}>
            {next ? <input type="hidden" name="next" value={next} /> : null}
            <TextField
              state={state}
              name="email"
              label={t("email")}
              type="email"
              required
              autocomplete="username"
              maxLength={254}
            />
            <TextField
              state={state}
              name="password"
              label={t("password")}
              type="password"
              required
              autocomplete="current-password"
              maxLength={256}
            />
            <Button>{t("signInSubmit")}</Button>
          </Form>
          <p>
            <a href="/forgot-password">{t("forgotLink")}</a>
          </p>
          <p>
            {t("noAccount")} <a href="/register">{t("createAccountLink")}</a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function ForgotPasswordPage({
  ctx,
  form,
  error,
}: {
  ctx: PageContext;
  form?: FormInput;
  error?: string;
}) {
  const t = translator(accountsCatalog, ctx.locale);
  const state: FormState = { locale: ctx.locale, ...form, labels: { email: t("email") } };
  return (
    <Layout ctx={ctx} title={t("forgotTitle")} breadcrumbs={crumbs(t, t("forgotTitle"))}>
      <div class="grid-row">
        <div class="grid-col-12 tablet:grid-col-6">
          <h1>{t("forgotTitle")}</h1>
          <p class="usa-intro">{t("forgotIntro")}</p>
          {error ? (
            <Alert kind="error" slim>
              {error}
            </Alert>
          ) : null}
          <ErrorSummary state={state} />
          <Form action="/forgot-password" csrfToken={ctx.csrfToken}>
            <TextField
              state={state}
              name="email"
              label={t("email")}
              type="email"
              required
              autocomplete="email"
              maxLength={254}
            />
            <Button>{t("forgotSubmit")}</Button>
          </Form>
        </div>
      </div>
    </Layout>
  );
}

export function ResetPasswordPage({
  ctx,
  token,
  form,
}: {
  ctx: PageContext;
  token: string;
  form?: FormInput;
}) {
  const t = translator(accountsCatalog, ctx.locale);
  const state: FormState = { locale: ctx.locale, ...form, labels: { password: t("newPassword") } };
  return (
    <Layout ctx={ctx} title={t("resetTitle")} breadcrumbs={crumbs(t, t("resetTitle"))}>
      <div class="grid-row">
        <div class="grid-col-12 tablet:grid-col-6">
          <h1>{t("resetTitle")}</h1>
          <ErrorSummary state={state} />
          <Form action={`/reset-password/${encodeURIComponent(token)}`} csrfToken={ctx.csrfToken}>
            <TextField
              state={state}
              name="password"
              label={t("newPassword")}
              hint={t("passwordHint")}
              type="password"
              required
              autocomplete="new-password"
              maxLength={256}
            />
            <Button>{t("resetSubmit")}</Button>
          </Form>
        </div>
      </div>
    </Layout>
  );
}

/**
 * What the confirmation link opens: a page with a button. The address is confirmed on the
 * button's POST, so a mail scanner that opens the link does not use it up.
 */
export function ConfirmVerifyEmailPage(props: {
  ctx: PageContext;
  token: string;
  email: string;
  next?: string;
}) {
  const { ctx } = props;
  const t = translator(accountsCatalog, ctx.locale);
  return (
    <Layout ctx={ctx} title={t("verifyConfirmTitle")} breadcrumbs={crumbs(t, t("verifyConfirmTitle"))}>
      <h1>{t("verifyConfirmTitle")}</h1>
      <p class="usa-intro">{t("verifyConfirmBody", { email: props.email })}</p>
      <Form action={`/verify-email/${props.token}`} csrfToken={ctx.csrfToken}>
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <Button>{t("verifyConfirmSubmit")}</Button>
      </Form>
    </Layout>
  );
}
