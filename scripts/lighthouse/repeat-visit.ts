import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./audit";

export interface VisitBytes {
  /** Bytes fetched from the network (headers and encoded bodies), responses from cache excluded. */
  bytes: number;
  requests: number;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS.filter((f) => !f.startsWith("--headless")),
  });
}

/** Counts what one navigation fetches over the network, as Chromium itself reports it. */
async function networkBytesOf(context: BrowserContext, page: Page, url: string): Promise<VisitBytes> {
  const cdp = await context.newCDPSession(page);
  const fromCache = new Set<string>();
  let bytes = 0;
  let requests = 0;
  cdp.on("Network.requestServedFromCache", (e) => fromCache.add(e.requestId));
  cdp.on("Network.responseReceived", (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker)
      fromCache.add(e.requestId);
  });
  cdp.on("Network.loadingFinished", (e) => {
    if (fromCache.has(e.requestId)) return;
    bytes += e.encodedDataLength;
    requests += 1;
  });
  await cdp.send("Network.enable");
  await page.goto(url, { waitUntil: "networkidle" });
  await cdp.detach();
  return { bytes, requests };
}

/**
 * What a person's second visit to a page costs: one browser profile loads the page, leaves for
 * a blank page, then comes back by an ordinary navigation (not a reload, which would revalidate
 * everything). Lighthouse always starts cold, so this is measured here.
 */
export async function repeatVisit(
  browser: Browser,
  url: string,
  cookies: Map<string, string>,
): Promise<{ first: VisitBytes; repeat: VisitBytes }> {
  const context = await browser.newContext();
  try {
    const origin = new URL(url).origin;
    await context.addCookies([...cookies].map(([name, value]) => ({ name, value, url: origin })));
    const page = await context.newPage();
    const first = await networkBytesOf(context, page, url);
    await page.goto("about:blank");
    const repeat = await networkBytesOf(context, page, url);
    return { first, repeat };
  } finally {
    await context.close();
  }
}
