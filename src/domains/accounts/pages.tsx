import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { endSession } from "../../platform/auth/sessions";
import type { Static, TObject } from "@sinclair/typebox";
import { type FormResult, type FormValues, parseForm } from "../../platform/http/forms";
import { pageRoutes, redirectToSignIn, safeNextPath } from "../../platform/http/web";
import { type Translate, translator } from "../../platform/i18n";
import type { Viewer } from "../../platform/ui/context";
import {
  clearSessionCookie,
  passwordProblemText,
  plainFieldErrors,
  setSessionCookie,
  userAgentOf,
} from "./http";
import { type AccountsMessages, accountsCatalog } from "./messages";
import {
  ChangePasswordBody,
  CreateTokenBody,
  ForgotPasswordBody,
  ProfileForm,
  RegisterBody,
  ResetPasswordForm,
  SignInBody,
} from "./schema";
import { accountOverviews } from "./overview";
import * as accounts from "./service";
import { AccountPage, PasswordPage, ProfilePage, TokensPage } from "./views/account";
import {
  ForgotPasswordPage,
  type FormInput,
  MessagePage,
  RegisterPage,
  ResetPasswordPage,
  SignInPage,
} from "./views/auth";

export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

type Body = Record<string, unknown>;
const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Body;

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

/** Sends a signed-out visitor to sign in, and back here afterwards. */
/** A page saying an emailed link did not work, leading on to the account page or to sign in. */
export function linkProblemPage(reply: FastifyReply, title: string, body: string, status: number) {
  const t = translator(accountsCatalog, reply.request.locale);
  const ctx = reply.pageContext();
  const link = ctx.viewer ? { href: "/account", label: t("account") } : { href: "/sign-in", label: t("signInTitle") };
  return reply.page(<MessagePage ctx={ctx} title={title} body={body} link={link} />, status);
}

export function signedIn(request: FastifyRequest, reply: FastifyReply): Viewer | null {
  if (request.viewer) return request.viewer;
  redirectToSignIn(request, reply, request.method === "GET" ? request.url : "/account");
  return null;
}

export function accountPages(app: FastifyInstance) {
  const links = () => ({ publicUrl: app.config.publicUrl });
  const overviewOf = accountOverviews(app.db, app.caches);

  return pageRoutes(async (pages) => {
    // --- Register ---------------------------------------------------------------------------
    pages.get("/register", async (request, reply) => {
      const next = safeNextPath((request.query as Body).next, "") || undefined;
      return reply.page(<RegisterPage ctx={reply.pageContext()} next={next} />);
    });

    pages.post("/register", async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      const form = parse(t, RegisterBody, request.body);
      const next = safeNextPath(bodyOf(request).next, "") || undefined;
      if (!form.ok) return reply.page(<RegisterPage ctx={reply.pageContext()} form={form} next={next} />, 400);
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

    pages.get("/register/check-email", async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      return reply.page(
        <MessagePage ctx={reply.pageContext()} title={t("checkEmailTitle")} body={t("checkEmailBody")} />,
      );
    });

    // --- Verify email -----------------------------------------------------------------------
    pages.get("/verify-email/:token", async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      const { token } = request.params as { token: string };
      const userId = TOKEN_SHAPE.test(token) ? await accounts.verifyEmail(app.db, token) : null;
      if (!userId && TOKEN_SHAPE.test(token) && (await accounts.linkAlreadyServed(app.db, token))) {
        reply.flash("info", t("alreadyVerifiedFlash"));
        return reply.redirect(request.viewer ? "/account" : "/sign-in", 303);
      }
      if (!userId) return linkProblemPage(reply, t("verifyInvalidTitle"), t("verifyInvalidBody"), 400);
      if (request.viewer?.id === userId) {
        reply.flash("success", t("verifiedSignedInFlash"));
        return reply.redirect("/account", 303);
      }
      reply.flash("success", t("verifiedFlash"));
      const next = safeNextPath((request.query as Body).next, "");
      return reply.redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in", 303);
    });

    pages.post("/account/resend-verification", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const t = translator(accountsCatalog, request.locale);
      const result = await accounts.resendVerification(app.db, viewer.id, links());
      if (result.ok) reply.flash("success", t("resentFlash"));
      else if (result.reason === "throttled") reply.flash("error", t("resendThrottled"));
      else reply.flash("info", t("alreadyVerifiedFlash"));
      return reply.redirect("/account", 303);
    });

    // --- Sign in and out --------------------------------------------------------------------
    pages.get("/sign-in", async (request, reply) => {
      const next = safeNextPath((request.query as Body).next, "");
      return reply.page(<SignInPage ctx={reply.pageContext()} next={next || undefined} />);
    });

    pages.post("/sign-in", async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      const next = safeNextPath(bodyOf(request).next, "");
      const form = parse(t, SignInBody, request.body);
      if (!form.ok)
        return reply.page(<SignInPage ctx={reply.pageContext()} form={form} next={next || undefined} />, 400);
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
            next={next || undefined}
            error={t(throttled ? "signInThrottled" : "signInWrong")}
          />,
          throttled ? 429 : 401,
        );
      }
      setSessionCookie(request, reply, result.token);
      reply.flash("success", t("signedInFlash"));
      const target = next || "/account";
      // The account page has its own banner; elsewhere a short reminder does the job.
      if (!result.user.emailVerifiedAt && target !== "/account")
        reply.flash("warning", t("unverifiedHeading"));
      return reply.redirect(target, 303);
    });

    pages.post("/sign-out", async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      if (request.sessionToken) await endSession(app.db, request.sessionToken);
      clearSessionCookie(reply);
      reply.flash("info", t("signedOutFlash"));
      return reply.redirect("/", 303);
    });

    // --- Forgotten password -----------------------------------------------------------------
    pages.get("/forgot-password", async (_request, reply) =>
      reply.page(<ForgotPasswordPage ctx={reply.pageContext()} />),
    );

    pages.post("/forgot-password", async (request, reply) => {
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
    });

    pages.get("/forgot-password/sent", async (request, reply) => {
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

    pages.get("/reset-password/:token", async (request, reply) => {
      const { token } = request.params as { token: string };
      if (!TOKEN_SHAPE.test(token) || !(await accounts.isResetTokenLive(app.db, token))) {
        return invalidResetLink(request, reply);
      }
      return reply.page(<ResetPasswordPage ctx={reply.pageContext()} token={token} />);
    });

    pages.post("/reset-password/:token", async (request, reply) => {
      const t = translator(accountsCatalog, request.locale);
      const { token } = request.params as { token: string };
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
    });

    // --- Account ----------------------------------------------------------------------------
    pages.get("/account", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      return reply.personalPage(async (ctx) => {
        const overview = await overviewOf(viewer.id);
        if (!overview) {
          reply.redirect("/sign-in", 303);
          return null;
        }
        return (
          <AccountPage
            ctx={ctx}
            user={overview.user}
            memberships={overview.memberships}
            sessions={accounts.markCurrentSession(overview.sessions, request.sessionToken)}
            tokenCount={overview.tokenCount}
          />
        );
      });
    });

    pages.get("/account/profile", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const user = await accounts.getAccount(app.db, viewer.id);
      if (!user) return reply.redirect("/sign-in", 303);
      const values = {
        name: user.name,
        stateCode: user.stateCode ?? "",
        stakeholderRole: user.stakeholderRole,
      };
      return reply.page(<ProfilePage ctx={reply.pageContext()} form={{ values }} />);
    });

    pages.post("/account/profile", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const t = translator(accountsCatalog, request.locale);
      const form = parse(t, ProfileForm, request.body);
      if (!form.ok) return reply.page(<ProfilePage ctx={reply.pageContext()} form={form} />, 400);
      await accounts.updateProfile(app.db, viewer.id, form.value);
      reply.flash("success", t("profileSaved"));
      return reply.redirect("/account", 303);
    });

    pages.get("/account/password", async (request, reply) => {
      if (!signedIn(request, reply)) return reply;
      return reply.page(<PasswordPage ctx={reply.pageContext()} />);
    });

    pages.post("/account/password", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const t = translator(accountsCatalog, request.locale);
      const form = parse(t, ChangePasswordBody, request.body);
      if (!form.ok)
        return reply.page(<PasswordPage ctx={reply.pageContext()} form={{ errors: form.errors }} />, 400);
      const result = await accounts.changePassword(app.db, viewer.id, form.value, request.sessionToken);
      if (!result.ok) {
        if (result.reason === "throttled") {
          return reply.page(<PasswordPage ctx={reply.pageContext()} error={t("passwordThrottled")} />, 429);
        }
        const failed =
          "problem" in result
            ? fieldError({}, "newPassword", passwordProblemText(t, result.problem))
            : fieldError({}, "currentPassword", t("wrongCurrentPassword"));
        return reply.page(<PasswordPage ctx={reply.pageContext()} form={failed} />, 400);
      }
      reply.flash("success", t("passwordChanged"));
      return reply.redirect("/account", 303);
    });

    // --- Sessions ---------------------------------------------------------------------------
    pages.post("/account/sessions/end-others", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const t = translator(accountsCatalog, request.locale);
      await accounts.endOtherSessions(app.db, viewer.id, request.sessionToken);
      reply.flash("success", t("othersEnded"));
      return reply.redirect("/account", 303);
    });

    pages.post("/account/sessions/:id/end", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const t = translator(accountsCatalog, request.locale);
      const { id } = request.params as { id: string };
      if (/^[0-9a-f]{64}$/.test(id)) await accounts.endOneSession(app.db, viewer.id, id);
      reply.flash("success", t("sessionEnded"));
      return reply.redirect("/account", 303);
    });

    // --- Access tokens ----------------------------------------------------------------------
    pages.get("/account/tokens", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const tokens = await accounts.listAccessTokens(app.db, viewer.id);
      return reply.page(<TokensPage ctx={reply.pageContext()} tokens={tokens} />);
    });

    pages.post("/account/tokens", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const t = translator(accountsCatalog, request.locale);
      const form = parse(t, CreateTokenBody, request.body, "errTokenName");
      if (!form.ok) {
        const tokens = await accounts.listAccessTokens(app.db, viewer.id);
        return reply.page(<TokensPage ctx={reply.pageContext()} tokens={tokens} form={form} />, 400);
      }
      const created = await accounts.createAccessToken(app.db, viewer.id, form.value.name);
      const tokens = await accounts.listAccessTokens(app.db, viewer.id);
      // Shown in this response only: never stored, never put in a cookie or a redirect.
      return reply.page(<TokensPage ctx={reply.pageContext()} tokens={tokens} created={created} />);
    });

    pages.post("/account/tokens/:id/revoke", async (request, reply) => {
      const viewer = signedIn(request, reply);
      if (!viewer) return reply;
      const t = translator(accountsCatalog, request.locale);
      const { id } = request.params as { id: string };
      if (/^[0-9a-f-]{36}$/i.test(id)) await accounts.revokeAccessToken(app.db, viewer.id, id);
      reply.flash("success", t("tokenRevoked"));
      return reply.redirect("/account/tokens", 303);
    });
  });
}
