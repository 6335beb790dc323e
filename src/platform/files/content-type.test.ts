import { describe, expect, it } from "vitest";
import { officeFile, pdfOf, pngOf, zipOf } from "../../../test/support/office-files";
import { ContentSniffer, sniffContent } from "./content-type";
import { attachmentDisposition, MAX_FILE_NAME_LENGTH, safeFileName } from "./file-name";
import { fileKind } from "./content-type";

/** The kind when the file arrives in pieces of `size` bytes (names cut between pieces included). */
function sniffInPieces(bytes: Buffer, size: number) {
  const sniffer = new ContentSniffer();
  for (let at = 0; at < bytes.length; at += size) sniffer.push(bytes.subarray(at, at + size));
  return sniffer.result()?.kind ?? null;
}

describe("telling a file's kind from its content", () => {
  it.each([
    ["pdf", pdfOf()],
    ["png", pngOf()],
    ["jpeg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46])],
    ["gif", Buffer.from("GIF89a\x01\x00\x01\x00", "latin1")],
    ["webp", Buffer.from("RIFF\x24\x00\x00\x00WEBPVP8 ", "latin1")],
    ["docx", officeFile.docx()],
    ["xlsx", officeFile.xlsx()],
    ["pptx", officeFile.pptx()],
    ["doc", officeFile.compound("WordDocument")],
    ["xls", officeFile.compound("Workbook")],
    ["ppt", officeFile.compound("PowerPoint Document")],
  ])("knows a %s whole and in pieces of 1, 7 and 100 bytes", (kind, bytes) => {
    expect(sniffContent(bytes)?.kind).toBe(kind);
    for (const size of [1, 7, 100]) expect(sniffInPieces(bytes, size)).toBe(kind);
  });

  it("refuses what is none of them, whatever it is called", () => {
    expect(sniffContent(Buffer.from("plain text that says it is a PDF"))).toBeNull();
    expect(sniffContent(Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"))).toBeNull();
    expect(sniffContent(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffContent(Buffer.alloc(0))).toBeNull();
    // A ZIP that is not an Office package, and one without its content types part.
    expect(sniffContent(zipOf({ "readme.txt": "hello" }))).toBeNull();
    expect(sniffContent(zipOf({ "word/document.xml": "<w:document/>" }))).toBeNull();
    expect(sniffContent(officeFile.compound("SomethingElse"))).toBeNull();
  });

  it("a Word package with a workbook inside is Word, and a PowerPoint file with one is PowerPoint", () => {
    const docxWithSheet = zipOf({
      "[Content_Types].xml": "<Types/>",
      "word/document.xml": "<w:document/>",
      "word/embeddings/sheet.xlsx": zipOf({
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": "<w/>",
      }).toString("latin1"),
    });
    expect(sniffContent(docxWithSheet)?.kind).toBe("docx");
    const pptWithSheet = Buffer.concat([
      officeFile.compound("PowerPoint Document"),
      Buffer.from("Workbook", "utf16le"),
    ]);
    expect(sniffContent(pptWithSheet)?.kind).toBe("ppt");
  });
});

describe("safe file names", () => {
  it("keeps only the last part of a path, never a leading dot", () => {
    expect(safeFileName("../x.pdf")).toBe("x.pdf");
    expect(safeFileName("..\\..\\windows\\system32\\x.pdf")).toBe("x.pdf");
    expect(safeFileName("/etc/passwd")).toBe("passwd");
    expect(safeFileName("...hidden.pdf")).toBe("hidden.pdf");
    expect(safeFileName("..")).toBe("file");
    expect(safeFileName("")).toBe("file");
  });

  it("drops control and bidirectional characters, replaces reserved ones, keeps accents readable", () => {
    // U+202E would show "evil\u202Efdp.exe" as "evilexe.pdf".
    expect(safeFileName("evil\u202Efdp.exe")).toBe("evilfdp.exe");
    expect(safeFileName("line\r\nbreak\u0000.pdf")).toBe("linebreak.pdf");
    expect(safeFileName('a<b>c:d"e|f?g*.pdf')).toBe("a_b_c_d_e_f_g_.pdf");
    expect(safeFileName("Guía de evaluación – niños.pdf")).toBe("Guía de evaluación – niños.pdf");
    expect(safeFileName("Gui\u0301a.pdf")).toBe("Guía.pdf");
    expect(safeFileName("CON.pdf")).toBe("_CON.pdf");
  });

  it("cuts a very long name to the limit and keeps its extension", () => {
    const name = safeFileName(`${"ñ".repeat(500)}.pdf`);
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith("ñ.pdf")).toBe(true);
  });

  it("gives the content's extension when the name says another kind", () => {
    expect(safeFileName("report.pdf", fileKind("docx"))).toBe("report.docx");
    expect(safeFileName("photo.JPEG", fileKind("jpeg"))).toBe("photo.JPEG");
    expect(safeFileName("Toolkit", fileKind("pdf"))).toBe("Toolkit.pdf");
  });

  it("offers an ASCII name and the exact UTF-8 name in Content-Disposition (RFC 6266)", () => {
    expect(attachmentDisposition("toolkit.pdf")).toBe('attachment; filename="toolkit.pdf"');
    expect(attachmentDisposition("Guía (2ª) niños's.pdf")).toBe(
      "attachment; filename=\"Guia (2_) ninos's.pdf\"; filename*=UTF-8''Gu%C3%ADa%20%282%C2%AA%29%20ni%C3%B1os%27s.pdf",
    );
  });
});
