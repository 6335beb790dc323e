import { type Static, type TObject, Type } from "@sinclair/typebox";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { saveAccountLocale } from "../../platform/auth/account-locale";
import { endSession } from "../../platform/auth/sessions";
import { type FormResult, type FormValues, formFieldsOf, parseForm } from "../../platform/http/forms";
import { LANGUAGE_COOKIE, pageRoutes, safeNextPath, setLanguageCookie } from "../../platform/http/web";
import { isLocale, type Translate, translator } from "../../platform/i18n";
import {
  clearSessionCookie,
  passwordProblemText,
  plainFieldErrors,
  setSessionCookie,
  userAgentOf,
} from "./http";
import { type AccountsMessages, accountsCatalog } from "./messages";
import type { UserRow } from "./repo";
import {
  ButtonForm,
  ForgotPasswordBody,
  LinkTokenParams,
  NextQuery,
  RegisterBody,
  ResetPasswordForm,
  SignInBody,
} from "./schema";
import * as accounts from "./service";
import {
  ConfirmVerifyEmailPage,
  ForgotPasswordPage,
  type FormInput,
  MessagePage,
  RegisterPage,
  ResetPasswordPage,
  SignInPage,
} from "./views/auth";

export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

/** parseForm, with the account forms' plain-language messages. */
export function parse<T extends TObject>(
  t: Translate<AccountsMessages>,
  schema: T,
  body: unknown,
  nameKey?: keyof AccountsMessages,
): FormResult<Static<T>> {
  const result = parseForm(schema, body);
  return result.ok ? result : { ...result, errors: plainFieldErrors(t, result.errors, nameKey) };
}

/** A form drawn again with one message next to one field. */
export const fieldError = (values: FormValues, field: string, message: string): FormInput => ({
  values,
  errors: { [field]: { message } },
});

/** A page saying an emailed link did not work, leading on to the account page or to sign in. */
export function linkProblemPage(reply: FastifyReply, title: string, body: string, status: number) {
  const t = translator(accountsCatalog, reply.request.locale);
  const ctx = reply.pageContext();
  const link = ctx.viewer
    ? { href: "/account", label: t("account") }
    : { href: "/sign-in", label: t("signInTitle") };
  return reply.page(<MessagePage ctx={ctx} title={title} body={body} link={link} />, status);
}

/** The form's fields as the browser sends them, plus where to go afterwards. */
const RegisterFields = formFieldsOf(Type.Object({ ...RegisterBody.properties, next: Type.String() }));
const SignInFields = formFieldsOf(Type.Object({ ...SignInBody.properties, next: Type.String() }));

/**
 * A person's language is one setting. Signing in, the language they just chose in this browser
 * (the cookie) is saved on the account; without one, the browser takes the account's.
 */
async function followAccountLanguage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  user: UserRow,
) {
  const chosen = request.cookies[LANGUAGE_COOKIE];
  if (isLocale(chosen)) await saveAccountLocale(app.db, user.id, chosen);
  else if (isLocale(user.locale)) {
    setLanguageCookie(request, reply, user.locale);
    request.locale = user.locale;
  }
}

/** Registration, confirming the address, signing in and out, and forgotten passwords. */
export function accountPages(app: FastifyInstance) {
  const links = () => ({ publicUrl: app.config.publicUrl });
  const open = { access: "public" } as const;

  return pageRoutes(async (instance) => {
    const pages = instance.withTypeProvider<TypeBoxTypeProvider>();

    // --- Register ---------------------------------------------------------------------------
    pages.get("/register", { schema: { querystring: NextQuery }, config: open }, async (request, reply) => {
      const next = safeNextPath(request.query.next, "") || undefined;
      return reply.page(<RegisterPage ctx={reply.pageContext()} next={next} />);
    });

    pages.post("/register", { schema: { body: RegisterFields }, config: open }, async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      const form = parse(t, RegisterBody, request.body);
      const next = safeNextPath(request.body.next, "") || undefined;
      if (!form.ok)
        return reply.page(<RegisterPage ctx={reply.pageContext()} form={form} next={next} />, 400);
      const result = await accounts.registerAccount(app.db, form.value, {
        ...links(),
        next,
        ip: request.ip,
        locale: request.locale,
      });
      if (!result.ok) {
        const values = { ...form.value, password: "" };
        if (result.reason === "throttled") {
          return reply.page(
            <RegisterPage ctx={reply.pageContext()} form={{ values }} error={t("registerThrottled")} />,
            429,
          );
        }
        const failed = fieldError(values, "password", passwordProblemText(t, result.problem));
        return reply.page(<RegisterPage ctx={reply.pageContext()} form={failed} />, 400);
      }
      return reply.redirect("/register/check-email", 303);
    });

    pages.get("/register/check-email", { config: open }, async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      return reply.page(
        <MessagePage ctx={reply.pageContext()} title={t("checkEmailTitle")} body={t("checkEmailBody")} />,
      );
    });

    // --- Verify email -----------------------------------------------------------------------
    // The emailed link shows a button; only its POST confirms (mail scanners open links).
    const invalidVerifyLink = (request: FastifyRequest, reply: FastifyReply) => {
      const t = translator(accountsCatalog, request.locale);
      return linkProblemPage(reply, t("verifyInvalidTitle"), t("verifyInvalidBody"), 400);
    };
    /** A link that no longer works for an address confirmed anyway: say so kindly. */
    const alreadyConfirmed = (request: FastifyRequest, reply: FastifyReply) => {
      reply.flash("info", translator(accountsCatalog, request.locale)("alreadyVerifiedFlash"));
      return reply.redirect(request.viewer ? "/account" : "/sign-in", 303);
    };

    pages.get(
      "/verify-email/:token",
      { schema: { params: LinkTokenParams, querystring: NextQuery }, config: open },
      async (request, reply) => {
        const { token } = request.params;
        if (!TOKEN_SHAPE.test(token)) return invalidVerifyLink(request, reply);
        const email = await accounts.addressToConfirm(app.db, token);
        if (email) {
          const next = safeNextPath(request.query.next, "") || undefined;
          return reply.page(
            <ConfirmVerifyEmailPage ctx={reply.pageContext()} token={token} email={email} next={next} />,
          );
        }
        if (await accounts.linkAlreadyServed(app.db, token)) return alreadyConfirmed(request, reply);
        return invalidVerifyLink(request, reply);
      },
    );

    pages.post(
      "/verify-email/:token",
      { schema: { params: LinkTokenParams, body: ButtonForm }, config: open },
      async (request, reply) => {
        const t = translator(accountsCatalog, request.locale);
        const { token } = request.params;
        if (!TOKEN_SHAPE.test(token)) return invalidVerifyLink(request, reply);
        const userId = await accounts.verifyEmail(app.db, token);
        if (!userId) {
          if (await accounts.linkAlreadyServed(app.db, token)) return alreadyConfirmed(request, reply);
          return invalidVerifyLink(request, reply);
        }
        if (request.viewer?.id === userId) {
          reply.flash("success", t("verifiedSignedInFlash"));
          return reply.redirect("/account", 303);
        }
        reply.flash("success", t("verifiedFlash"));
        const next = safeNextPath(request.body.next, "");
        return reply.redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in", 303);
      },
    );

    // --- Sign in and out --------------------------------------------------------------------
    pages.get("/sign-in", { schema: { querystring: NextQuery }, config: open }, async (request, reply) => {
      const next = safeNextPath(request.query.next, "");
      return reply.page(<SignInPage ctx={reply.pageContext()} next={next || undefined} />);
    });

    pages.post("/sign-in", { schema: { body: SignInFields }, config: open }, async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      const asked = request.body.next;
      // No `next`: the account page. A `next` that is not a path on this site: the home page.
      const target = asked === undefined || asked === "" ? "/account" : safeNextPath(asked);
      const next = target === "/account" ? undefined : target;
      const form = parse(t, SignInBody, request.body);
      if (!form.ok) return reply.page(<SignInPage ctx={reply.pageContext()} form={form} next={next} />, 400);
      const result = await accounts.signIn(app.db, form.value, {
        ip: request.ip,
        userAgent: userAgentOf(request),
        previousSessionToken: request.sessionToken,
      });
      if (!result.ok) {
        const throttled = result.reason === "throttled";
        const kept = { values: { email: form.value.email } };
        return reply.page(
          <SignInPage
            ctx={reply.pageContext()}
            form={kept}
            next={next}
            error={t(throttled ? "signInThrottled" : "signInWrong")}
          />,
          throttled ? 429 : 401,
        );
      }
      setSessionCookie(request, reply, result.token);
      await followAccountLanguage(app, request, reply, result.user);
      const tAfter = translator(accountsCatalog, request.locale);
      reply.flash("success", tAfter("signedInFlash"));
      // The account page has its own banner; elsewhere a short reminder does the job.
      if (!result.user.emailVerifiedAt && target !== "/account")
        reply.flash("warning", tAfter("unverifiedHeading"));
      return reply.redirect(target, 303);
    });

    pages.post("/sign-out", { schema: { body: ButtonForm }, config: open }, async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      if (request.sessionToken) await endSession(app.db, request.sessionToken);
      clearSessionCookie(reply);
      reply.flash("info", t("signedOutFlash"));
      return reply.redirect("/", 303);
    });

    // --- Forgotten password -----------------------------------------------------------------
    pages.get("/forgot-password", { config: open }, async (_request, reply) =>
      reply.page(<ForgotPasswordPage ctx={reply.pageContext()} />),
    );

    pages.post(
      "/forgot-password",
      { schema: { body: formFieldsOf(ForgotPasswordBody) }, config: open },
      async (request, reply) => {
        const t = translator(accountsCatalog, request.locale);
        const form = parse(t, ForgotPasswordBody, request.body);
        if (!form.ok) return reply.page(<ForgotPasswordPage ctx={reply.pageContext()} form={form} />, 400);
        const result = await accounts.requestPasswordReset(app.db, form.value.email, {
          ...links(),
          ip: request.ip,
        });
        if (!result.ok) {
          return reply.page(
            <ForgotPasswordPage
              ctx={reply.pageContext()}
              form={{ values: form.value }}
              error={t("forgotThrottled")}
            />,
            429,
          );
        }
        return reply.redirect("/forgot-password/sent", 303);
      },
    );

    pages.get("/forgot-password/sent", { config: open }, async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      return reply.page(
        <MessagePage ctx={reply.pageContext()} title={t("forgotSentTitle")} body={t("forgotSentBody")} />,
      );
    });

    const invalidResetLink = (request: FastifyRequest, reply: FastifyReply) => {
      const t = translator(accountsCatalog, request.locale);
      return reply.page(
        <MessagePage
          ctx={reply.pageContext()}
          title={t("resetInvalidTitle")}
          body={t("resetInvalidBody")}
          link={{ href: "/forgot-password", label: t("resetRequestAgain") }}
        />,
        400,
      );
    };

    pages.get(
      "/reset-password/:token",
      { schema: { params: LinkTokenParams }, config: open },
      async (request, reply) => {
        const { token } = request.params;
        if (!TOKEN_SHAPE.test(token) || !(await accounts.isResetTokenLive(app.db, token))) {
          return invalidResetLink(request, reply);
        }
        return reply.page(<ResetPasswordPage ctx={reply.pageContext()} token={token} />);
      },
    );

    pages.post(
      "/reset-password/:token",
      { schema: { params: LinkTokenParams, body: formFieldsOf(ResetPasswordForm) }, config: open },
      async (request, reply) => {
        const t = translator(accountsCatalog, request.locale);
        const { token } = request.params;
        if (!TOKEN_SHAPE.test(token)) return invalidResetLink(request, reply);
        const form = parse(t, ResetPasswordForm, request.body);
        if (!form.ok)
          return reply.page(<ResetPasswordPage ctx={reply.pageContext()} token={token} form={form} />, 400);
        const result = await accounts.resetPassword(app.db, token, form.value.password);
        if (!result.ok) {
          if (result.reason === "invalidToken") return invalidResetLink(request, reply);
          const failed = fieldError({}, "password", passwordProblemText(t, result.problem));
          return reply.page(<ResetPasswordPage ctx={reply.pageContext()} token={token} form={failed} />, 400);
        }
        clearSessionCookie(reply);
        reply.flash("success", t("resetDoneFlash"));
        return reply.redirect("/sign-in", 303);
      },
    );
  });
}
