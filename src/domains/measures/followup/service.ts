import { and, eq, gt, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import { auditLog } from "../../../platform/audit/schema";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queueEmails } from "../../../platform/email";
import { isLocale, translator } from "../../../platform/i18n";
import type { Actor } from "../../../platform/policy";
import type { Organisation } from "../../directory/service";
import { teamLeadsOf } from "../../teams/service";
import type { ListedSchool, SchoolList } from "../dashboards/school-list";
import { followupCatalog } from "./messages";

export const REMINDER_ACTION = "measures.reminderSent";
/** A school is reminded at most once a day, however many times (or people) ask. */
export const REMINDER_INTERVAL_HOURS = 24;

/** Schools that have not submitted both their profile and their assessment this school year. */
export function schoolsToFollowUp(list: SchoolList): ListedSchool[] {
  return list.schools.filter((s) => s.profile !== "submitted" || s.assessment !== "submitted");
}

export type Lead = { userId: string; name: string; email: string; locale: string };

/** The leads of each school the actor may read privately (`scope.readPrivate`); others are left out. */
export async function leadsOfSchools(
  db: DbOrTx,
  actor: Actor,
  scope: Organisation,
  schools: ListedSchool[],
): Promise<Map<string, Lead[]>> {
  // A school lies below the scope and its district: those are the ids above it the policy looks at.
  const above = [...scope.ancestorIds, scope.id];
  return teamLeadsOf(
    db,
    actor,
    schools.map((s) => ({
      id: s.id,
      ancestorIds: [...above, ...(s.districtId && s.districtId !== scope.id ? [s.districtId] : [])],
    })),
  );
}

function missingText(school: ListedSchool, t: ReturnType<typeof translator<typeof followupCatalog.en>>) {
  const profile = school.profile !== "submitted";
  const assessment = school.assessment !== "submitted";
  return profile && assessment ? t("both") : profile ? t("profileOnly") : t("assessmentOnly");
}

/**
 * Emails every lead of the schools listed, through the outbox, with an audit entry per school, in
 * one transaction. The scope's row is locked first, so two clicks at once are taken one after the
 * other and the second finds the first's audit entries: a school reminded within the interval is
 * skipped, and so is one without a lead the actor may see.
 */
export async function sendReminders(
  db: Db,
  input: {
    actor: Actor;
    scope: Organisation;
    schoolYear: string;
    schools: ListedSchool[];
    publicUrl: string;
  },
): Promise<{ sent: number; emails: number; skipped: number }> {
  const { actor, scope, schoolYear, schools } = input;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from organisations where id = ${scope.id} for update`);
    const ids = schools.map((s) => s.id);
    const recent =
      ids.length === 0
        ? []
        : await tx
            .select({ entityId: auditLog.entityId })
            .from(auditLog)
            .where(
              and(
                eq(auditLog.action, REMINDER_ACTION),
                eq(auditLog.entityType, "organisation"),
                sql`${auditLog.entityId} = any(${sql.param(ids)}::text[])`,
                gt(auditLog.at, sql`now() - make_interval(hours => ${REMINDER_INTERVAL_HOURS})`),
              ),
            );
    const reminded = new Set(recent.map((r) => r.entityId));
    const due = schools.filter((s) => !reminded.has(s.id));
    const leads = await leadsOfSchools(tx, actor, scope, due);
    const messages = [];
    const entries = [];
    for (const school of due) {
      const people = leads.get(school.id) ?? [];
      if (people.length === 0) continue;
      for (const lead of people) {
        const t = translator(followupCatalog, isLocale(lead.locale) ? lead.locale : "en");
        const params = { school: school.name, year: schoolYear, scope: scope.name, name: lead.name };
        messages.push({
          to: lead.email,
          subject: t("emailSubject", params),
          text: t("emailBody", {
            ...params,
            missing: missingText(school, t),
            url: `${input.publicUrl}/measures/orgs/${school.id}?year=${schoolYear}`,
          }),
        });
      }
      entries.push({
        actorId: actor.userId,
        action: REMINDER_ACTION,
        entityType: "organisation",
        entityId: school.id,
        scopeId: school.id,
        after: {
          from: scope.id,
          schoolYear,
          recipients: people.map((p) => p.userId),
          profile: school.profile,
          assessment: school.assessment,
        },
      });
    }
    await queueEmails(tx, messages);
    await recordAudit(tx, entries);
    return { sent: entries.length, emails: messages.length, skipped: schools.length - entries.length };
  });
}
