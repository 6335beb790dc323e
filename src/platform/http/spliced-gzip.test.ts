import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { SplicedGzip } from "./spliced-gzip";

const HEADER = '<template id="x-shell"></template>';
const TOKEN = "csrf-slot-1";

describe("a shared page compressed once, its viewer's slots filled per request", () => {
  const page = (n: number) =>
    `<!doctype html><html><body>${HEADER}<main>${Array.from({ length: n }, (_, i) => `<p>Row ${i}: ñandú ✓ ${i % 100 === 0 ? `<form><input name="_csrf" value="${TOKEN}"></form>` : ""}</p>`).join("")}</main></body></html>`;

  it("gives a gzip stream that decompresses to the page with every slot filled", () => {
    const html = page(500);
    const spliced = SplicedGzip.of(html, [HEADER, TOKEN])!;
    const values = { [HEADER]: "<header>Señora Ana Pérez — 🙂</header>", [TOKEN]: "tok$&en-1" };
    const expected = html.replace(HEADER, () => values[HEADER]).replaceAll(TOKEN, () => values[TOKEN]);
    const gz = spliced.fill(values);
    expect(gunzipSync(gz).toString()).toBe(expected);
    // Compressed like a page is, not stored: the shared rows deflate well.
    expect(gz.length).toBeLessThan(Buffer.byteLength(expected) / 5);
    // Another viewer gets their own slots from the same shared parts.
    const other = { [HEADER]: "<header>Bo</header>", [TOKEN]: "t2" };
    expect(gunzipSync(spliced.fill(other)).toString()).toBe(
      html.replace(HEADER, other[HEADER]).replaceAll(TOKEN, other[TOKEN]),
    );
  });

  it("declines a page cut into more parts than compress well apart", () => {
    expect(SplicedGzip.of(TOKEN.repeat(16), [TOKEN])).not.toBeNull();
    expect(SplicedGzip.of(TOKEN.repeat(17), [TOKEN])).toBeNull();
  });

  it("copes with slots at the very start and end, next to each other, and a page without any", () => {
    for (const html of [`${HEADER}a${TOKEN}${TOKEN}b${TOKEN}`, "no slots here", "", `${TOKEN}`]) {
      const spliced = SplicedGzip.of(html, [HEADER, TOKEN])!;
      const filled = html.replace(HEADER, "H").replaceAll(TOKEN, "T");
      expect(gunzipSync(spliced.fill({ [HEADER]: "H", [TOKEN]: "T" })).toString()).toBe(filled);
    }
  });
});
