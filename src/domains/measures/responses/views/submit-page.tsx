import { translator } from "../../../../platform/i18n";
import { Alert, Button, Form, Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import { tx } from "../../views/fields";
import { responsesCatalog } from "../messages";
import type { ResponseView } from "../service";
import type { SubmissionSummary } from "../submission";
import { orgCrumbs, responseTitle } from "./response-pages";

/**
 * The confirmation a submission asks for (a page, so it works without JavaScript): how much is
 * answered in each domain, and the button that submits. An assessment with nothing rated gets
 * no button, only the reason.
 */
export function SubmitConfirmPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  response: ResponseView;
  summary: SubmissionSummary;
  refused?: boolean;
}) {
  const { ctx, response, summary } = props;
  const t = translator(responsesCatalog, ctx.locale);
  const title = responseTitle(response, ctx.locale);
  const base = `/measures/responses/${response.id}`;
  const assessment = response.instrument.kind === "assessment";
  const of = (n: number, total: number) => t("ofTotal", { n, total });
  return (
    <Layout
      ctx={ctx}
      title={t("confirmTitle", { title })}
      breadcrumbs={[
        ...orgCrumbs(ctx, props.organisation, response.schoolYear),
        { label: title, href: base },
        { label: t("reviewSubmit") },
      ]}
    >
      <h1>{t("confirmTitle", { title })}</h1>
      {props.refused || !summary.submittable ? (
        <Alert kind="error" slim>
          {t("nothingRated")}
        </Alert>
      ) : null}
      <p class="usa-intro">{assessment ? t("confirmIntro") : t("confirmProfileIntro")}</p>
      <Table
        caption={assessment ? t("confirmCaption") : t("confirmSectionsCaption")}
        headers={
          assessment ? [t("colDomain"), t("colAnswered"), t("colRated")] : [t("colSection"), t("colAnswered")]
        }
        rows={summary.sections.map((s) => [
          <a href={`${base}/sections/${s.key}`}>{tx(s.title, ctx.locale)}</a>,
          of(s.answered, s.total),
          ...(assessment ? [of(s.rated, s.ratingItems)] : []),
        ])}
      />
      <p>{t("confirmTotals", { answered: summary.answered, total: summary.total, rated: summary.rated })}</p>
      {assessment ? <p class="smh-meta">{t("confirmUnanswered")}</p> : null}
      {summary.submittable ? (
        <Form action={`${base}/submit`} csrfToken={ctx.csrfToken}>
          <Button>{t("confirmSubmit")}</Button>
        </Form>
      ) : null}
      <p class="margin-top-3">
        <a href={base}>{t("confirmBack")}</a>
      </p>
    </Layout>
  );
}
