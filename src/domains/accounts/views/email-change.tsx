import { translator } from "../../../platform/i18n";
import {
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { accountsCatalog } from "../messages";
import type { FormInput } from "./auth";

/** Asks for the new address and the current password (a changed address must be re-authenticated). */
export function ChangeEmailPage(props: {
  ctx: PageContext;
  currentEmail: string;
  form?: FormInput;
  error?: string;
}) {
  const { ctx } = props;
  const t = translator(accountsCatalog, ctx.locale);
  const state: FormState = {
    locale: ctx.locale,
    ...props.form,
    labels: { newEmail: t("newEmail"), currentPassword: t("currentPassword") },
  };
  const crumbs = [
    { label: t("home"), href: "/" },
    { label: t("account"), href: "/account" },
    { label: t("changeEmailTitle") },
  ];
  return (
    <Layout ctx={ctx} title={t("changeEmailTitle")} breadcrumbs={crumbs}>
      <h1>{t("changeEmailTitle")}</h1>
      <p class="usa-intro">{t("changeEmailIntro", { email: props.currentEmail })}</p>
      {props.error ? (
        <Alert kind="error" slim>
          {props.error}
        </Alert>
      ) : null}
      <ErrorSummary state={state} />
      <Form action="/account/email" csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="newEmail"
          label={t("newEmail")}
          hint={t("newEmailHint")}
          type="email"
          required
          autocomplete="email"
          maxLength={254}
        />
        <TextField
          state={state}
          name="currentPassword"
          label={t("currentPassword")}
          type="password"
          required
          autocomplete="current-password"
          maxLength={256}
        />
        <Button>{t("changeEmailSubmit")}</Button>
      </Form>
    </Layout>
  );
}

/**
 * What the emailed link opens: a page with a button. The change happens on the button's POST,
 * so a mail scanner that opens the link does not use it up.
 */
export function ConfirmEmailChangePage(props: { ctx: PageContext; token: string; newEmail: string }) {
  const { ctx } = props;
  const t = translator(accountsCatalog, ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={t("confirmEmailChangeTitle")}
      breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("confirmEmailChangeTitle") }]}
    >
      <h1>{t("confirmEmailChangeTitle")}</h1>
      <p class="usa-intro">{t("confirmEmailChangeBody", { email: props.newEmail })}</p>
      <Form action={`/email-changes/${props.token}`} csrfToken={ctx.csrfToken}>
        <Button>{t("confirmEmailChangeSubmit")}</Button>
      </Form>
    </Layout>
  );
}
