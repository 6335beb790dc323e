import { constants, crc32, deflateRawSync } from "node:zlib";

/*
 * A page shared by many viewers except for a few slots (the header with the viewer's name, the
 * CSRF token) is compressed once, not once per viewer. Each shared part is deflated on its own
 * and ended with a sync flush — byte-aligned, the stream left open, no reference back into other
 * parts — so the viewer's slots, deflated the same way on each request, can be put between them
 * and the whole closed with an empty final block. With the gzip header and trailer (CRC-32 and
 * length of the whole page) that is one ordinary gzip member: a first visit costs compressing a
 * header rather than a 100–200 KB page.
 */

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
/** An empty fixed-Huffman block with BFINAL set: ends the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

interface Part {
  raw: Buffer;
  deflated: Buffer;
}

const NOTHING = Buffer.alloc(0);

/** A part deflated and sync-flushed; an empty part adds nothing (and zlib is not asked to deflate it). */
const deflatePart = (raw: Buffer, level: number) =>
  raw.length === 0 ? NOTHING : deflateRawSync(raw, { level, finishFlush: constants.Z_SYNC_FLUSH });

/**
 * Parts are deflated apart, so nothing in one is found again in another: a page cut into many
 * small parts (a row of forms, each with its token) compresses badly and is better compressed whole.
 */
export const MAX_SLOTS = 16;

export class SplicedGzip {
  private constructor(
    /** The shared parts; between two consecutive ones comes the slot named in `slots` at the same index. */
    private readonly parts: Part[],
    private readonly slots: string[],
  ) {}

  /**
   * Splits `html` at every occurrence of the slot markers and deflates the shared parts (once);
   * null when the page has more than MAX_SLOTS slots.
   */
  static of(html: string, markers: readonly string[]): SplicedGzip | null {
    const escaped = markers.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pieces = html.split(new RegExp(`(${escaped.join("|")})`));
    if (pieces.length > 2 * MAX_SLOTS + 1) return null;
    const parts: Part[] = [];
    const slots: string[] = [];
    pieces.forEach((piece, i) => {
      if (i % 2 === 1) slots.push(piece);
      else {
        const raw = Buffer.from(piece);
        parts.push({ raw, deflated: deflatePart(raw, 6) });
      }
    });
    return new SplicedGzip(parts, slots);
  }

  /** The page with each slot filled, as one gzip member. */
  fill(values: Readonly<Record<string, string>>): Buffer {
    const out: Buffer[] = [GZIP_HEADER];
    let crc = 0;
    let length = 0;
    const add = (raw: Buffer, deflated: Buffer) => {
      if (raw.length === 0) return;
      out.push(deflated);
      crc = crc32(raw, crc);
      length += raw.length;
    };
    this.parts.forEach((part, i) => {
      add(part.raw, part.deflated);
      const slot = this.slots[i];
      if (slot === undefined) return;
      const raw = Buffer.from(values[slot] ?? slot);
      add(raw, deflatePart(raw, 4));
    });
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(length % 2 ** 32, 4);
    out.push(FINAL_BLOCK, trailer);
    return Buffer.concat(out);
  }
}
