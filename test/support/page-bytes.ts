import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { TestClient } from "./app";
import type { PageClient } from "../../scripts/lighthouse/page-tour";

/** What every browser sends, and what decides how many bytes a response takes on the wire. */
export const BROWSER_ENCODINGS = { "accept-encoding": "gzip, deflate, br" };

export type AssetKind = "css" | "js" | "img" | "font" | "other";

export interface AssetReference {
  path: string;
  kind: AssetKind;
}

export interface FetchedAsset extends AssetReference {
  status: number;
  /** Body bytes as sent (compressed when the server compressed it). */
  bytes: number;
  cacheControl: string;
}

export interface PageWeight {
  /** Compressed HTML bytes as sent. */
  html: number;
  htmlEncoding: string;
  assets: FetchedAsset[];
}

function attribute(tag: string, name: string): string | undefined {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1]?.replaceAll("&amp;", "&");
}

function kindOfPreload(as: string | undefined): AssetKind {
  if (as === "style") return "css";
  if (as === "script") return "js";
  if (as === "image") return "img";
  if (as === "font") return "font";
  return "other";
}

/** Same-site path of a URL in the page (absolute URLs of another site are not ours to count). */
function sitePath(url: string): string | undefined {
  if (url.startsWith("data:")) return undefined;
  if (/^https?:\/\//.test(url) || url.startsWith("//")) {
    const parsed = new URL(url, "http://127.0.0.1");
    return parsed.pathname + parsed.search;
  }
  return url.startsWith("/") ? url : `/${url}`;
}

/**
 * Everything the HTML makes a browser fetch before it is done: stylesheets, preloads, scripts,
 * images and icons (fonts: see fontsOf).
 */
export function assetsOf(html: string): AssetReference[] {
  const found = new Map<string, AssetKind>();
  const add = (url: string | undefined, kind: AssetKind) => {
    const path = url && sitePath(url);
    if (path && !found.has(path)) found.set(path, kind);
  };
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = attribute(tag, "rel")?.toLowerCase().split(/\s+/) ?? [];
    const href = attribute(tag, "href");
    if (rel.includes("stylesheet")) add(href, "css");
    else if (rel.includes("modulepreload")) add(href, "js");
    else if (rel.includes("preload")) add(href, kindOfPreload(attribute(tag, "as")));
    else if (rel.includes("icon")) add(href, "img");
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) add(attribute(tag, "src"), "js");
  for (const [tag] of html.matchAll(/<img\b[^>]*>/g)) add(attribute(tag, "src"), "img");
  return [...found].map(([path, kind]) => ({ path, kind }));
}

/**
 * The font files a stylesheet declares (one per @font-face: its woff2 source, which every browser
 * we serve picks), as paths resolved against the stylesheet's own path. A browser fetches a face
 * only when text uses it, so this is an upper bound; a stylesheet built for the site declares
 * only the faces it uses, which makes the bound exact.
 */
export function fontsOf(css: string, cssPath: string): AssetReference[] {
  const fonts: AssetReference[] = [];
  for (const [face] of css.matchAll(/@font-face\s*\{[^}]*\}/g)) {
    const urls = [...face.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]!);
    const url = urls.find((u) => /\.woff2(\?|#|$)/.test(u)) ?? urls[0];
    const path = url && sitePath(new URL(url, `http://127.0.0.1${cssPath}`).href);
    if (path) fonts.push({ path, kind: "font" });
  }
  return fonts;
}

function decoded(body: Buffer, encoding: string): string {
  if (encoding === "br") return brotliDecompressSync(body).toString("utf8");
  if (encoding === "gzip") return gunzipSync(body).toString("utf8");
  if (encoding === "deflate") return inflateSync(body).toString("utf8");
  return body.toString("utf8");
}

/** Assets already fetched for an earlier page: they are the same for every page and person. */
export type AssetCache = Map<string, FetchedAsset & { fonts: AssetReference[] }>;

async function fetchAsset(client: TestClient, asset: AssetReference) {
  const res = await client.get(asset.path, BROWSER_ENCODINGS);
  const encoding = String(res.headers["content-encoding"] ?? "");
  const isCss = asset.kind === "css" && res.statusCode === 200;
  return {
    ...asset,
    status: res.statusCode,
    bytes: res.rawPayload.length,
    cacheControl: String(res.headers["cache-control"] ?? ""),
    fonts: isCss ? fontsOf(decoded(res.rawPayload, encoding), asset.path) : [],
  };
}

/** Fetches a page and everything it references, as a browser asking for compression would. */
export async function weighPage(
  client: TestClient,
  path: string,
  fetched: AssetCache = new Map(),
): Promise<PageWeight> {
  const page = await client.get(path, BROWSER_ENCODINGS);
  if (page.statusCode !== 200) throw new Error(`GET ${path} answered ${page.statusCode}`);
  const htmlEncoding = String(page.headers["content-encoding"] ?? "identity");
  const html = decoded(page.rawPayload, htmlEncoding);
  const queue = assetsOf(html);
  for (const [, css] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g))
    queue.push(...fontsOf(css!, path));
  const assets: FetchedAsset[] = [];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const asset = queue.shift()!;
    if (seen.has(asset.path)) continue;
    seen.add(asset.path);
    const known = fetched.get(asset.path) ?? (await fetchAsset(client, asset));
    fetched.set(asset.path, known);
    const { fonts, ...weighed } = known;
    assets.push(weighed);
    queue.push(...fonts);
  }
  return { html: page.rawPayload.length, htmlEncoding, assets };
}

/** A PageClient (scripts/lighthouse/page-tour.ts) over the in-process TestClient. */
export function tourClient(client: TestClient): PageClient {
  const wrap = (res: Awaited<ReturnType<TestClient["get"]>>) => ({
    status: res.statusCode,
    body: res.body,
    location: res.headers.location as string | undefined,
  });
  return {
    get: async (path) => wrap(await client.get(path)),
    postForm: async (path, fields) => wrap(await client.postForm(path, fields)),
  };
}
