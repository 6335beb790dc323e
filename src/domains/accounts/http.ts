import type { FastifyReply, FastifyRequest } from "fastify";
import type { PasswordProblem } from "../../platform/auth/passwords";
import { SESSION_COOKIE, SESSION_DAYS } from "../../platform/auth/sessions";
import { isSecure } from "../../platform/http/web";
import type { Translate } from "../../platform/i18n";
import type { AccountsMessages } from "./messages";

/** The session cookie: signed, out of reach of scripts, not sent on cross-site posts. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isSecure(request),
    signed: true,
    maxAge: SESSION_DAYS * 86400,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}

const PASSWORD_KEYS: Record<PasswordProblem, keyof AccountsMessages> = {
  tooShort: "pwTooShort",
  tooLong: "pwTooLong",
  common: "pwCommon",
  containsIdentity: "pwContainsIdentity",
  repetitive: "pwRepetitive",
};

export function passwordProblemText(t: Translate<AccountsMessages>, problem: PasswordProblem): string {
  return t(PASSWORD_KEYS[problem]);
}

/** English texts for the API's problem details. */
export const PASSWORD_PROBLEM_DETAIL: Record<PasswordProblem, string> = {
  tooShort: "must be at least 12 characters",
  tooLong: "must be 256 characters or fewer",
  common: "is too common and easy to guess",
  containsIdentity: "must not contain your name or email address",
  repetitive: "repeats too few different characters",
};

export function userAgentOf(request: FastifyRequest): string | undefined {
  const ua = request.headers["user-agent"];
  return typeof ua === "string" ? ua : undefined;
}
