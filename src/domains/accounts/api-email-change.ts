import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { badRequest, HttpProblem } from "../../platform/http/problem";
import { problemResponses } from "../../platform/http/schemas";
import { apiRoutes } from "../../platform/http/web";
import { tags, tooMany } from "./api";
import { requireViewer } from "./http";
import { AcceptedView, AccountView, ChangeEmailBody, ConfirmEmailChangeBody } from "./schema";
import * as accounts from "./service";

/** The API twin of the change-of-address pages: ask with the current password, confirm with the token. */
export function emailChangeApi(app: FastifyInstance) {
  const links = () => ({ publicUrl: app.config.publicUrl });

  return apiRoutes(async (instance) => {
    const api = instance.withTypeProvider<TypeBoxTypeProvider>();
    api.post(
      "/me/email",
      {
        config: { access: "signedIn" },
        schema: {
          tags,
          summary: "Change your email address",
          description:
            "Needs the current password. Emails a 24-hour, single-use link to the new address (the change happens when it is confirmed) and a notice to the current one. The answer is the same whether or not another account uses the new address.",
          body: ChangeEmailBody,
          response: { 202: AcceptedView, ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const result = await accounts.requestEmailChange(app.db, viewer.id, request.body, links());
        if (!result.ok) {
          if (result.reason === "throttled")
            throw tooMany(reply, "Too many requests to change the email address. Wait an hour.", 3600);
          if (result.reason === "sameAddress") {
            throw badRequest("That is already the address of the account.", [
              { pointer: "/body/newEmail", detail: "newEmail is already your email address" },
            ]);
          }
          throw badRequest("The current password is not right.", [
            { pointer: "/body/currentPassword", detail: "currentPassword is not right" },
          ]);
        }
        return reply.status(202).send({
          status: "confirmation_sent",
          detail: "Check the new address for a link to confirm the change.",
        });
      },
    );

    api.post(
      "/email-changes/confirm",
      {
        config: { access: "public" },
        schema: {
          tags,
          summary: "Confirm a change of email address with the token from the emailed link",
          description:
            "Moves the account to the new address, which counts as confirmed, and returns the account. Every other session of the account ends, and the previous address is told. Works without signing in: the token is the proof.",
          security: [],
          body: ConfirmEmailChangeBody,
          response: { 200: AccountView, ...problemResponses(400, 409) },
        },
      },
      async (request) => {
        const result = await accounts.confirmEmailChange(app.db, request.body.token, request.sessionToken);
        if (!result.ok) {
          if (result.reason === "taken")
            throw new HttpProblem(
              409,
              "Conflict",
              "Another account now uses this address. Nothing was changed.",
            );
          throw badRequest("The link has expired or has already been used.");
        }
        return accounts.presentAccount(result.user);
      },
    );
  });
}
