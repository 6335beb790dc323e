import PDFDocument from "pdfkit";
import { stringify } from "csv-stringify/sync";
import type { Locale } from "../../../platform/i18n";
import { translator } from "../../../platform/i18n";
import type { Organisation } from "../../directory/service";
import { measuresCatalog } from "../messages";
import type { Report } from "./report-data";
import type { ResponseView } from "../responses/service";
import { formatDate, tx } from "../views/fields";
import { changeText, comparisonText, LEVEL_LABEL, reportHeading, scoreText } from "./views/report-page";

/** The report's table as CSV: the same figures as the page, hidden cells left empty. */
export function reportCsv(report: Report): string {
  const header = ["domain_key", "domain", "score", "band", "rated", "total", "change"];
  for (const level of report.levels) header.push(`${level}_mean`, `${level}_n`);
  const rows = report.rows.map((r) => {
    const row: (string | number)[] = [
      r.key,
      r.title.en,
      r.score ?? "",
      r.band ?? "",
      r.rated ?? "",
      r.total ?? "",
      r.change ?? "",
    ];
    for (const level of report.levels) {
      const cell = r.comparisons[level];
      if (cell && "mean" in cell) row.push(cell.mean, cell.n);
      else row.push("suppressed", "");
    }
    return row;
  });
  return stringify([header, ...rows]);
}

/** The report as a PDF document, streamed into a buffer. */
export function reportPdf(
  report: Report,
  organisation: Organisation,
  response: ResponseView,
  locale: Locale,
): Promise<Buffer> {
  const t = translator(measuresCatalog, locale);
  const doc = new PDFDocument({
    size: "LETTER",
    margin: 54,
    info: { Title: reportHeading(organisation, response, locale) },
    lang: locale,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  doc.fontSize(18).text(reportHeading(organisation, response, locale));
  doc
    .moveDown(0.5)
    .fontSize(11)
    .text(t("reportIntro", { date: formatDate(response.submittedAt, locale) }));
  doc.moveDown().fontSize(14).text(t("reportScoresHeading"));
  doc.fontSize(10);
  for (const r of report.rows) {
    doc.moveDown(0.4).font("Helvetica-Bold").text(tx(r.title, locale));
    const parts = [
      `${t("colScore")}: ${scoreText(r, locale)}`,
      `${t("colBand")}: ${r.bandLabel ? tx(r.bandLabel, locale) : "—"}`,
      `${t("colChange")}: ${changeText(r.change, locale)}`,
      ...report.levels.map((l) => `${t(LEVEL_LABEL[l])}: ${comparisonText(r.comparisons[l], locale)}`),
    ];
    doc.font("Helvetica").text(parts.join("   "));
  }
  doc.moveDown(0.5).fontSize(9).text(t("suppressedNote"));
  const list = (heading: string, items: Report["strengths"], empty: string) => {
    doc.moveDown().fontSize(14).text(heading).fontSize(10);
    if (items.length === 0) doc.text(empty);
    for (const i of items) doc.text(`• ${tx(i.prompt, locale)} (${t("ratedAs", { rating: i.rating })})`);
  };
  list(t("reportStrengthsHeading"), report.strengths, t("reportNoStrengths"));
  list(t("reportPrioritiesHeading"), report.priorities, t("reportNoPriorities"));
  doc.end();
  return done;
}
