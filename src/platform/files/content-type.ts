/**
 * What a file is, told from its bytes rather than its name: the few kinds a library takes (PDF,
 * Word, Excel, PowerPoint, images). A table of signatures rather than the `file-type` package:
 * its current release needs Node 22, and no release tells a legacy .doc from a .xls or .ppt
 * (all three are one "compound file" to it). See docs/decisions/015-library-files-content-addressed.md.
 */
export interface FileKind {
  /** A short name: "pdf", "docx", "png"… */
  kind: string;
  contentType: string;
  /** Extensions a download name of this kind may end with; the first is the one given. */
  extensions: string[];
}

const KINDS = {
  pdf: { contentType: "application/pdf", extensions: ["pdf"] },
  png: { contentType: "image/png", extensions: ["png"] },
  jpeg: { contentType: "image/jpeg", extensions: ["jpg", "jpeg"] },
  gif: { contentType: "image/gif", extensions: ["gif"] },
  webp: { contentType: "image/webp", extensions: ["webp"] },
  docx: {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: ["docx"],
  },
  xlsx: {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: ["xlsx"],
  },
  pptx: {
    contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    extensions: ["pptx"],
  },
  doc: { contentType: "application/msword", extensions: ["doc"] },
  xls: { contentType: "application/vnd.ms-excel", extensions: ["xls"] },
  ppt: { contentType: "application/vnd.ms-powerpoint", extensions: ["ppt"] },
} satisfies Record<string, Omit<FileKind, "kind">>;

export type FileKindName = keyof typeof KINDS;

export const fileKind = (kind: FileKindName): FileKind => ({ kind, ...KINDS[kind] });

/** Content types a stored file may be served with: only those this module tells from content. */
export const KNOWN_CONTENT_TYPES: ReadonlySet<string> = new Set(
  Object.values(KINDS).map((k) => k.contentType),
);

const ascii = (text: string) => Buffer.from(text, "latin1");
const utf16 = (text: string) => Buffer.from(text, "utf16le");

const startsWith = (head: Buffer, bytes: Buffer | number[], at = 0) =>
  bytes.length + at <= head.length && [...bytes].every((b, i) => head[at + i] === b);

const ZIP_LOCAL = ascii("PK\x03\x04");
const ZIP_CENTRAL = ascii("PK\x01\x02");
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * An Office Open XML package is a ZIP whose main part names the application: the first of these
 * names met in the stream decides (a Word file with a spreadsheet embedded names word/ first).
 */
const OOXML_MAIN_PARTS: [string, FileKindName][] = [
  ["word/document.xml", "docx"],
  ["xl/workbook.xml", "xlsx"],
  ["ppt/presentation.xml", "pptx"],
];
const CONTENT_TYPES_PART = "[Content_Types].xml";

/**
 * A legacy Office file is a compound file whose directory names its main stream in UTF-16; Word's
 * and PowerPoint's come first because their files may embed a workbook.
 */
const COMPOUND_STREAMS: [Buffer, FileKindName][] = [
  [utf16("WordDocument"), "doc"],
  [utf16("PowerPoint Document"), "ppt"],
  [utf16("Workbook"), "xls"],
];

/** Header bytes kept from one piece to the next so a name cut between pieces is still read. */
const OVERLAP = 46 + 64;

/**
 * Reads a file as it streams past (whatever the size of the pieces) and says at the end what it
 * is, or null when it is none of the kinds taken. Memory: the first bytes and a small overlap.
 */
export class ContentSniffer {
  private head = Buffer.alloc(0);
  private carry = Buffer.alloc(0);
  private container: "zip" | "compound" | null | undefined;
  private zipNames = new Set<string>();
  private ooxml: FileKindName | null = null;
  private compoundFound = new Set<FileKindName>();

  push(piece: Buffer): void {
    if (this.head.length < 16)
      this.head = Buffer.concat([this.head, piece.subarray(0, 16 - this.head.length)]);
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, piece]) : piece;
    if (this.container === undefined) {
      if (this.head.length < 8) {
        this.carry = Buffer.from(buf);
        return;
      }
      this.container = this.containerOf(this.head);
    }
    if (!this.container) {
      this.carry = Buffer.alloc(0);
      return;
    }
    this.scan(buf, Math.max(0, buf.length - OVERLAP));
    this.carry = Buffer.from(buf.subarray(Math.max(0, buf.length - OVERLAP)));
  }

  /** The kind, once every piece has been pushed. */
  result(): FileKind | null {
    if (this.container === undefined) this.container = this.containerOf(this.head);
    if (this.container) this.scan(this.carry, this.carry.length);
    const head = this.head;
    if (startsWith(head, ascii("%PDF-"))) return fileKind("pdf");
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return fileKind("png");
    if (startsWith(head, [0xff, 0xd8, 0xff])) return fileKind("jpeg");
    if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return fileKind("gif");
    if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return fileKind("webp");
    if (this.container === "zip")
      return this.ooxml && this.zipNames.has(CONTENT_TYPES_PART) ? fileKind(this.ooxml) : null;
    if (this.container === "compound") {
      const found = COMPOUND_STREAMS.find(([, kind]) => this.compoundFound.has(kind));
      return found ? fileKind(found[1]) : null;
    }
    return null;
  }

  private containerOf(head: Buffer) {
    if (startsWith(head, ZIP_LOCAL)) return "zip" as const;
    if (startsWith(head, COMPOUND_FILE)) return "compound" as const;
    return null;
  }

  /** Looks for names starting before `until` in `buf` (later ones are read with the next piece). */
  private scan(buf: Buffer, until: number) {
    if (this.container === "zip") {
      this.scanZipNames(buf, until, ZIP_LOCAL, 26, 30);
      this.scanZipNames(buf, until, ZIP_CENTRAL, 28, 46);
    } else {
      for (const [name, kind] of COMPOUND_STREAMS) if (buf.includes(name)) this.compoundFound.add(kind);
    }
  }

  private scanZipNames(buf: Buffer, until: number, signature: Buffer, lengthAt: number, nameAt: number) {
    for (let at = buf.indexOf(signature); at >= 0 && at < until; at = buf.indexOf(signature, at + 1)) {
      if (at + nameAt > buf.length) break;
      const length = buf.readUInt16LE(at + lengthAt);
      const name = buf.toString(
        "latin1",
        at + nameAt,
        Math.min(buf.length, at + nameAt + Math.min(length, 64)),
      );
      this.zipNames.add(name);
      const main = OOXML_MAIN_PARTS.find(([part]) => name === part);
      if (main && !this.ooxml) this.ooxml = main[1];
    }
  }
}

/** The kind of a whole buffer (tests, small files). */
export function sniffContent(bytes: Buffer): FileKind | null {
  const sniffer = new ContentSniffer();
  sniffer.push(bytes);
  return sniffer.result();
}

/** The kind a content type (as this module gives it) stands for, or null. */
export function kindOfContentType(contentType: string): FileKind | null {
  const entry = Object.entries(KINDS).find(([, k]) => k.contentType === contentType);
  return entry ? fileKind(entry[0] as FileKindName) : null;
}
