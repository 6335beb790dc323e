import type { PageContext } from "../../../platform/ui/context";
import { ActionButton, Table } from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import type { AdminMessages } from "../messages";
import type { failedJobs, jobCounts } from "../repo";
import { adminCrumbs, adminT, formatTime } from "./common";

export function JobsPage(props: {
  ctx: PageContext;
  counts: Awaited<ReturnType<typeof jobCounts>>;
  failed: Awaited<ReturnType<typeof failedJobs>>;
}) {
  const { ctx } = props;
  const t = adminT(ctx.locale);
  const status = (s: string) => t(`job_${s}` as keyof AdminMessages);
  return (
    <Layout ctx={ctx} title={t("jobsTitle")} breadcrumbs={adminCrumbs(ctx.locale, { label: t("jobsTitle") })}>
      <h1>{t("jobsTitle")}</h1>
      <p class="usa-intro">{t("jobsDescription")}</p>
      <h2>{t("jobCountsHeading")}</h2>
      {props.counts.length === 0 ? (
        <p>{t("noJobs")}</p>
      ) : (
        <Table
          caption={t("jobCountsCaption")}
          headers={[t("kind"), t("status"), t("count")]}
          rows={props.counts.map((c) => [<code>{c.kind}</code>, status(c.status), String(c.count)])}
        />
      )}
      <h2>{t("failedHeading")}</h2>
      {props.failed.length === 0 ? (
        <p>{t("noFailed")}</p>
      ) : (
        <Table
          caption={t("failedCaption")}
          headers={[t("job"), t("kind"), t("attempts"), t("lastError"), t("created"), t("action")]}
          rows={props.failed.map((j) => [
            String(j.id),
            <code>{j.kind}</code>,
            String(j.attempts),
            <span class="text-pre-wrap">{j.lastError ?? ""}</span>,
            formatTime(j.createdAt, ctx.locale),
            <ActionButton
              action={`/admin/jobs/${j.id}/retry`}
              csrfToken={ctx.csrfToken}
              label={t("retry", { id: j.id })}
              variant="outline"
            />,
          ])}
        />
      )}
    </Layout>
  );
}
