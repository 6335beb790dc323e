import type { FileKind } from "./content-type";

/** Longest name kept, in characters (the extension included): long enough to read, short enough for every file system. */
export const MAX_FILE_NAME_LENGTH = 120;

// Controls (C0, C1), format characters (bidirectional overrides such as U+202E that make
// "evil‮fdp.exe" read as "evilexe.pdf", zero-width joiners, the BOM) and line separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
// Characters no Windows file name may hold (and the path separators everywhere).
const RESERVED_CHARACTERS = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

const splitExtension = (name: string): [string, string] => {
  const dot = name.lastIndexOf(".");
  return dot > 0 && name.length - dot <= 6 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, ""];
};

const truncate = (text: string, length: number) => [...text].slice(0, Math.max(0, length)).join("");

/**
 * A file name safe to keep and to offer as a download name, still readable: the last part of any
 * path, without invisible or reserved characters, no leading dots, at most MAX_FILE_NAME_LENGTH
 * characters. When the content's kind is known, the extension is the kind's (a Word file named
 * "report.pdf" downloads as "report.docx").
 */
export function safeFileName(raw: string, kind?: FileKind | null): string {
  const lastPart = raw.split(/[/\\]/).pop() ?? "";
  const cleaned = lastPart
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(RESERVED_CHARACTERS, "_")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  let [stem, extension] = splitExtension(cleaned);
  if (kind && !kind.extensions.includes(extension.toLowerCase())) {
    // The old extension was not one of this kind's: it is part of the name (or was a lie).
    stem = extension && !/^[a-z0-9]{1,5}$/i.test(extension) ? cleaned : stem;
    extension = kind.extensions[0]!;
  }
  stem = stem.replace(/[\s.]+$/g, "") || "file";
  if (WINDOWS_DEVICE.test(stem)) stem = `_${stem}`;
  const suffix = extension ? `.${extension}` : "";
  return `${truncate(stem, MAX_FILE_NAME_LENGTH - [...suffix].length).trimEnd()}${suffix}`;
}

/** RFC 8187 (formerly 5987) percent-encoding of a UTF-8 value: only attr-chars stay as they are. */
const encodeExtValue = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The plain-ASCII stand-in older clients show: accents dropped, anything else non-ASCII as "_". */
const asciiFallback = (name: string) =>
  name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\%]/g, "_");

/**
 * A Content-Disposition header offering the file as a download under `name` (RFC 6266): a quoted
 * ASCII `filename` for old clients and the exact UTF-8 name in `filename*`.
 */
export function attachmentDisposition(name: string): string {
  const fallback = asciiFallback(name);
  return fallback === name
    ? `attachment; filename="${name}"`
    : `attachment; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
