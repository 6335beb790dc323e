import { and, desc, eq, ne } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { DbOrTx } from "../../../platform/db/client";
import { researchApplications } from "../schema";

export type ApplicationRow = typeof researchApplications.$inferSelect;
export type ApplicationWithApplicant = ApplicationRow & {
  applicantName: string;
  applicantEmail: string;
  applicantLocale: string;
};

const withApplicant = {
  application: researchApplications,
  applicantName: users.name,
  applicantEmail: users.email,
  applicantLocale: users.locale,
};

const flatten = (r: {
  application: ApplicationRow;
  applicantName: string;
  applicantEmail: string;
  applicantLocale: string;
}): ApplicationWithApplicant => ({
  ...r.application,
  applicantName: r.applicantName,
  applicantEmail: r.applicantEmail,
  applicantLocale: r.applicantLocale,
});

export async function findApplication(db: DbOrTx, id: string): Promise<ApplicationWithApplicant | null> {
  const [row] = await db
    .select(withApplicant)
    .from(researchApplications)
    .innerJoin(users, eq(users.id, researchApplications.applicantId))
    .where(eq(researchApplications.id, id));
  return row ? flatten(row) : null;
}

export async function applicationsOf(db: DbOrTx, applicantId: string): Promise<ApplicationRow[]> {
  return db
    .select()
    .from(researchApplications)
    .where(eq(researchApplications.applicantId, applicantId))
    .orderBy(desc(researchApplications.createdAt))
    .limit(100);
}

/** Pending applications (oldest first: first come, first reviewed), or recent decisions. */
export async function applicationsByStatus(
  db: DbOrTx,
  which: "pending" | "decided",
  limit = 100,
): Promise<ApplicationWithApplicant[]> {
  const rows = await db
    .select(withApplicant)
    .from(researchApplications)
    .innerJoin(users, eq(users.id, researchApplications.applicantId))
    .where(
      which === "pending"
        ? eq(researchApplications.status, "pending")
        : and(ne(researchApplications.status, "pending")),
    )
    .orderBy(which === "pending" ? researchApplications.createdAt : desc(researchApplications.decidedAt))
    .limit(limit);
  return rows.map(flatten);
}
