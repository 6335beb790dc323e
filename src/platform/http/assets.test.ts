import { readFileSync } from "node:fs";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classNamesInSource, keepUsedSelectors } from "../../../scripts/build-assets";
import { startTestApp, type TestApp } from "../../../test/support/app";
import { assetHref } from "./assets";

describe("the stylesheet keeps only what pages use", () => {
  const used = new Set(["usa-button", "usa-button--secondary", "tablet:grid-col-6", "margin-top-2"]);
  const isUsed = (name: string) => used.has(name);

  it("drops selectors that need a class no page names, and keeps the rest of their list", () => {
    const css = ".usa-button,.usa-button--big{color:red}.usa-tooltip{display:none}p{margin:0}";
    expect(keepUsedSelectors(css, isUsed)).toBe(".usa-button{color:red}p{margin:0}");
  });

  it("reads escaped class names and keeps media queries only with a rule left inside", () => {
    const css =
      "@media(min-width:40em){.tablet\\:grid-col-6{width:50%}.tablet\\:grid-col-4{width:33%}}@media print{.usa-tooltip{display:none}}";
    expect(keepUsedSelectors(css, isUsed)).toBe("@media(min-width:40em){.tablet\\:grid-col-6{width:50%}}");
  });

  it("does not require classes under :not(), and keeps attribute selectors, keyframes and font faces", () => {
    const css =
      '.usa-button:not(.usa-button--unstyled){padding:1rem}[class*="grid-col"]{position:relative}@keyframes slidein{from{opacity:0}to{opacity:1}}.usa-alert [class*=",x"]{color:red}';
    expect(keepUsedSelectors(css, isUsed)).toBe(
      '.usa-button:not(.usa-button--unstyled){padding:1rem}[class*="grid-col"]{position:relative}@keyframes slidein{from{opacity:0}to{opacity:1}}',
    );
  });

  it("finds class names in the source, including those built from a prefix at run time", () => {
    const found = classNamesInSource([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the string is page source that builds a class at run time
      'const alert = <div class={`usa-alert usa-alert--${kind}`}><p class="margin-top-2 tablet:grid-col-6" /></div>;',
    ]);
    expect(found.words.has("tablet:grid-col-6")).toBe(true);
    expect(found.words.has("margin-top-2")).toBe(true);
    expect(found.prefixes).toEqual(["usa-alert--"]);
  });
});

describe("built assets", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp("pglite");
  });
  afterAll(() => t?.close());

  it("are served under fingerprinted names, cached for a year, already compressed", async () => {
    const href = assetHref("site.css");
    expect(href).toMatch(/^\/assets\/site\.[0-9a-f]{10}\.css$/);
    const plain = await t.app.inject({ url: href });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(plain.headers["content-type"]).toContain("text/css");
    const br = await t.app.inject({ url: href, headers: { "accept-encoding": "br, gzip" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    // The whole stylesheet, compressed, is a small part of a 100 KB page budget.
    expect(br.rawPayload.length).toBeLessThan(20_000);
  });

  it("answers a name that is not built with a short 404, not a page", async () => {
    const res = await t.app.inject({ url: "/assets/site.0000000000.css" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("keep every USWDS rule the classes on a page call for", async () => {
    const pages = ["/", "/register", "/sign-in", "/practice-groups", "/directory", "/communities"];
    const onPages = new Set<string>();
    for (const url of pages) {
      const html = (await t.app.inject({ url })).body;
      for (const [, names] of html.matchAll(/class="([^"]*)"/g))
        for (const name of names!.split(/\s+/)) onPages.add(name);
    }
    // What the full USWDS stylesheet has for these pages, class by class, must be in ours too.
    const fullUswds = readFileSync(
      new URL("../../../node_modules/@uswds/uswds/dist/css/uswds.min.css", import.meta.url),
      "utf8",
    );
    const expected = keepUsedSelectors(fullUswds, (name) => onPages.has(name));
    const built = (await t.app.inject({ url: assetHref("site.css") })).body;
    const mentions = (css: string, name: string) =>
      new RegExp(`\\.${name.replace(/:/g, "\\\\:")}(?![\\w-])`).test(css);
    const missing = [...onPages].filter((name) => name && mentions(expected, name) && !mentions(built, name));
    expect(onPages.size).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it("are linked from the layout with no render-blocking script", async () => {
    const html = (await t.app.inject({ url: "/" })).body;
    expect(html).toContain(`<link rel="stylesheet" href="${assetHref("site.css")}"/>`);
    const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual([`<script src="${assetHref("app.js")}" defer>`]);
    expect(html).toMatch(/<meta name="description" content="[^"]{50,}"\/>/);
    for (const [img] of html.matchAll(/<img[^>]*>/g)) expect(img).toMatch(/width="\d+" height="\d+"/);
  });
});
