import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { officeFile, pdfOf } from "../../../../test/support/office-files";
import { queryRows } from "../../../platform/db/client";
import { buildUser } from "../../../seed/factories";
import { buildCommunity } from "../../communities/test-factories";
import { addMember } from "../../communities/membership/service";
import { buildLibraryResource } from "./test-factories";

/** A multipart/form-data body as a browser sends it: the file first, then the other fields. */
function multipartBody(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer; type?: string },
  csrf?: string,
) {
  const boundary = `----smhfiles${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s, "utf8"));
  if (csrf) text(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`);
  if (file) {
    text(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? "application/pdf"}\r\n\r\n`,
    );
    parts.push(file.content);
    text("\r\n");
  }
  for (const [k, v] of Object.entries(fields))
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  text(`--${boundary}--\r\n`);
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

async function counts(t: TestApp) {
  const [row] = await queryRows<{ blobs: number; files: number; audits: number }>(
    t.db,
    sql`select (select count(*)::int from stored_files) as blobs,
               (select count(*)::int from library_resource_files) as files,
               (select count(*)::int from audit_log where action like 'library.file.%') as audits`,
  );
  return row!;
}

describe.each(DATABASES)("library files on %s", (kind) => {
  let t: TestApp;
  let editor: TestClient;
  let member: TestClient;
  let outsider: TestClient;
  let resourceSlug: string;
  let privateSlug: string;

  /** Uploads through the editor's page as a browser does (CSRF token in the form's address). */
  async function upload(
    client: TestClient,
    slug: string,
    file: { name: string; content: Buffer } | undefined,
    fields: Record<string, string> = { language: "en" },
  ) {
    await client.get(`/library/${slug}/files`);
    const body = multipartBody(fields, file, client.csrfToken);
    return client.request({
      method: "POST",
      url: `/library/${slug}/files?_csrf=${encodeURIComponent(client.csrfToken)}`,
      ...body,
    });
  }

  beforeAll(async () => {
    t = await startTestApp(kind, { LIBRARY_MAX_FILE_MB: "1" });
    const admin = await buildUser(t.db, { systemRole: "admin" });
    editor = await signedInClient(t, admin.id);
    resourceSlug = (await buildLibraryResource(t.db, admin.id)).slug;
    // A practice group's community-only resource: its members read it, no one else.
    const community = await buildCommunity(t.db, { visibility: "public" });
    const lead = await buildUser(t.db);
    await addMember(t.db, community.id, lead.id, "lead");
    const memberUser = await buildUser(t.db);
    await addMember(t.db, community.id, memberUser.id, "member");
    member = await signedInClient(t, memberUser.id);
    outsider = await signedInClient(t, (await buildUser(t.db)).id);
    privateSlug = (
      await buildLibraryResource(t.db, lead.id, { communityId: community.id, communityOnly: true })
    ).slug;
    const leadClient = await signedInClient(t, lead.id);
    expect(
      (await upload(leadClient, privateSlug, { name: "members.pdf", content: pdfOf(500) })).statusCode,
    ).toBe(303);
  });
  afterAll(() => t?.close());

  it("refuses, with the message by the field and nothing kept: a text file renamed .pdf, an empty file, an oversized one, no file", async () => {
    const before = await counts(t);
    const cases: [{ name: string; content: Buffer } | undefined, string][] = [
      [
        { name: "report.pdf", content: Buffer.from("just some text, not a PDF at all") },
        "whatever its name says",
      ],
      [{ name: "empty.pdf", content: Buffer.alloc(0) }, "The file is empty"],
      [{ name: "big.pdf", content: pdfOf(1024 * 1024 + 10) }, "larger than 1 MB"],
      [undefined, "Choose a file to upload"],
    ];
    for (const [file, message] of cases) {
      const response = await upload(editor, resourceSlug, file, { language: "en", label: "Kept label" });
      expect(response.statusCode, message).toBe(400);
      expect(response.body).toContain('id="file-error"');
      expect(response.body).toContain(message);
      // The other input is kept.
      expect(response.body).toContain('value="Kept label"');
    }
    expect(await counts(t)).toEqual(before);
  });

  it("refuses a good file with a bad field, keeping nothing", async () => {
    const before = await counts(t);
    const response = await upload(
      editor,
      resourceSlug,
      { name: "ok.pdf", content: pdfOf(3000, 0x41) },
      { language: "fr" },
    );
    expect(response.statusCode).toBe(400);
    expect(await counts(t)).toEqual(before);
  });

  it("keeps odd names safe and readable, the type told from the content", async () => {
    const names: [string, Buffer, string][] = [
      ["../x.pdf", pdfOf(600, 0x31), "x.pdf"],
      ["Guía de evaluación (niños).pdf", pdfOf(600, 0x32), "Guía de evaluación (niños).pdf"],
      [`${"a".repeat(300)}.pdf`, pdfOf(600, 0x33), `${"a".repeat(116)}.pdf`],
      ["evil\u202Efdp.exe", pdfOf(600, 0x34), "evilfdp.pdf"],
      ["slides.pdf", officeFile.pptx(), "slides.pptx"],
    ];
    for (const [name, content, kept] of names) {
      expect((await upload(editor, resourceSlug, { name, content })).statusCode).toBe(303);
      const list = (await editor.get(`/api/v1/library/resources/${resourceSlug}/files`)).json().items as {
        fileName: string;
        contentType: string;
      }[];
      expect(list.at(-1)!.fileName).toBe(kept);
    }
    const files = (await editor.get(`/api/v1/library/resources/${resourceSlug}/files`)).json().items;
    expect(files.at(-1).contentType).toBe(
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    );
    const page = await editor.get(`/library/${resourceSlug}/files`);
    expect(page.body).toContain("Guía de evaluación (niños).pdf");
  });

  it("keeps the same bytes once, however many times and resources they are attached to", async () => {
    const bytes = pdfOf(4000, 0x5a);
    const before = await counts(t);
    expect((await upload(editor, resourceSlug, { name: "same.pdf", content: bytes })).statusCode).toBe(303);
    expect((await upload(editor, resourceSlug, { name: "same-again.pdf", content: bytes })).statusCode).toBe(
      303,
    );
    const after = await counts(t);
    expect(after.files).toBe(before.files + 2);
    expect(after.blobs).toBe(before.blobs + 1);
    // Removing one keeps the bytes the other still uses; removing both drops them.
    const files = (await editor.get(`/api/v1/library/resources/${resourceSlug}/files`)).json().items as {
      id: string;
      sha256: string;
    }[];
    const sha = createHash("sha256").update(bytes).digest("hex");
    const same = files.filter((f) => f.sha256 === sha);
    expect(same).toHaveLength(2);
    await editor.get(`/library/${resourceSlug}/files`);
    expect(
      (await editor.postForm(`/library/${resourceSlug}/files/${same[0]!.id}/remove`, {})).statusCode,
    ).toBe(303);
    expect((await counts(t)).blobs).toBe(after.blobs);
    expect(
      (await editor.json("DELETE", `/api/v1/library/resources/${resourceSlug}/files/${same[1]!.id}`))
        .statusCode,
    ).toBe(204);
    expect((await counts(t)).blobs).toBe(after.blobs - 1);
  });

  it("serves a download with its type, a safe name, a strong ETag (304) and byte ranges (206, suffix, 416)", async () => {
    const bytes = pdfOf(5000, 0x42);
    await upload(editor, resourceSlug, { name: "Guía niños.pdf", content: bytes });
    const files = (await editor.get(`/api/v1/library/resources/${resourceSlug}/files`)).json().items as {
      id: string;
      sha256: string;
    }[];
    const file = files.at(-1)!;
    const url = `/library/${resourceSlug}/files/${file.id}`;
    const whole = await t.app.inject({ method: "GET", url });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers["content-type"]).toBe("application/pdf");
    expect(whole.headers["content-disposition"]).toBe(
      "attachment; filename=\"Guia ninos.pdf\"; filename*=UTF-8''Gu%C3%ADa%20ni%C3%B1os.pdf",
    );
    const etag = `"${createHash("sha256").update(bytes).digest("hex")}"`;
    expect(whole.headers.etag).toBe(etag);
    expect(whole.headers["accept-ranges"]).toBe("bytes");
    expect(whole.rawPayload.equals(bytes)).toBe(true);
    // The resource's page lists it for readers, and its editors get the way to the files page.
    expect((await t.app.inject({ method: "GET", url: `/library/${resourceSlug}` })).body).toContain(
      `href="${url}"`,
    );
    expect((await editor.get(`/library/${resourceSlug}`)).body).toContain(
      `href="/library/${resourceSlug}/files"`,
    );

    const notModified = await t.app.inject({ method: "GET", url, headers: { "if-none-match": etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    // Another tag: the whole file again.
    expect(
      (await t.app.inject({ method: "GET", url, headers: { "if-none-match": '"other"' } })).statusCode,
    ).toBe(200);

    const first = await t.app.inject({ method: "GET", url, headers: { range: "bytes=0-99" } });
    expect(first.statusCode).toBe(206);
    expect(first.headers["content-range"]).toBe(`bytes 0-99/${bytes.length}`);
    expect(first.rawPayload.equals(bytes.subarray(0, 100))).toBe(true);

    const suffix = await t.app.inject({ method: "GET", url, headers: { range: "bytes=-7" } });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.rawPayload.toString()).toBe(bytes.subarray(-7).toString());

    const outside = await t.app.inject({ method: "GET", url, headers: { range: `bytes=${bytes.length}-` } });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers["content-range"]).toBe(`bytes */${bytes.length}`);

    // A range of a file that changed since (If-Range with another tag): the whole file.
    const stale = await t.app.inject({
      method: "GET",
      url,
      headers: { range: "bytes=0-9", "if-range": '"old"' },
    });
    expect(stale.statusCode).toBe(200);

    const api = await t.app.inject({
      method: "GET",
      url: `/api/v1/library/resources/${resourceSlug}/files/${file.id}`,
    });
    expect(api.statusCode).toBe(200);
    expect(api.rawPayload.equals(bytes)).toBe(true);
  });

  it("refuses a community-only resource's file to a non-member and to a visitor, serves it to a member", async () => {
    const files = (await member.get(`/api/v1/library/resources/${privateSlug}/files`)).json().items as {
      id: string;
    }[];
    expect(files).toHaveLength(1);
    const url = `/library/${privateSlug}/files/${files[0]!.id}`;
    const served = await member.get(url);
    expect(served.statusCode).toBe(200);
    expect(served.headers["cache-control"]).toBe("private, no-cache");
    expect((await outsider.get(url)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/library/resources/${privateSlug}/files`)).statusCode).toBe(404);
    const visitor = await t.app.inject({ method: "GET", url });
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toContain("/sign-in");
    expect(
      (
        await t.app.inject({
          method: "GET",
          url: `/api/v1/library/resources/${privateSlug}/files/${files[0]!.id}`,
        })
      ).statusCode,
    ).toBe(401);
    // A member reads but does not edit.
    expect((await member.get(`/library/${privateSlug}/files`)).statusCode).toBe(404);
  });

  it("moves files up and down, and puts them in a given order through the API", async () => {
    const slug = (await buildLibraryResource(t.db, (await buildUser(t.db, { systemRole: "admin" })).id)).slug;
    for (const [i, content] of [pdfOf(700, 0x61), pdfOf(700, 0x62), pdfOf(700, 0x63)].entries())
      await upload(editor, slug, { name: `part-${i + 1}.pdf`, content });
    const names = async () =>
      (await editor.get(`/api/v1/library/resources/${slug}/files`)).json().items as {
        id: string;
        fileName: string;
      }[];
    const [one, , three] = await names();
    await editor.get(`/library/${slug}/files`);
    expect(
      (await editor.postForm(`/library/${slug}/files/${three!.id}/move`, { direction: "up" })).statusCode,
    ).toBe(303);
    expect((await names()).map((f) => f.fileName)).toEqual(["part-1.pdf", "part-3.pdf", "part-2.pdf"]);
    expect(
      (await editor.postForm(`/library/${slug}/files/${one!.id}/move`, { direction: "sideways" })).statusCode,
    ).toBe(400);
    const reversed = (await names()).map((f) => f.id).reverse();
    const put = await editor.json("PUT", `/api/v1/library/resources/${slug}/files/order`, {
      fileIds: reversed,
    });
    expect(put.statusCode).toBe(200);
    expect((await names()).map((f) => f.fileName)).toEqual(["part-2.pdf", "part-3.pdf", "part-1.pdf"]);
    const partial = await editor.json("PUT", `/api/v1/library/resources/${slug}/files/order`, {
      fileIds: reversed.slice(1),
    });
    expect(partial.statusCode).toBe(400);
  });

  it("takes a raw upload through the API and refuses a wrong type there too", async () => {
    const ok = await editor.request({
      method: "POST",
      url: `/api/v1/library/resources/${resourceSlug}/files?fileName=${encodeURIComponent("Hoja de cálculo.xlsx")}&language=es`,
      payload: officeFile.xlsx(),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      fileName: "Hoja de cálculo.xlsx",
      language: "es",
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const before = await counts(t);
    const bad = await editor.request({
      method: "POST",
      url: `/api/v1/library/resources/${resourceSlug}/files?fileName=x.pdf&language=en`,
      payload: Buffer.from("MZ\x90\x00 an executable", "latin1"),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(bad.statusCode).toBe(400);
    expect(await counts(t)).toEqual(before);
  });
});
