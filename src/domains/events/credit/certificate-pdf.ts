import PDFDocument from "pdfkit";
import { formatHours } from "./hours";
import type { Certificate } from "./service";

/*
 * The certificate as a one-page tagged PDF, drawn from the fields kept on its row (so what was
 * issued is what prints, whenever it is downloaded). In English: boards read the certificate in
 * the language the activity was approved in; the title is printed exactly as approved.
 */

const FORMATS: Record<Certificate["format"], string> = {
  in_person: "In person",
  online: "Live online",
  in_person_and_online: "In person and live online",
};

const dates = (c: Pick<Certificate, "startsOn" | "endsOn">) =>
  c.startsOn === c.endsOn ? c.startsOn : `${c.startsOn} to ${c.endsOn}`;

export function certificatePdf(c: Certificate, verifyUrl: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "LETTER",
    layout: "landscape",
    margin: 54,
    info: { Title: `Certificate of attendance: ${c.activityTitle}` },
    lang: "en",
    tagged: true,
    displayTitle: true,
    pdfVersion: "1.7",
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const root = doc.struct("Document");
  doc.addStructure(root);
  const block = (tag: string, draw: () => void) => root.add(doc.struct(tag, {}, [() => draw()]));
  const line = (text: string, size = 12, gap = 0.4) =>
    block("P", () => doc.moveDown(gap).fontSize(size).text(text, { align: "center" }));

  if (c.replacesId) line("REISSUED — this certificate replaces an earlier one (duplicate)", 11, 0);
  block("H1", () => doc.moveDown(0.5).fontSize(26).text("Certificate of Attendance", { align: "center" }));
  line("This certifies that", 12, 1);
  block("H2", () => doc.moveDown(0.4).fontSize(22).text(c.attendeeName, { align: "center" }));
  if (c.licenceNumber) line(`Licence number: ${c.licenceNumber}`, 11);
  line("attended the continuing-education activity", 12, 0.8);
  block("H2", () => doc.moveDown(0.4).fontSize(16).text(c.activityTitle, { align: "center" }));
  line(`Date(s): ${dates(c)}`, 12, 0.8);
  line(`Format: ${FORMATS[c.format]}${c.location ? ` — ${c.location}` : ""}`);
  line(`${c.creditLabel}: ${formatHours(Number(c.hours))} credit hours`, 14, 0.8);
  line(`Provider: ${c.providerName}`, 11, 0.8);
  line(c.approvalStatement, 10);
  line(`Verification code: ${c.code} — verify at ${verifyUrl}`, 10, 1.2);
  line(`Issued ${c.issuedAt.toISOString().slice(0, 10)}`, 9);
  doc.end();
  return done;
}
