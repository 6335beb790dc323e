import { describe, expect, it } from "vitest";
import { ChangeFeed } from "../db/change-feed";
import { PersonalCaches } from ".";

function setup(options = { maxEntries: 3, ttlMs: 60_000 }) {
  const feed = new ChangeFeed();
  const caches = new PersonalCaches(feed);
  return { feed, caches, cache: caches.create<string>(options) };
}

const loaded =
  (value: string, person = "p1") =>
  async () => ({ value, person });

describe("per-person cache", () => {
  it("keeps a loaded value and drops it when its person's change is announced", async () => {
    const { feed, cache } = setup();
    expect(await cache.load("a", loaded("first"))).toBe("first");
    expect(await cache.load("a", loaded("second"))).toBe("first");
    feed.publish("someone-else");
    expect(cache.get("a")).toBe("first");
    feed.publish("p1");
    expect(cache.get("a")).toBeUndefined();
    expect(await cache.load("a", loaded("second"))).toBe("second");
  });

  it("forgets everyone on '*' and when notices may have been lost", async () => {
    const { feed, cache } = setup();
    await cache.load("a", loaded("x", "p1"));
    await cache.load("b", loaded("y", "p2"));
    feed.publish("*");
    expect(cache.size).toBe(0);
    await cache.load("a", loaded("x", "p1"));
    feed.gap();
    expect(cache.size).toBe(0);
  });

  it("does not keep a value whose load overlapped an announcement", async () => {
    const { feed, cache } = setup();
    let finish!: () => void;
    const slow = cache.load(
      "a",
      () => new Promise((r) => (finish = () => r({ value: "read before commit", person: "p1" }))),
    );
    feed.publish("p1");
    finish();
    expect(await slow).toBe("read before commit");
    expect(cache.get("a")).toBeUndefined();
  });

  it("does not hand a load begun before an announcement to callers after it", async () => {
    const { feed, cache } = setup();
    let finish!: () => void;
    const first = cache.load(
      "a",
      () => new Promise((r) => (finish = () => r({ value: "old", person: "p1" }))),
    );
    expect(cache.load("a", loaded("never used"))).toBe(first);
    feed.publish("p1");
    const second = cache.load("a", loaded("new"));
    finish();
    expect(await first).toBe("old");
    expect(await second).toBe("new");
  });

  it("keeps values computed outside load only if nothing was announced since the mark", () => {
    const { feed, cache } = setup();
    const mark = cache.mark();
    feed.publish("p9");
    cache.keep("a", "p1", "stale", mark);
    expect(cache.get("a")).toBeUndefined();
    cache.keep("a", "p1", "fresh", cache.mark());
    expect(cache.get("a")).toBe("fresh");
  });

  it("holds at most maxEntries, dropping the oldest, and never keeps a null", async () => {
    const { cache } = setup();
    for (const key of ["a", "b", "c", "d"]) await cache.load(key, loaded(key, `person-${key}`));
    expect(cache.size).toBe(3);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("d")).toBe("d");
    expect(await cache.load("n", async () => null)).toBeNull();
    expect(cache.get("n")).toBeUndefined();
  });

  it("reloads after the safety-net lifetime", async () => {
    const { cache } = setup({ maxEntries: 10, ttlMs: 5 });
    await cache.load("a", loaded("old"));
    await new Promise((r) => setTimeout(r, 15));
    expect(await cache.load("a", loaded("new"))).toBe("new");
  });

  it("stops listening when closed", async () => {
    const { feed, caches, cache } = setup();
    caches.close();
    await cache.load("a", loaded("x"));
    feed.publish("p1");
    expect(cache.get("a")).toBe("x");
  });
});
