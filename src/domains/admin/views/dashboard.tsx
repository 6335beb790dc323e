import type { PageContext } from "../../../platform/ui/context";
import { Table } from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import type { AdminMessages } from "../messages";
import type { dashboardCounts } from "../repo";
import { adminT } from "./common";
import { formatNumber } from "../../../platform/i18n/formats";

type Counts = Awaited<ReturnType<typeof dashboardCounts>>;

const SECTIONS: { href: string; title: keyof AdminMessages; description: keyof AdminMessages }[] = [
  { href: "/admin/users", title: "usersTitle", description: "usersDescription" },
  { href: "/admin/organisations", title: "organisationsTitle", description: "organisationsDescription" },
  { href: "/admin/imports", title: "importsTitle", description: "importsDescription" },
  { href: "/admin/outbox", title: "outboxTitle", description: "outboxDescription" },
  { href: "/admin/audit", title: "auditTitle", description: "auditDescription" },
  { href: "/admin/jobs", title: "jobsTitle", description: "jobsDescription" },
];

export function DashboardPage({ ctx, counts }: { ctx: PageContext; counts: Counts }) {
  const t = adminT(ctx.locale);
  const n = (value: number) => formatNumber(ctx.locale, value);
  const figures: [keyof AdminMessages, number][] = [
    ["countUsers", counts.users],
    ["countVerified", counts.verifiedUsers],
    ["countDisabled", counts.disabledUsers],
    ["countPendingJoin", counts.pendingJoinRequests],
    ["countQueuedJobs", counts.queuedJobs],
    ["countFailedJobs", counts.failedJobs],
    ["countOutbox", counts.outbox],
    ["countOutboxQueued", counts.outboxQueued],
  ];
  const orgTotal = counts.organisations.reduce((sum, o) => sum + o.count, 0);
  return (
    <Layout
      ctx={ctx}
      title={t("dashboardTitle")}
      breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("admin") }]}
    >
      <h1>{t("dashboardTitle")}</h1>
      <p class="usa-intro">{t("dashboardIntro")}</p>
      <h2>{t("sectionsHeading")}</h2>
      <ul class="smh-card-grid">
        {SECTIONS.map((s) => (
          <li class="usa-card">
            <div class="usa-card__container">
              <div class="usa-card__header">
                <h3 class="usa-card__heading">
                  <a href={s.href}>{t(s.title)}</a>
                </h3>
              </div>
              <div class="usa-card__body">
                <p>{t(s.description)}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <h2>{t("countsHeading")}</h2>
      <Table
        caption={t("countsHeading")}
        captionHidden
        headers={[t("what"), t("count")]}
        rows={figures.map(([label, value]) => [t(label), <span data-count={label}>{n(value)}</span>])}
      />
      <h2>{t("orgsHeading")}</h2>
      <Table
        caption={t("orgsCaption")}
        headers={[t("kind"), t("count")]}
        rows={[
          ...counts.organisations.map((o) => [
            t(`org_${o.kind}` as keyof AdminMessages) ?? o.kind,
            n(o.count),
          ]),
          [t("total"), n(orgTotal)],
        ]}
      />
    </Layout>
  );
}
