import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formFieldsOf } from "../../platform/http/forms";
import { pageRoutes } from "../../platform/http/web";
import { translator } from "../../platform/i18n";
import { accountsCatalog } from "./messages";
import { requireViewer } from "./http";
import { fieldError, linkProblemPage, parse, TOKEN_SHAPE } from "./pages";
import { ButtonForm, ChangeEmailBody, LinkTokenParams } from "./schema";
import * as accounts from "./service";
import type { FormInput } from "./views/auth";
import { ChangeEmailPage, ConfirmEmailChangePage } from "./views/email-change";

/**
 * Changing the address of an account: a form behind the current password, a link to the new
 * address that shows a confirm button, and the change itself on that button's POST.
 */
export function emailChangePages(app: FastifyInstance) {
  const links = () => ({ publicUrl: app.config.publicUrl });

  return pageRoutes(async (instance) => {
    const pages = instance.withTypeProvider<TypeBoxTypeProvider>();

    pages.get("/account/email", { config: { access: "signedIn" } }, async (request, reply) => {
      const viewer = requireViewer(request);
      const user = await accounts.getAccount(app.db, viewer.id);
      if (!user) return reply.redirect("/sign-in", 303);
      return reply.page(<ChangeEmailPage ctx={reply.pageContext()} currentEmail={user.email} />);
    });

    pages.post(
      "/account/email",
      { schema: { body: formFieldsOf(ChangeEmailBody) }, config: { access: "signedIn" } },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const user = await accounts.getAccount(app.db, viewer.id);
        if (!user) return reply.redirect("/sign-in", 303);
        const again = (form: FormInput, status: number, error?: string) =>
          reply.page(
            <ChangeEmailPage ctx={reply.pageContext()} currentEmail={user.email} form={form} error={error} />,
            status,
          );
        const form = parse(t, ChangeEmailBody, request.body);
        if (!form.ok)
          return again({ errors: form.errors, values: { newEmail: form.values.newEmail ?? "" } }, 400);
        const result = await accounts.requestEmailChange(app.db, viewer.id, form.value, links());
        const kept = { newEmail: form.value.newEmail };
        if (!result.ok) {
          if (result.reason === "throttled") return again({ values: kept }, 429, t("changeEmailThrottled"));
          if (result.reason === "sameAddress")
            return again(fieldError(kept, "newEmail", t("changeEmailSame")), 400);
          return again(fieldError(kept, "currentPassword", t("wrongCurrentPassword")), 400);
        }
        reply.flash("success", t("changeEmailSentFlash", { email: form.value.newEmail }));
        return reply.redirect("/account", 303);
      },
    );

    const invalidChangeLink = (request: FastifyRequest, reply: FastifyReply) => {
      const t = translator(accountsCatalog, request.locale);
      return linkProblemPage(reply, t("emailChangeInvalidTitle"), t("emailChangeInvalidBody"), 400);
    };

    // The emailed link shows a button; only its POST changes anything (mail scanners open links).
    pages.get(
      "/email-changes/:token",
      { schema: { params: LinkTokenParams }, config: { access: "public" } },
      async (request, reply) => {
        const { token } = request.params;
        const pending = TOKEN_SHAPE.test(token)
          ? await accounts.pendingEmailChange(app.db, token)
          : undefined;
        if (!pending) return invalidChangeLink(request, reply);
        return reply.page(
          <ConfirmEmailChangePage ctx={reply.pageContext()} token={token} newEmail={pending.newEmail} />,
        );
      },
    );

    pages.post(
      "/email-changes/:token",
      { schema: { params: LinkTokenParams, body: ButtonForm }, config: { access: "public" } },
      async (request, reply) => {
        const t = translator(accountsCatalog, request.locale);
        const { token } = request.params;
        if (!TOKEN_SHAPE.test(token)) return invalidChangeLink(request, reply);
        // The token is the proof; a session of this person confirming it stays signed in.
        const result = await accounts.confirmEmailChange(app.db, token, request.sessionToken);
        if (!result.ok) {
          if (result.reason === "invalidToken") return invalidChangeLink(request, reply);
          return linkProblemPage(reply, t("emailChangeTakenTitle"), t("emailChangeTakenBody"), 409);
        }
        if (request.viewer?.id === result.user.id) {
          reply.flash("success", t("emailChangedFlash"));
          return reply.redirect("/account", 303);
        }
        reply.flash("success", t("emailChangedSignInFlash"));
        return reply.redirect("/sign-in", 303);
      },
    );
  });
}
