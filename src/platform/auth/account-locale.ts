import { and, eq, ne } from "drizzle-orm";
import { recordAudit } from "../audit";
import type { DbOrTx } from "../db/client";
import type { Locale } from "../i18n";
import { users } from "./schema";

/**
 * Saves the language a person reads in on their account, which notifications and emails are
 * written in. A person's language is one setting: the language link of every page, the
 * account page and signing in all come through here. Returns whether it changed.
 */
export async function saveAccountLocale(db: DbOrTx, userId: string, locale: Locale): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [changed] = await tx
      .update(users)
      .set({ locale, updatedAt: new Date() })
      .where(and(eq(users.id, userId), ne(users.locale, locale)))
      .returning({ id: users.id });
    if (!changed) return false;
    await recordAudit(tx, {
      actorId: userId,
      action: "account.locale_changed",
      entityType: "user",
      entityId: userId,
      after: { locale },
    });
    return true;
  });
}
