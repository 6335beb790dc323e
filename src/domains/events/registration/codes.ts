import { randomInt } from "node:crypto";
import QRCode from "qrcode";

// The check-in code: short enough to read aloud and type on a phone at the door, carried by the
// personal QR code. Letters and digits that are easy to tell apart (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const CHECK_IN_CODE_LENGTH = 8;

export function newCheckInCode(): string {
  let code = "";
  for (let i = 0; i < CHECK_IN_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** What a person typed or a scanner read, as stored: spaces and dashes dropped, upper case. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]+/g, "").toUpperCase();
}

/** The code as shown: two groups of four, easier to read out ("ACDE-FGHJ"). */
export function displayCode(code: string): string {
  return code.length === CHECK_IN_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** The QR code of a check-in code as an SVG drawn on the server (no JavaScript, no image request). */
export async function checkInQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
