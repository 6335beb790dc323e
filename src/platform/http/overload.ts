import underPressure, { type FastifyUnderPressureOptions } from "@fastify/under-pressure";
import { ASSETS_PREFIX } from "./assets";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config";
import { type Catalog, negotiateLocale, translator } from "../i18n";
import { isApiRequest, type Problem } from "./problem";
import { siteSecurityHeaders } from "./security-headers";

const busyCatalog: Catalog<{ title: string; heading: string; body: string; detail: string }> = {
  en: {
    title: "Busy — SMH Commons",
    heading: "The site is busy right now",
    body: "Too many people are using SMH Commons at this moment. Please try again in a few seconds; nothing you sent was saved.",
    detail: "The server is busy. Try again in {seconds} seconds.",
  },
  es: {
    title: "Ocupado — SMH Commons",
    heading: "El sitio está ocupado en este momento",
    body: "Demasiadas personas están usando SMH Commons ahora mismo. Vuelva a intentarlo en unos segundos; no se guardó nada de lo que envió.",
    detail: "El servidor está ocupado. Vuelva a intentarlo en {seconds} segundos.",
  },
};

/** Health checks keep answering under load, so a balancer does not take a busy server out. */
const ALWAYS_ANSWERED = new Set(["/healthz", "/readyz"]);

/**
 * Fingerprinted assets are files read once and sent precompressed: shedding them saves nothing,
 * and would leave a page that did get through without its stylesheet.
 */
function alwaysAnswered(url: string): boolean {
  return url.startsWith(ASSETS_PREFIX) || ALWAYS_ANSWERED.has(url.split("?")[0]!);
}

function languageCookie(header: string | undefined): string | undefined {
  return header?.match(/(?:^|;\s*)smh_lang=([^;]*)/)?.[1];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Load shedding. App and embedded database share one thread, so when requests arrive faster than
 * it can answer, each waits behind all the others and, past a point, nobody gets an answer in
 * time. Once the event loop lags more than OVERLOAD_MAX_EVENT_LOOP_DELAY_MS on average, new
 * requests get a short 503 with Retry-After at once (a small page in the reader's language, or
 * problem+json for the API) before any work is done for them. Registered before every other
 * plugin, so a shed request costs no cookie parsing, session lookup or body parsing.
 */
export async function registerOverloadShedding(app: FastifyInstance, config: Config) {
  if (config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS === 0) return;
  const retryAfter = config.OVERLOAD_RETRY_AFTER_SECONDS;
  const headers = siteSecurityHeaders(config.TRUST_PROXY);
  // Starting (migrations, demo data, compiling) blocks the loop before the server listens; the
  // first samples after that would shed a fresh server's first visitors. Shedding starts once
  // two samples have been taken with the app ready.
  const sampleInterval = config.overloadSampleIntervalMs ?? 1000;
  let sheddingFrom = Number.POSITIVE_INFINITY;
  app.addHook("onReady", async () => {
    sheddingFrom = Date.now() + 2 * sampleInterval;
  });
  // The embedded database lets the loop turn between statements, so its overload shows as
  // statements waiting behind each other rather than as a late loop: the same limit holds for both.
  const databaseLag = app.database.lagMs;
  await app.register(underPressure, {
    maxEventLoopDelay: config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
    sampleInterval,
    ...(databaseLag && {
      healthCheck: async () => databaseLag() <= config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      healthCheckInterval: sampleInterval,
    }),
    retryAfter,
    // under-pressure sends what the handler returns and lets the request through on undefined
    // (handlePressure in its index.js); its type declaration only allows void.
    pressureHandler: ((request: FastifyRequest, reply: FastifyReply): string | undefined => {
      if (Date.now() < sheddingFrom || alwaysAnswered(request.url)) return undefined;
      const locale = negotiateLocale(
        languageCookie(request.headers.cookie),
        request.headers["accept-language"],
      );
      const t = translator(busyCatalog, locale);
      reply
        .code(503)
        .headers(headers)
        .header("retry-after", String(retryAfter))
        .header("cache-control", "no-store");
      if (isApiRequest(request)) {
        const problem: Problem = {
          type: "about:blank",
          title: "Service Unavailable",
          status: 503,
          detail: t("detail", { seconds: retryAfter }),
          instance: request.url,
        };
        reply.type("application/problem+json");
        return JSON.stringify(problem);
      }
      reply.type("text/html; charset=utf-8");
      return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t("title"))}</title></head><body><main><h1>${escapeHtml(t("heading"))}</h1><p>${escapeHtml(t("body"))}</p></main></body></html>`;
    }) as unknown as FastifyUnderPressureOptions["pressureHandler"],
  });
}
