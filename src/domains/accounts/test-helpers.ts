import { desc, eq, sql } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import type { Db } from "../../platform/db/client";
import { outbox } from "../../platform/email/schema";

/** Shared by the accounts tests: reading the outbox the way a person reads their inbox. */
export async function mailTo(db: Db, to: string) {
  return db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.createdAt));
}

export async function linkIn(
  db: Db,
  to: string,
  path: "verify-email" | "reset-password" | "email-changes",
): Promise<string> {
  for (const mail of await mailTo(db, to)) {
    const match = mail.text.match(new RegExp(`https?://[^\\s]+/${path}/([A-Za-z0-9_-]+)`));
    if (match) return `/${path}/${match[1]}`;
  }
  throw new Error(`No ${path} link mailed to ${to}`);
}

export async function userByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function forgetThrottles(db: Db) {
  await db.execute(sql`delete from throttles`);
}

let n = 0;
export const uniqueEmail = (label = "person") => `${label}${++n}-${Date.now().toString(36)}@example.org`;

export const GOOD_PASSWORD = "lantern orchard velvet compass";
