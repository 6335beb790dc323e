import { and, asc, eq, sql } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import type { Db, DbOrTx } from "../../platform/db/client";
import { addMembership, buildUser } from "../../seed/factories";
import { DEMO_PASSWORD } from "../../seed/demo";
import { organisations } from "../directory/schema";
import { type DemoPlace, DEMO_ACCOUNTS } from "./demo-accounts";
import { joinRequests } from "./schema";

async function firstChild(db: DbOrTx, parentId: string, kind: "district" | "school") {
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(eq(organisations.parentId, parentId), eq(organisations.kind, kind), eq(organisations.isDemo, true)),
    )
    .orderBy(asc(organisations.ncesId), asc(organisations.name))
    .limit(1);
  return row ?? null;
}

/** The demo teams: Maryland, its first demo district, and that district's first two schools. */
async function demoPlaces(db: DbOrTx): Promise<Partial<Record<DemoPlace, string>>> {
  const [state] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, "state"), eq(organisations.stateCode, "MD")));
  if (!state) return {};
  const district = await firstChild(db, state.id, "district");
  if (!district) return { state: state.id };
  const schools = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.parentId, district.id), eq(organisations.kind, "school")))
    .orderBy(asc(organisations.ncesId), asc(organisations.name))
    .limit(2);
  return { state: state.id, district: district.id, school: schools[0]?.id, peerSchool: schools[1]?.id };
}

/**
 * One verified demo account per kind of person (see demo-accounts.ts), placed on the demo
 * teams the directory seed created. Runs after the directory seed; safe to run twice.
 */
export async function seedTeamsDemo(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const places = await demoPlaces(tx);
    for (const account of DEMO_ACCOUNTS) {
      const [exists] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${account.email.toLowerCase()}`);
      if (exists) continue;
      const user = await buildUser(tx, {
        email: account.email,
        name: account.name,
        password: DEMO_PASSWORD,
        stakeholderRole: account.stakeholderRole,
        systemRole: account.systemRole,
        stateCode: "MD",
        verified: true,
        isDemo: true,
        locale: account.locale ?? "en",
      });
      const teamId = account.team ? places[account.team.place] : undefined;
      if (account.team && teamId) await addMembership(tx, user.id, teamId, account.team.role);
      const askedId = account.pendingRequestTo ? places[account.pendingRequestTo] : undefined;
      if (askedId) {
        await tx.insert(joinRequests).values({
          userId: user.id,
          organisationId: askedId,
          message: "I am in the student wellbeing club and would like to help plan the spring wellness week.",
        });
      }
    }
  });
}
