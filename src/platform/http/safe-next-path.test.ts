import { describe, expect, it } from "vitest";
import { safeNextPath } from "./web";

// Values a hostile link could carry in ?next=; every one must fall back to the home page.
const HOSTILE = [
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/%09/evil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%255Cevil.example",
  "/%250A/x",
  "/\r\nSet-Cookie:x=1",
  "/%0d%0aSet-Cookie:x=1",
  "/\u0000",
  "/%00",
  "https://evil.example",
  "javascript:alert(1)",
  " /account",
  "/caf\u00e9",
  "/%E0%A4%A",
  `/${"a".repeat(5000)}`,
  "",
];

describe("safeNextPath", () => {
  it.each(HOSTILE)("refuses %j", (value) => {
    expect(safeNextPath(value)).toBe("/");
  });

  it.each(["/", "/account", "/communities/x/topics/1?page=2#post-3", "/search?q=caf%C3%A9", "/a%20b"])(
    "keeps the same-site path %j",
    (value) => {
      expect(safeNextPath(value)).toBe(value);
    },
  );

  it("refuses anything that is not text", () => {
    expect(safeNextPath(["/account"])).toBe("/");
    expect(safeNextPath(undefined, "/account")).toBe("/account");
  });
});
