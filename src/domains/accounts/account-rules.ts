import { allowAttempt } from "../../platform/auth/throttle";
import type { Db } from "../../platform/db/client";

// What every account operation shares: throttle limits, link settings, email normalising.

/** Limits, in one place so the numbers can be read and tuned together. */
export const LIMITS = {
  signInPerIp: { limit: 20, windowSeconds: 15 * 60 },
  signInPerEmail: { limit: 10, windowSeconds: 15 * 60 },
  resetPerIp: { limit: 20, windowSeconds: 60 * 60 },
  resetPerEmail: { limit: 5, windowSeconds: 60 * 60 },
  registerPerIp: { limit: 60, windowSeconds: 60 * 60 },
  resendPerUser: { limit: 5, windowSeconds: 60 * 60 },
  passwordChangePerUser: { limit: 10, windowSeconds: 15 * 60 },
  emailChangePerUser: { limit: 5, windowSeconds: 60 * 60 },
} as const;

export interface Links {
  publicUrl: string;
}

/** One attempt against a throttle rule from LIMITS. */
export async function allowed(db: Db, key: string, rule: { limit: number; windowSeconds: number }) {
  return allowAttempt(db, key, rule.limit, rule.windowSeconds);
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
