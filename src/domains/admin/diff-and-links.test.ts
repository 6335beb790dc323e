import { describe, expect, it } from "vitest";
import { auditChanges } from "../../platform/audit";
import { auditCsvRow, spreadsheetSafe } from "./presenters";
import { linksIn } from "./service";

describe("auditChanges", () => {
  it("lists only the keys that changed, added or removed, sorted", () => {
    expect(
      auditChanges(
        { name: "A", city: "Towson", tags: ["x"] },
        { name: "B", city: "Towson", tags: ["x", "y"], zip: "21204" },
      ),
    ).toEqual([
      { key: "name", before: "A", after: "B" },
      { key: "tags", before: ["x"], after: ["x", "y"] },
      { key: "zip", before: undefined, after: "21204" },
    ]);
  });

  it("treats a missing snapshot as empty and a plain value as one field", () => {
    expect(auditChanges(null, { role: "lead" })).toEqual([{ key: "role", before: undefined, after: "lead" }]);
    expect(auditChanges("draft", "submitted")).toEqual([
      { key: "value", before: "draft", after: "submitted" },
    ]);
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe("linksIn", () => {
  it("finds each web address once, without trailing punctuation", () => {
    const text =
      "Verify: https://smh.example/verify?token=abc.\nOr (https://smh.example/help), again https://smh.example/verify?token=abc";
    expect(linksIn(text)).toEqual(["https://smh.example/verify?token=abc", "https://smh.example/help"]);
    expect(linksIn("No links, just mailto:someone@example.org")).toEqual([]);
  });
});

describe("audit CSV cells", () => {
  it("keeps spreadsheet formulas from running", () => {
    expect(spreadsheetSafe('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(spreadsheetSafe("user.update")).toBe("user.update");
    const row = auditCsvRow({
      id: 7,
      at: new Date("2026-01-02T03:04:05Z"),
      actorId: null,
      actorEmail: null,
      actorName: null,
      action: "user.update",
      entityType: "user",
      entityId: "@evil",
      scopeId: null,
      before: { systemRole: "user" },
      after: null,
    });
    expect(row).toMatchObject({
      at: "2026-01-02T03:04:05.000Z",
      entity_id: "'@evil",
      before: '{"systemRole":"user"}',
      after: "",
    });
  });
});
