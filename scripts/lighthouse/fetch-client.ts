import type { PageClient, PageResponse } from "./page-tour";

/** A PageClient over HTTP: a cookie jar, and the CSRF token of the last page it read. */
export class FetchClient implements PageClient {
  readonly cookies = new Map<string, string>();
  private csrfToken = "";

  constructor(readonly origin: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get(path: string): Promise<PageResponse> {
    return this.send(path, { method: "GET" });
  }

  postForm(path: string, fields: Record<string, string>): Promise<PageResponse> {
    const body = new URLSearchParams({ _csrf: this.csrfToken, ...fields });
    return this.send(path, {
      method: "POST",
      body: body.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  private async send(path: string, init: RequestInit): Promise<PageResponse> {
    const res = await fetch(this.origin + path, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    for (const setCookie of res.headers.getSetCookie()) this.remember(setCookie);
    const body = await res.text();
    const token = body.match(/name="_csrf" value="([^"]+)"/);
    if (token) this.csrfToken = token[1]!;
    return { status: res.status, body, location: res.headers.get("location") ?? undefined };
  }

  private remember(setCookie: string) {
    const [pair, ...attributes] = setCookie.split(";");
    const eq = pair!.indexOf("=");
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
    if (value === "" || expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
