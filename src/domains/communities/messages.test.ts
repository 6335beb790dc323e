import { describe, expect, it } from "vitest";
import { communitiesCatalog, messageCatalogs } from "./messages";

describe("communities message catalogs", () => {
  it("no two page groups use the same key (one would silently hide the other)", () => {
    const keys = messageCatalogs.flatMap((catalog) => Object.keys(catalog.en));
    expect(keys.length).toBe(new Set(keys).size);
    expect(Object.keys(communitiesCatalog.en).sort()).toEqual([...keys].sort());
  });

  it("every English message has a Spanish one", () => {
    expect(Object.keys(communitiesCatalog.es).sort()).toEqual(Object.keys(communitiesCatalog.en).sort());
  });
});
