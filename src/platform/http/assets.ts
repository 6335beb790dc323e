import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { declareAccessOfPluginRoutes } from "./access";

/** Written by scripts/build-assets.ts (npm run build:assets, also run by npm install). */
const distDir = fileURLToPath(new URL("../../../dist/", import.meta.url));
const assetsDir = `${distDir}assets`;
const manifestPath = `${distDir}manifest.json`;

export const ASSETS_PREFIX = "/assets/";

interface AssetManifest {
  files: Record<string, string>;
}

let manifest: AssetManifest | undefined;

function loadManifest(): AssetManifest {
  if (manifest) return manifest;
  if (!existsSync(manifestPath)) {
    throw new Error(
      "The site's stylesheet and script are not built (dist/manifest.json is missing). Run `npm run build:assets` (npm install runs it too).",
    );
  }
  manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as AssetManifest;
  return manifest;
}

/**
 * The address of a built asset by its logical name ("site.css", "app.js", "usa-icons/close.svg"):
 * its file name holds its content hash, so browsers may keep it for a year.
 */
export function assetHref(name: string): string {
  const file = loadManifest().files[name];
  if (!file) throw new Error(`No asset named ${name} in dist/manifest.json: run \`npm run build:assets\`.`);
  return ASSETS_PREFIX + file;
}

/**
 * Serves dist/assets under /assets/. Every name there is fingerprinted, so every response may be
 * cached for a year without asking again (immutable); the gzip and brotli forms were made by the
 * build, so nothing is compressed per request.
 */
export async function registerAssets(app: FastifyInstance) {
  loadManifest(); // fail at start, with the message above, rather than on the first page
  await app.register(
    async (assets) => {
      declareAccessOfPluginRoutes(assets, "public");
      await assets.register(fastifyStatic, {
        root: assetsDir,
        prefix: "/",
        maxAge: "365d",
        immutable: true,
        preCompressed: true,
        index: false,
        // The name changes with the content, so there is nothing to revalidate.
        etag: false,
        lastModified: false,
      });
      // A missing file (an old name after a rebuild, a typo) is a short plain 404, not a page.
      assets.setNotFoundHandler((_request, reply) => {
        reply
          .code(404)
          .type("text/plain; charset=utf-8")
          .header("cache-control", "no-store")
          .send("Not found");
      });
    },
    { prefix: ASSETS_PREFIX.slice(0, -1) },
  );
}
