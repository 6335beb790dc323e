/**
 * Builds the site's front-end assets into dist/: one stylesheet compiled from USWDS's Sass
 * packages and ours, holding only the selectors whose classes some page names; the files of
 * src/platform/ui/assets (script, favicon); and the USWDS images the stylesheet and layout use. Every file is named by its content hash (served as
 * immutable), written beside its gzip and brotli forms, and listed in dist/manifest.json.
 *
 *   npm run build:assets          (also run by postinstall)
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import * as sass from "sass";

const root = fileURLToPath(new URL("..", import.meta.url));
const uswdsRoot = join(root, "node_modules/@uswds/uswds");
const stylesDir = join(root, "src/platform/ui/styles");
/**
 * Files served as they are (scripts, favicon) under their fingerprinted names: the platform's,
 * and any a domain keeps in its own assets/ folder (e.g. src/domains/measures/assets/).
 */
function servedAsIs(): string[] {
  const domains = join(root, "src/domains");
  const folders = [
    join(root, "src/platform/ui/assets"),
    ...readdirSync(domains).map((domain) => join(domains, domain, "assets")),
  ];
  return folders.filter((folder) => existsSync(folder)).flatMap((folder) => filesUnder(folder, () => true));
}
export const distDir = join(root, "dist");
export const assetsDir = join(distDir, "assets");
export const manifestPath = join(distDir, "manifest.json");
/** Sass output depends only on the .scss files and USWDS, and takes seconds to make: kept here. */
const sassCacheDir = join(root, "node_modules/.cache/smh-commons-assets");

/** Images the layout links directly (not through the stylesheet). */
const LAYOUT_IMAGES = ["usa-icons/close.svg"];

export interface AssetManifest {
  /** Hash of everything the build reads: when it changes, the assets are stale. */
  inputs: string;
  /** Logical name (e.g. "site.css") → file name under /assets/. */
  files: Record<string, string>;
}

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const isPageSource = (name: string) => /\.(tsx?|js)$/.test(name) && !/\.test\.tsx?$/.test(name);

/**
 * Every word that could be a class name in the site's source, and the prefixes of classes built
 * at run time (`usa-alert--${kind}`). A superset: keeping a selector no page uses costs bytes,
 * dropping one a page uses breaks the page.
 */
export function classNamesInSource(sources: string[]): { words: Set<string>; prefixes: string[] } {
  const words = new Set<string>();
  const prefixes = new Set<string>();
  for (const text of sources) {
    for (const [word] of text.matchAll(/[A-Za-z0-9_:-]+/g)) words.add(word);
    for (const [, prefix] of text.matchAll(/([A-Za-z0-9_:-]{4,}-)\$\{/g)) prefixes.add(prefix!);
  }
  return { words, prefixes: [...prefixes] };
}

/** Splits CSS at the top level into statements (`@charset …;`) and blocks (`prelude{body}`). */
function topLevelParts(css: string): { prelude: string; body: string | null }[] {
  const parts: { prelude: string; body: string | null }[] = [];
  let start = 0;
  let i = 0;
  while (i < css.length) {
    const c = css[i];
    if (c === '"' || c === "'") {
      i = css.indexOf(c, i + 1) + 1;
      if (i === 0) throw new Error("unterminated string in CSS");
      continue;
    }
    if (c === ";") {
      parts.push({ prelude: css.slice(start, i).trim(), body: null });
      start = ++i;
      continue;
    }
    if (c === "{") {
      const end = matchingBrace(css, i);
      parts.push({ prelude: css.slice(start, i).trim(), body: css.slice(i + 1, end) });
      start = i = end + 1;
      continue;
    }
    i++;
  }
  if (css.slice(start).trim())
    throw new Error(`CSS ends in the middle of a rule: ${css.slice(start, start + 80)}`);
  return parts;
}

function matchingBrace(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      i = css.indexOf(c, i + 1);
      if (i === -1) break;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  throw new Error("unbalanced braces in CSS");
}

/** Splits a selector list at its top-level commas (not those inside :is(…) or [attr="a,b"]). */
function selectorList(prelude: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < prelude.length; i++) {
    const c = prelude[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      out.push(prelude.slice(start, i));
      start = i + 1;
    }
  }
  out.push(prelude.slice(start));
  return out;
}

function unescapeCss(name: string): string {
  return name.replace(/\\([0-9a-fA-F]{1,6}\s?|.)/g, (_, escaped: string) =>
    /^[0-9a-fA-F]/.test(escaped) && escaped.trim().length > 1
      ? String.fromCodePoint(Number.parseInt(escaped.trim(), 16))
      : escaped,
  );
}

/** The classes a selector requires of an element; classes under :not(…) or :is(…) are not required. */
function requiredClasses(selector: string): string[] {
  const plain = selector
    .replace(/:(not|is|where|has)\((?:[^()]|\([^()]*\))*\)/g, "")
    .replace(/\[[^\]]*\]/g, "");
  return [...plain.matchAll(/\.((?:\\.|[A-Za-z0-9_-])+)/g)].map((m) => unescapeCss(m[1]!));
}

/** The CSS with every selector dropped that needs a class `isUsed` does not know. */
export function keepUsedSelectors(css: string, isUsed: (className: string) => boolean): string {
  let out = "";
  for (const { prelude, body } of topLevelParts(css.replace(/\/\*[\s\S]*?\*\//g, ""))) {
    if (body === null) {
      out += `${prelude};`;
    } else if (/^@(media|supports|layer|container)\b/.test(prelude)) {
      const inner = keepUsedSelectors(body, isUsed);
      if (inner) out += `${prelude}{${inner}}`;
    } else if (prelude.startsWith("@")) {
      out += `${prelude}{${body}}`; // @font-face, @keyframes: kept whole
    } else {
      const kept = selectorList(prelude).filter((s) => requiredClasses(s).every(isUsed));
      if (kept.length > 0) out += `${kept.join(",")}{${body}}`;
    }
  }
  return out;
}

const hashOf = (content: string | Buffer) => createHash("sha256").update(content).digest("hex");

/** The name a file is served under: its name with the first 10 hex digits of its content hash. */
function fingerprinted(name: string, content: string | Buffer): string {
  const ext = extname(name);
  return `${basename(name, ext)}.${hashOf(content).slice(0, 10)}${ext}`;
}

function writeAsset(name: string, content: string | Buffer): string {
  const file = fingerprinted(name, content);
  const path = join(assetsDir, file);
  writeFileSync(path, content);
  // Served as they are (@fastify/static preCompressed): nothing is compressed per request.
  writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(content, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }),
  );
  return file;
}

function sourceTexts(): string[] {
  return filesUnder(join(root, "src"), isPageSource).map((file) => readFileSync(file, "utf8"));
}

/** A hash of every input of the build, so a stale dist/ can be told from a current one. */
export function assetInputsHash(): string {
  const inputs = [
    readFileSync(join(uswdsRoot, "package.json"), "utf8"),
    readFileSync(fileURLToPath(import.meta.url), "utf8"),
    ...filesUnder(stylesDir, () => true).map((file) => readFileSync(file, "utf8")),
    ...servedAsIs().map((file) => readFileSync(file, "utf8")),
    ...sourceTexts(),
  ];
  return hashOf(inputs.join("\0"));
}

export function readAssetManifest(): AssetManifest | null {
  try {
    return JSON.parse(readFileSync(manifestPath, "utf8")) as AssetManifest;
  } catch {
    return null;
  }
}

function stylesheetInputsHash(): string {
  const inputs = [
    readFileSync(join(uswdsRoot, "package.json"), "utf8"),
    ...filesUnder(stylesDir, () => true).map((file) => readFileSync(file, "utf8")),
  ];
  return hashOf(inputs.join("\0"));
}

/** USWDS and our styles compiled, before unused selectors are dropped; reused while the .scss files stay the same. */
function compileStylesheet(): string {
  const cached = join(sassCacheDir, `site.${stylesheetInputsHash()}.css`);
  if (existsSync(cached)) return readFileSync(cached, "utf8");
  const { css } = sass.compile(join(stylesDir, "site.scss"), {
    loadPaths: [join(uswdsRoot, "packages"), stylesDir],
    style: "compressed",
    quietDeps: true,
  });
  rmSync(sassCacheDir, { recursive: true, force: true });
  mkdirSync(sassCacheDir, { recursive: true });
  writeFileSync(cached, css);
  return css;
}

/** Copies each USWDS image the stylesheet names under its fingerprinted name, and points the CSS at it. */
function withFingerprintedImages(css: string, files: Record<string, string>): string {
  return css.replace(/url\((["']?)img\/([^"')]+)\1\)/g, (_, _quote: string, path: string) => {
    files[path] ??= writeAsset(basename(path), readFileSync(join(uswdsRoot, "dist/img", path)));
    return `url(${files[path]})`;
  });
}

/** Logical name (the file's name, unique across folders) → fingerprinted name. */
function servedAsIsFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of servedAsIs()) {
    const name = basename(path);
    if (files[name]) throw new Error(`Two assets are named ${name}: rename one (${path}).`);
    files[name] = writeAsset(name, readFileSync(path));
  }
  return files;
}

/**
 * Files of the previous build stay until the next one: a page rendered before a rebuild (or by
 * an app server still running the old manifest) still finds the assets it names.
 */
function pruneAssets(keep: AssetManifest[]) {
  const wanted = new Set(
    keep.flatMap((m) => Object.values(m.files)).flatMap((f) => [f, `${f}.gz`, `${f}.br`]),
  );
  for (const file of readdirSync(assetsDir)) {
    if (!wanted.has(file)) rmSync(join(assetsDir, file), { force: true });
  }
}

export function buildAssets(): AssetManifest {
  const inputs = assetInputsHash();
  const previous = readAssetManifest();
  mkdirSync(assetsDir, { recursive: true });
  const { words, prefixes } = classNamesInSource(sourceTexts());
  // `usa-button--${variant}` calls for usa-button--secondary only if "secondary" is written somewhere.
  const isUsed = (name: string) =>
    words.has(name) || prefixes.some((p) => name.startsWith(p) && words.has(name.slice(p.length)));
  const images: Record<string, string> = {};
  const css = withFingerprintedImages(keepUsedSelectors(compileStylesheet(), isUsed), images);
  for (const path of LAYOUT_IMAGES) {
    images[path] ??= writeAsset(basename(path), readFileSync(join(uswdsRoot, "dist/img", path)));
  }
  const manifest: AssetManifest = {
    inputs,
    files: {
      "site.css": writeAsset("site.css", css),
      ...servedAsIsFiles(),
      ...images,
    },
  };
  // Written whole, then renamed into place, so a reader never sees half a manifest.
  const partial = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(partial, manifestPath);
  pruneAssets(previous ? [previous, manifest] : [manifest]);
  return manifest;
}

/** Builds the assets unless dist/ already holds a build of the current inputs. */
export function ensureAssets(): AssetManifest {
  const current = readAssetManifest();
  return current?.inputs === assetInputsHash() ? current : buildAssets();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now();
  const manifest = buildAssets();
  const sizes = Object.values(manifest.files).map((file) => {
    const raw = readFileSync(join(assetsDir, file)).length;
    const br = readFileSync(join(assetsDir, `${file}.br`)).length;
    return `  ${file}: ${(raw / 1024).toFixed(1)} KB, ${(br / 1024).toFixed(1)} KB brotli`;
  });
  console.log(`Built assets in ${Date.now() - started} ms into dist/assets:\n${sizes.join("\n")}`);
}
