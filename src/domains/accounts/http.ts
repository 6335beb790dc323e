import type { FastifyReply, FastifyRequest } from "fastify";
import type { PasswordProblem } from "../../platform/auth/passwords";
import { SESSION_COOKIE, SESSION_DAYS } from "../../platform/auth/sessions";
import { isSecure } from "../../platform/http/web";
import type { FieldErrors } from "../../platform/http/forms";
import type { Translate } from "../../platform/i18n";
import { unauthorized } from "../../platform/http/problem";
import type { Viewer } from "../../platform/ui/context";
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

/**
 * The signed-in person. Routes declared `access: "signedIn"` never run without one; this
 * answers 401 all the same if a route is ever declared otherwise.
 */
export function requireViewer(request: FastifyRequest): Viewer {
  if (!request.viewer) throw unauthorized();
  return request.viewer;
}

export function userAgentOf(request: FastifyRequest): string | undefined {
  const ua = request.headers["user-agent"];
  return typeof ua === "string" ? ua : undefined;
}

/**
 * Replaces the generic "Enter {label}." messages with plain ones for the account forms
 * ("Choose your state or territory."), keeping any message that is already specific.
 */
export function plainFieldErrors(
  t: Translate<AccountsMessages>,
  errors: FieldErrors,
  nameKey: keyof AccountsMessages = "errName",
): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, error] of Object.entries(errors)) {
    const code = "code" in error ? error.code : null;
    const missing = code === "required" || code === "choice";
    let key: keyof AccountsMessages | null = null;
    if (field === "stateCode") key = "errState";
    else if (field === "stakeholderRole") key = "errRole";
    else if (field === "email" || field === "newEmail")
      key = code === "required" ? "errEmailRequired" : "errEmailInvalid";
    else if (missing && field === "name") key = nameKey;
    else if (missing && field === "password") key = "errPasswordRequired";
    else if (missing && field === "currentPassword") key = "errCurrentPasswordRequired";
    else if (missing && field === "newPassword") key = "errNewPasswordRequired";
    else if (code === "tooShort" && (field === "password" || field === "newPassword")) key = "pwTooShort";
    out[field] = key && code ? { message: t(key) } : error;
  }
  return out;
}
