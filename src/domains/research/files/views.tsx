import { translator } from "../../../platform/i18n";
import { Table } from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { researchCatalog } from "../messages";
import type { Codebook } from "./service";

/**
 * A file's codebook: the instrument versions it was answered on, every variable with its meaning
 * and values (generated from those versions), and the de-identification applied to it. Written in
 * English, like the instrument keys and values in the file itself; the frame follows the reader's language.
 */
export function CodebookPage(props: {
  ctx: PageContext;
  applicationId: string;
  projectTitle: string;
  codebook: Codebook;
}) {
  const { ctx, codebook: c } = props;
  const t = translator(researchCatalog, ctx.locale);
  const title = t("codebookTitle", { instrument: c.title, year: c.schoolYear });
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("research"), href: "/research" },
        { label: props.projectTitle, href: `/research/applications/${props.applicationId}` },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <p>{t("codebookGenerated", { date: c.generatedAt.slice(0, 10), rows: c.rows })}</p>
      <h2>{t("suppressionHeading")}</h2>
      <ul class="usa-list">
        <li>{t("suppressionMin", { min: c.minSchoolsPerCombination })}</li>
        <li>
          {t("suppressionOrder", { order: c.coarseningOrder.join(", "), min: c.minSchoolsPerCombination })}
        </li>
        <li>{t("suppressionCounts", { ...c.coarsening })}</li>
        <li>{t("suppressionOther", { small: c.smallCount })}</li>
      </ul>
      <h2>{t("versionsHeading")}</h2>
      <Table
        caption={t("versionsHeading")}
        captionHidden
        headers={[t("colVersion"), t("colPublished"), t("colTitle")]}
        rows={c.versions.map((v) => [String(v.version), v.publishedAt, v.title])}
      />
      <h2>{t("variablesHeading")}</h2>
      <Table
        caption={t("variablesHeading")}
        captionHidden
        headers={[t("colVariable"), t("colLabel"), t("colType"), t("colValues"), t("colVersions")]}
        rows={c.variables.map((v) => [
          <code>{v.name}</code>,
          v.label,
          v.type,
          v.values,
          v.versions.join(", "),
        ])}
      />
    </Layout>
  );
}
