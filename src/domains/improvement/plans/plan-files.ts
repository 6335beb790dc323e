import { stringify } from "csv-stringify/sync";
import PDFDocument from "pdfkit";
import { type Locale, translator } from "../../../platform/i18n";
import { plansCatalog } from "./messages";
import { isOverdue } from "./service";
import type { ProjectView } from "./views/plan-pages";

/**
 * The action plan as CSV: one row per step, every row naming the team, the plan and its goal,
 * so the rows of several plans can be stacked into one sheet. Goals without steps get a row too.
 */
export function planCsv(view: ProjectView, locale: Locale): string {
  const t = translator(plansCatalog, locale);
  const header = ["team", "plan", "goal_number", "goal", "step", "owner", "due_on", "status", "overdue"];
  const rows: (string | number)[][] = [];
  view.goals.forEach((goal, i) => {
    const steps = view.steps.filter((s) => s.goalId === goal.id);
    if (steps.length === 0)
      rows.push([view.team.name, view.project.title, i + 1, goal.title, "", "", "", "", ""]);
    for (const s of steps)
      rows.push([
        view.team.name,
        view.project.title,
        i + 1,
        goal.title,
        s.title,
        s.ownerName ?? "",
        s.dueOn ?? "",
        t(`step_${s.status}`),
        isOverdue(s, view.today) ? "yes" : "no",
      ]);
  });
  return stringify([header, ...rows]);
}

type Doc = PDFKit.PDFDocument;
type StructElement = PDFKit.PDFStructureElement;

/**
 * The plan to print, as a tagged PDF (headings, paragraphs, lists and tables are structure
 * elements, in reading order): where it comes from, the aim, then each goal with its steps.
 */
export function planPdf(view: ProjectView, locale: Locale): Promise<Buffer> {
  const t = translator(plansCatalog, locale);
  const { project } = view;
  const title = t("pdfTitle", { title: project.title });
  const doc = new PDFDocument({
    size: "LETTER",
    margin: 54,
    info: { Title: title },
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

  block("H1", () => doc.fontSize(18).text(title));
  block("P", () =>
    doc
      .moveDown(0.5)
      .fontSize(10)
      .text(
        `${t("pdfGenerated", { team: view.team.name, date: view.today })} ${t("statusLabel")}: ${t(`status_${project.status}`)}.`,
      ),
  );
  if (view.domainTitle) block("P", () => doc.moveDown(0.5).text(`${t("colDomain")}: ${view.domainTitle}`));
  if (view.priorities.length > 0) {
    block("H2", () => doc.moveDown().fontSize(13).text(t("priorityHeading")));
    doc.fontSize(10);
    root.add(
      list(
        doc,
        view.priorities.map((p) => p.prompt),
      ),
    );
  }

  block("H2", () => doc.moveDown().fontSize(13).text(t("aimHeading")));
  doc.fontSize(10);
  const aim: [string, string | null][] = [
    [t("aimWhat"), project.aimWhat],
    [t("aimHowMuch"), project.aimHowMuch],
    [t("aimByWhen"), project.aimByWhen],
    [t("aimForWhom"), project.aimForWhom],
  ];
  root.add(
    list(
      doc,
      aim.map(([label, value]) => `${label}: ${value || "—"}`),
    ),
  );

  block("H2", () => doc.moveDown().fontSize(13).text(t("pdfGoals")));
  if (view.goals.length === 0) block("P", () => doc.fontSize(10).text(t("noGoals")));
  view.goals.forEach((goal, i) => {
    block("H3", () =>
      doc
        .moveDown(0.5)
        .fontSize(11)
        .text(t("goalHeading", { n: i + 1, title: goal.title })),
    );
    const steps = view.steps.filter((s) => s.goalId === goal.id);
    if (steps.length === 0) {
      block("P", () => doc.fontSize(10).text(t("noSteps")));
      return;
    }
    drawTable(
      doc,
      root,
      [t("colStep"), t("colOwner"), t("colDue"), t("colStepStatus")],
      steps.map((s) => [
        s.title,
        s.ownerName ?? t("noOwner"),
        `${s.dueOn ?? "—"}${isOverdue(s, view.today) ? ` (${t("overdue")})` : ""}`,
        t(`step_${s.status}`),
      ]),
    );
  });
  doc.end();
  return done;
}

/** A bulleted list as L > LI > LBody, one item per line. */
function list(doc: Doc, lines: string[]): StructElement {
  const l = doc.struct("L");
  for (const line of lines)
    l.add(doc.struct("LI", {}, [doc.struct("LBody", {}, [() => doc.text(`• ${line}`)])]));
  return l;
}

/** A table: a header row, then a row per step with its first cell as the row's header. */
function drawTable(doc: Doc, root: StructElement, headers: string[], rows: string[][]) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const widths = [0.46, 0.2, 0.17, 0.17].map((f) => f * width);
  const colX = (i: number) => left + widths.slice(0, i).reduce((a, b) => a + b, 0);
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
      const bold = header || i === 0;
      tr.add(
        doc.struct(bold ? "TH" : "TD", {}, [
          () => {
            doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
            doc.text(text, colX(i), y, { width: widths[i]! - 4 });
            bottom = Math.max(bottom, doc.y);
          },
        ]),
      );
    });
    doc.x = left;
    doc.y = bottom;
  };
  row(headers, true);
  for (const r of rows) row(r, false);
  doc.font("Helvetica");
  table.end();
}
