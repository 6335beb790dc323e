import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1).
const ARGON2 = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;

const commonPasswords = new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export type PasswordProblem = "tooShort" | "tooLong" | "common" | "containsIdentity" | "repetitive";

/**
 * NIST SP 800-63B: length over composition rules, and a check against passwords known to be
 * common or easily guessed from the account itself. No forced symbols, no expiry.
 */
export function passwordProblem(
  password: string,
  identity: { email?: string; name?: string } = {},
): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return "tooShort";
  if (password.length > 256) return "tooLong";
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return "common";
  if (new Set(lower).size <= 3) return "repetitive";
  const local = identity.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return "containsIdentity";
  const names = (identity.name ?? "")
    .toLowerCase()
    .split(/\s+/)
    .filter((n) => n.length >= 4);
  if (names.some((n) => lower.includes(n)) && lower.length < 20) return "containsIdentity";
  return null;
}

// A hash of a random string, verified against when the account does not exist, so that
// a sign-in attempt takes the same time whether or not the email is registered.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoyHash;
}
