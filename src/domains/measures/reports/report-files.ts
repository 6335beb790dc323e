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

/**
 * The report's table as CSV: the same figures as the page, hidden cells marked. Every row names
 * the school, its NCES id, the school year and time point so rows from many reports can be
 * stacked into one sheet.
 */
export function reportCsv(report: Report, organisation: Organisation, response: ResponseView): string {
  const identity = [organisation.name, organisation.ncesId ?? "", response.schoolYear, response.timePoint];
  const header = [
    "school",
    "nces_id",
    "school_year",
    "time_point",
    "domain_key",
    "domain",
    "score",
    "band",
    "rated",
    "total",
    "change",
    "change_since_last_year",
  ];
  for (const level of report.levels) header.push(`${level}_mean`, `${level}_n`);
  const rows = report.rows.map((r) => {
    const row: (string | number)[] = [
      ...identity,
      r.key,
      r.title.en,
      r.score ?? "",
      r.band ?? "",
      r.rated ?? "",
      r.total ?? "",
      r.change ?? "",
      r.changeSinceLastYear ?? "",
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

/**
 * The report as a tagged PDF, streamed into a buffer: headings, paragraphs, the scores table and
 * the lists are structure elements, and the chart is a figure with alt text, so a screen reader
 * reads it in order.
 */
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
    tagged: true,
    displayTitle: true,
    pdfVersion: "1.7",
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const root = doc.struct("Document");
  doc.addStructure(root);
  const block = (tag: string, draw: () => void) => root.add(doc.struct(tag, {}, [() => draw()]));

  block("H1", () => doc.fontSize(18).text(reportHeading(organisation, response, locale)));
  block("P", () =>
    doc
      .moveDown(0.5)
      .fontSize(11)
      .text(t("reportIntro", { date: formatDate(response.submittedAt, locale) })),
  );
  block("H2", () => doc.moveDown().fontSize(14).text(t("reportScoresHeading")));
  drawChart(doc, root, report, locale);
  drawTable(doc, root, report, locale);
  block("P", () => doc.moveDown(0.5).fontSize(9).text(t("suppressedNote")));

  block("H2", () => doc.moveDown().fontSize(14).text(t("reportStrengthsHeading")));
  doc.fontSize(10);
  if (report.strengths.length === 0) block("P", () => doc.text(t("reportNoStrengths")));
  else
    root.add(
      list(
        doc,
        report.strengths.map((i) => `${tx(i.prompt, locale)} (${t("ratedAs", { rating: i.rating })})`),
      ),
    );

  block("H2", () => doc.moveDown().fontSize(14).text(t("reportPrioritiesHeading")));
  if (report.priorityGroups.length === 0) block("P", () => doc.fontSize(10).text(t("reportNoPriorities")));
  for (const group of report.priorityGroups) {
    block("H3", () => doc.moveDown(0.5).fontSize(12).text(tx(group.title, locale)));
    doc.fontSize(10);
    root.add(
      list(
        doc,
        group.items.map((i) => `${tx(i.prompt, locale)} (${t("ratedAs", { rating: i.rating })})`),
      ),
    );
  }
  doc.end();
  return done;
}

type Doc = PDFKit.PDFDocument;
type StructElement = PDFKit.PDFStructureElement;

/** A bulleted list as L > LI > LBody, one item per line. */
function list(doc: Doc, lines: string[]): StructElement {
  const l = doc.struct("L");
  for (const line of lines)
    l.add(doc.struct("LI", {}, [doc.struct("LBody", {}, [() => doc.text(`• ${line}`)])]));
  return l;
}

/** The scores table: a header row and a row per domain, each cell its own structure element. */
function drawTable(doc: Doc, root: StructElement, report: Report, locale: Locale) {
  const t = translator(measuresCatalog, locale);
  const headers = [
    t("colDomain"),
    t("colScore"),
    t("colBand"),
    t("colChange"),
    t("colChangeYear"),
    ...report.levels.map((l) => t(LEVEL_LABEL[l])),
  ];
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const first = 130;
  const rest = (width - first) / (headers.length - 1);
  const colX = (i: number) => (i === 0 ? left : left + first + (i - 1) * rest);
  const colW = (i: number) => (i === 0 ? first : rest) - 4;
  const table = doc.struct("Table");
  root.add(table);
  const row = (cells: string[], header: boolean) => {
    doc.moveDown(0.4);
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
    const y = doc.y;
    let bottom = y;
    const tr = doc.struct("TR");
    table.add(tr);
    cells.forEach((text, i) => {
      const tag = header || i === 0 ? "TH" : "TD";
      tr.add(
        doc.struct(tag, {}, [
          () => {
            doc.font(header || i === 0 ? "Helvetica-Bold" : "Helvetica").fontSize(9);
            doc.text(text, colX(i), y, { width: colW(i) });
            bottom = Math.max(bottom, doc.y);
          },
        ]),
      );
    });
    doc.x = left;
    doc.y = bottom;
  };
  row(headers, true);
  for (const r of report.rows) {
    row(
      [
        tx(r.title, locale),
        scoreText(r, locale),
        r.bandLabel ? tx(r.bandLabel, locale) : "—",
        changeText(r.change, locale),
        changeText(r.changeSinceLastYear, locale),
        ...report.levels.map((l) => comparisonText(r.comparisons[l], locale)),
      ],
      false,
    );
  }
  doc.font("Helvetica");
  table.end();
}

/** The chart as vector bars on the 1–6 scale, a Figure whose alt text states every score. */
function drawChart(doc: Doc, root: StructElement, report: Report, locale: Locale) {
  const t = translator(measuresCatalog, locale);
  const alt = t("reportPdfChartAlt", {
    scores: report.rows.map((r) => `${tx(r.title, locale)} ${scoreText(r, locale)}`).join("; "),
  });
  const left = doc.page.margins.left + 150;
  const plot = doc.page.width - doc.page.margins.right - left - 30;
  const xOf = (v: number) => left + ((v - 1) / 5) * plot;
  const top = doc.y + 8;
  root.add(
    doc.struct("Figure", { alt }, [
      () => {
        report.rows.forEach((r, i) => {
          const y = top + i * 16;
          doc
            .fontSize(8)
            .fillColor("#1b1b1b")
            .text(tx(r.title, locale), doc.page.margins.left, y + 2, {
              width: 145,
              lineBreak: false,
              ellipsis: true,
            });
          if (r.score !== null) doc.rect(left, y, xOf(r.score) - left, 11).fill("#005ea2");
          doc
            .fillColor("#1b1b1b")
            .text(scoreText(r, locale), (r.score !== null ? xOf(r.score) : left) + 4, y + 2, {
              lineBreak: false,
            });
        });
        const axisY = top + report.rows.length * 16 + 2;
        for (let v = 1; v <= 6; v++) doc.fontSize(8).text(String(v), xOf(v) - 2, axisY, { lineBreak: false });
      },
    ]),
  );
  doc.x = doc.page.margins.left;
  doc.y = top + report.rows.length * 16 + 16;
}
