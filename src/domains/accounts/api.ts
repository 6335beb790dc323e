import { Type } from "@sinclair/typebox";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { PasswordProblem } from "../../platform/auth/passwords";
import { endSession } from "../../platform/auth/sessions";
import { badRequest, HttpProblem, notFound, unauthorized } from "../../platform/http/problem";
import { IdParams, problemResponses } from "../../platform/http/schemas";
import { apiRoutes } from "../../platform/http/web";
import { listMembershipsOf } from "../teams/service";
import {
  clearSessionCookie,
  PASSWORD_PROBLEM_DETAIL,
  requireViewer,
  setSessionCookie,
  userAgentOf,
} from "./http";
import {
  AcceptedView,
  AccountView,
  ChangePasswordBody,
  CreatedTokenView,
  CreateTokenBody,
  ForgotPasswordBody,
  MembershipView,
  ProfilePatch,
  RegisterBody,
  ResetPasswordBody,
  SessionParams,
  SessionView,
  SignInBody,
  TokenView,
  VerifyEmailBody,
} from "./schema";
import * as accounts from "./service";

export const tags = ["accounts"];

export { requireViewer } from "./http";

export const tooMany = (reply: FastifyReply, detail: string, retryAfterSeconds: number) => {
  reply.header("retry-after", String(retryAfterSeconds));
  return new HttpProblem(429, "Too Many Requests", detail);
};

const passwordInvalid = (field: string, problem: PasswordProblem) =>
  badRequest("The password is not strong enough.", [
    { pointer: `/body/${field}`, detail: `${field} ${PASSWORD_PROBLEM_DETAIL[problem]}` },
  ]);

const NoContent = { 204: Type.Null() };

export function accountsApi(app: FastifyInstance) {
  const links = () => ({ publicUrl: app.config.publicUrl });

  const open = { access: "public" } as const;
  const own = { access: "signedIn" } as const;

  return apiRoutes(async (instance) => {
    const api = instance.withTypeProvider<TypeBoxTypeProvider>();
    api.post(
      "/accounts",
      {
        config: open,
        schema: {
          tags,
          summary: "Register an account",
          description:
            "Creates an unverified account and emails a confirmation link. The answer is the same whether or not the address already has an account.",
          security: [],
          body: RegisterBody,
          response: { 202: AcceptedView, ...problemResponses(400, 429) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const result = await accounts.registerAccount(app.db, body, {
          ...links(),
          ip: request.ip,
          locale: request.locale,
        });
        if (!result.ok) {
          if (result.reason === "throttled")
            throw tooMany(reply, "Too many registrations from this address.", 3600);
          throw passwordInvalid("password", result.problem);
        }
        return reply.status(202).send({
          status: "verification_sent",
          detail: "Check your email for a link to confirm the address.",
        });
      },
    );

    api.post(
      "/email-verifications",
      {
        config: open,
        schema: {
          tags,
          summary: "Confirm an email address with the token from the emailed link",
          security: [],
          body: VerifyEmailBody,
          response: { 204: Type.Null(), ...problemResponses(400) },
        },
      },
      async (request, reply) => {
        const { token } = request.body;
        const userId = await accounts.verifyEmail(app.db, token);
        if (!userId) throw badRequest("The link has expired or has already been used.");
        return reply.status(204).send(null);
      },
    );

    api.post(
      "/session",
      {
        config: open,
        schema: {
          tags,
          summary: "Sign in",
          description: "Checks the password, starts a new browser session (cookie) and returns the account.",
          security: [],
          body: SignInBody,
          response: { 200: AccountView, ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const result = await accounts.signIn(app.db, request.body, {
          ip: request.ip,
          userAgent: userAgentOf(request),
          previousSessionToken: request.sessionToken,
        });
        if (!result.ok) {
          if (result.reason === "throttled")
            throw tooMany(reply, "Too many sign-in attempts. Wait 15 minutes.", 900);
          throw unauthorized("Email or password is not right.");
        }
        setSessionCookie(request, reply, result.token);
        return accounts.presentAccount(result.user);
      },
    );

    api.delete(
      "/session",
      { config: open, schema: { tags, summary: "Sign out of this browser session", response: NoContent } },
      async (request, reply) => {
        if (request.sessionToken) await endSession(app.db, request.sessionToken);
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    api.post(
      "/password-resets",
      {
        config: open,
        schema: {
          tags,
          summary: "Ask for a password reset link",
          description:
            "Emails a one-hour, single-use link when the account exists. The answer is the same either way.",
          security: [],
          body: ForgotPasswordBody,
          response: { 202: AcceptedView, ...problemResponses(400, 429) },
        },
      },
      async (request, reply) => {
        const { email } = request.body;
        const result = await accounts.requestPasswordReset(app.db, email, { ...links(), ip: request.ip });
        if (!result.ok) throw tooMany(reply, "Too many reset requests. Wait an hour.", 3600);
        return reply.status(202).send({
          status: "reset_sent_if_account_exists",
          detail: "If an account exists for that address, a reset link was sent to it.",
        });
      },
    );

    api.post(
      "/password-resets/confirm",
      {
        config: open,
        schema: {
          tags,
          summary: "Set a new password with the token from the reset link",
          description: "Uses the token up and ends every session of the account.",
          security: [],
          body: ResetPasswordBody,
          response: { 204: Type.Null(), ...problemResponses(400) },
        },
      },
      async (request, reply) => {
        const { token, password } = request.body;
        const result = await accounts.resetPassword(app.db, token, password);
        if (!result.ok) {
          if (result.reason === "invalidToken")
            throw badRequest("The link has expired or has already been used.");
          throw passwordInvalid("password", result.problem);
        }
        return reply.status(204).send(null);
      },
    );

    api.get(
      "/me",
      {
        config: own,
        schema: {
          tags,
          summary: "The signed-in account",
          response: { 200: AccountView, ...problemResponses(401) },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        const user = await accounts.getAccount(app.db, viewer.id);
        if (!user) throw unauthorized();
        return accounts.presentAccount(user);
      },
    );

    api.patch(
      "/me",
      {
        config: own,
        schema: {
          tags,
          summary: "Change your name, state or stakeholder role",
          body: ProfilePatch,
          response: { 200: AccountView, ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        const user = await accounts.updateProfile(app.db, viewer.id, request.body);
        if (!user) throw unauthorized();
        return accounts.presentAccount(user);
      },
    );

    api.post(
      "/me/password",
      {
        config: own,
        schema: {
          tags,
          summary: "Change your password",
          description: "Needs the current password. Ends every other browser session.",
          body: ChangePasswordBody,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const result = await accounts.changePassword(app.db, viewer.id, request.body, request.sessionToken);
        if (!result.ok) {
          if (result.reason === "throttled") throw tooMany(reply, "Too many attempts. Wait 15 minutes.", 900);
          if (!("problem" in result)) {
            throw badRequest("The current password is not right.", [
              { pointer: "/body/currentPassword", detail: "currentPassword is not right" },
            ]);
          }
          throw passwordInvalid("newPassword", result.problem);
        }
        return reply.status(204).send(null);
      },
    );

    api.post(
      "/me/email-verification",
      {
        config: own,
        schema: {
          tags,
          summary: "Send the email confirmation link again",
          body: Type.Object({}, { additionalProperties: false }),
          response: { 202: AcceptedView, ...problemResponses(401, 409, 429) },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const result = await accounts.resendVerification(app.db, viewer.id, links());
        if (!result.ok) {
          if (result.reason === "throttled")
            throw tooMany(reply, "Too many links asked for. Wait an hour.", 3600);
          throw new HttpProblem(409, "Conflict", "The email address is already confirmed.");
        }
        return reply
          .status(202)
          .send({ status: "verification_sent", detail: "A new confirmation link was sent." });
      },
    );

    api.get(
      "/me/memberships",
      {
        config: own,
        schema: {
          tags,
          summary: "The teams you are on, with your role",
          response: { 200: Type.Object({ items: Type.Array(MembershipView) }), ...problemResponses(401) },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        const items = await listMembershipsOf(app.db, viewer.id);
        return { items: items.map((m) => ({ ...m, since: m.since.toISOString() })) };
      },
    );

    api.get(
      "/me/sessions",
      {
        config: own,
        schema: {
          tags,
          summary: "Your active browser sessions",
          response: { 200: Type.Object({ items: Type.Array(SessionView) }), ...problemResponses(401) },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        const items = await accounts.listSessions(app.db, viewer.id, request.sessionToken);
        return { items: items.map(accounts.presentSession) };
      },
    );

    api.delete(
      "/me/sessions",
      {
        config: own,
        schema: {
          tags,
          summary: "Sign out everywhere else",
          description:
            "Ends every session except the one making this request, and revokes every calendar link (make a new one with `POST /api/v1/me/feed-tokens`).",
          response: {
            200: Type.Object({ ended: Type.Integer(), feedTokensRevoked: Type.Integer() }),
            ...problemResponses(401),
          },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        const result = await accounts.endOtherSessions(app.db, viewer.id, request.sessionToken);
        return { ended: result.sessionsEnded, feedTokensRevoked: result.feedLinksRevoked };
      },
    );

    api.delete(
      "/me/sessions/:id",
      {
        config: own,
        schema: {
          tags,
          summary: "End one of your sessions",
          params: SessionParams,
          response: { ...NoContent, ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const { id } = request.params;
        if (!(await accounts.endOneSession(app.db, viewer.id, id))) throw notFound();
        return reply.status(204).send(null);
      },
    );

    api.get(
      "/me/tokens",
      {
        config: own,
        schema: {
          tags,
          summary: "Your active personal access tokens (never their secrets)",
          response: { 200: Type.Object({ items: Type.Array(TokenView) }), ...problemResponses(401) },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        const items = await accounts.listAccessTokens(app.db, viewer.id);
        return { items: items.map(accounts.presentToken) };
      },
    );

    api.post(
      "/me/tokens",
      {
        config: own,
        schema: {
          tags,
          summary: "Create a personal access token",
          description:
            "The secret is in this response only; store it safely. Send it as `Authorization: Bearer <secret>`.",
          body: CreateTokenBody,
          response: { 201: CreatedTokenView, ...problemResponses(400, 401) },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const { name } = request.body;
        const created = await accounts.createAccessToken(app.db, viewer.id, name);
        return reply.status(201).send({ ...accounts.presentToken(created), secret: created.secret });
      },
    );

    api.delete(
      "/me/tokens/:id",
      {
        config: own,
        schema: {
          tags,
          summary: "Revoke a personal access token",
          params: IdParams,
          response: { ...NoContent, ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const { id } = request.params;
        if (!(await accounts.revokeAccessToken(app.db, viewer.id, id))) throw notFound();
        return reply.status(204).send(null);
      },
    );
  });
}
