import { sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { type EmailMessage, queueEmails } from "../../../platform/email";
import { enqueueJob, type JobHandler } from "../../../platform/jobs";
import { type Locale, translator } from "../../../platform/i18n";
import { notificationLinks } from "../../communities/notifications/service";
import { networksCatalog } from "./messages";
import { addDays, currentReportingPeriod, periodLabel, today } from "./periods";
import type { MeasurePeriod, ReminderKind } from "./schema";

/*
 * Reminders to member teams, by email through the outbox: one when a period's reporting window
 * opens, one `reminderDaysBefore` days before it closes, each sent at most once per team, period
 * and kind (the reminders table's key refuses a second) and only to teams that still have
 * something to report. The people on the team who asked for no email from communities
 * (email frequency "never", set by any email's unsubscribe link) get none.
 */

export const REMINDER_JOB = "improvement.network-reminders";
const EVERY_MS = 6 * 3600_000;

interface NetworkPeriod {
  communityId: string;
  slug: string;
  nameEn: string;
  nameEs: string;
  period: MeasurePeriod;
  reportingDays: number;
  reminderDaysBefore: number;
}

/** Which reminder is due today for a window, if any. */
export function reminderDue(
  day: string,
  window: { opensOn: string; closesOn: string; closed: boolean },
  reminderDaysBefore: number,
): ReminderKind | null {
  if (window.closed || day < window.opensOn) return null;
  return day >= addDays(window.closesOn, -reminderDaysBefore) ? "closing" : "opened";
}

interface TeamDue {
  teamId: string;
  organisationId: string;
  due: number;
  reported: number;
}

async function teamsWithSomethingToReport(db: DbOrTx, np: NetworkPeriod, periodStart: string) {
  return queryRows<TeamDue>(
    db,
    sql`select t.id as "teamId", t.organisation_id as "organisationId",
          (select count(*)::int from network_measures m where m.community_id = t.community_id
             and m.period = ${np.period} and m.starts_on <= ${periodStart}::date) as due,
          (select count(*)::int from network_values v join network_measures m on m.id = v.measure_id
             where v.team_id = t.id and m.period = ${np.period} and v.period_start = ${periodStart}::date) as reported
        from network_teams t where t.community_id = ${np.communityId} and t.status = 'active'`,
  ).then((rows) => rows.filter((r) => r.reported < r.due));
}

/**
 * The people on a team who hear from the platform by email: active accounts whose community
 * email setting is not "never" (the same setting every community email honours).
 */
async function recipientsOf(db: DbOrTx, organisationId: string) {
  return queryRows<{ id: string; email: string; locale: string }>(
    db,
    sql`select u.id, u.email, u.locale from memberships ms join users u on u.id = ms.user_id
        left join community_profiles p on p.user_id = u.id
        where ms.organisation_id = ${organisationId} and u.disabled_at is null
          and coalesce(p.email_frequency, 'daily') <> 'never'`,
  );
}

function reminderEmail(
  person: { id: string; email: string; locale: string },
  np: NetworkPeriod,
  kind: ReminderKind,
  window: { periodStart: string; closesOn: string },
  teamId: string,
): EmailMessage {
  const locale: Locale = person.locale === "es" ? "es" : "en";
  const t = translator(networksCatalog, locale);
  const network = locale === "es" ? np.nameEs : np.nameEn;
  const period = periodLabel(window.periodStart, np.period, locale);
  const { publicUrl, unsubscribeUrl, headers } = notificationLinks(person.id);
  const body = t(kind === "opened" ? "reminderOpenedBody" : "reminderClosingBody", {
    network,
    period,
    closesOn: window.closesOn,
  });
  return {
    to: person.email,
    subject: t(kind === "opened" ? "reminderOpenedSubject" : "reminderClosingSubject", { network, period }),
    text: `${body}\n${publicUrl}/networks/${np.slug}/teams/${teamId}/report\n\n${t("emailUnsubscribeLine", { url: unsubscribeUrl })}\n`,
    headers,
  };
}

/** Sends every reminder due on `now`'s day; returns how many teams were reminded. */
export async function sendNetworkReminders(db: Db, now = new Date()): Promise<number> {
  const day = today(now);
  const periods = await queryRows<NetworkPeriod>(
    db,
    sql`select distinct c.id as "communityId", c.slug, c.name_en as "nameEn", c.name_es as "nameEs", m.period,
          coalesce(s.reporting_days, 10)::int as "reportingDays", coalesce(s.reminder_days_before, 3)::int as "reminderDaysBefore"
        from network_measures m join communities c on c.id = m.community_id
        left join network_settings s on s.community_id = c.id`,
  );
  let reminded = 0;
  for (const np of periods) {
    const window = currentReportingPeriod(day, np.period, np.reportingDays);
    const kind = reminderDue(day, window, np.reminderDaysBefore);
    if (!kind) continue;
    for (const team of await teamsWithSomethingToReport(db, np, window.periodStart)) {
      const sent = await db.transaction(async (tx) => {
        const [claimed] = await queryRows<{ teamId: string }>(
          tx,
          sql`insert into network_reminders (team_id, period, period_start, kind, recipients)
              values (${team.teamId}, ${np.period}, ${window.periodStart}::date, ${kind}, 0)
              on conflict do nothing returning team_id as "teamId"`,
        );
        if (!claimed) return false;
        const people = await recipientsOf(tx, team.organisationId);
        await queueEmails(
          tx,
          people.map((p) => reminderEmail(p, np, kind, window, team.teamId)),
        );
        await tx.execute(
          sql`update network_reminders set recipients = ${people.length}
              where team_id = ${team.teamId} and period = ${np.period} and period_start = ${window.periodStart}::date and kind = ${kind}`,
        );
        await recordAudit(tx, {
          actorId: null,
          action: `network.reminder.${kind}`,
          entityType: "network_team",
          entityId: team.teamId,
          scopeId: team.organisationId,
          after: { period: np.period, periodStart: window.periodStart, recipients: people.length },
        });
        return true;
      });
      if (sent) reminded++;
    }
  }
  return reminded;
}

/** Queues the first run when none is waiting (each run queues the next one when it ends). */
export async function scheduleNetworkReminders(db: Db, at = new Date()) {
  const [queued] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from jobs where kind = ${REMINDER_JOB} and status in ('queued', 'running')`,
  );
  if ((queued?.n ?? 0) === 0) await enqueueJob(db, REMINDER_JOB, {}, at);
}

export const networkJobs: Record<string, JobHandler> = {
  [REMINDER_JOB]: async (_payload, { db }) => {
    await sendNetworkReminders(db);
    const [queued] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from jobs where kind = ${REMINDER_JOB} and status = 'queued'`,
    );
    if ((queued?.n ?? 0) === 0) await enqueueJob(db, REMINDER_JOB, {}, new Date(Date.now() + EVERY_MS));
  },
};
