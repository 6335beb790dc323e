import { describe, expect, it } from "vitest";
import { ChangeFeed } from "../db/change-feed";
import { Caches, Dependencies, tag } from ".";

const topic = (id: string) => tag.of("topic", id);
const community = (id: string) => tag.of("community", id);

function setup(options = { maxEntries: 3, ttlMs: 60_000 }) {
  const feed = new ChangeFeed();
  const caches = new Caches(feed);
  return { feed, caches, cache: caches.create<string>(options) };
}

const loaded =
  (value: string, ...tags: string[]) =>
  async (deps: Dependencies) => {
    deps.add(...(tags.length ? tags : ["p1"]));
    return value;
  };

/** A load that finishes when told to, for changes announced while it runs. */
function slowLoad(value: string, ...tags: string[]) {
  let finish!: () => void;
  const loader = (deps: Dependencies) =>
    new Promise<string>((resolve) => {
      finish = () => {
        deps.add(...tags);
        resolve(value);
      };
    });
  return { loader, finish: () => finish() };
}

describe("tagged cache", () => {
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

  it("drops every entry holding an announced tag, in every cache, and only those", async () => {
    const { feed, caches, cache } = setup({ maxEntries: 10, ttlMs: 60_000 });
    const other = caches.create<string>({ maxEntries: 10 });
    await cache.load("topic page", loaded("t", topic("t1"), community("c1"), "p1"));
    await cache.load("community page", loaded("c", community("c1"), "p2"));
    await cache.load("elsewhere", loaded("e", community("c2")));
    await other.load("community row", loaded("row", community("c1")));

    feed.publish(topic("t1"));
    expect(cache.get("topic page")).toBeUndefined();
    expect(cache.get("community page")).toBe("c");

    feed.publish(community("c1"));
    expect(cache.get("community page")).toBeUndefined();
    expect(other.get("community row")).toBeUndefined();
    expect(cache.get("elsewhere")).toBe("e");
  });

  it("hands an entry's tags to what is built from it, on a hit as on a miss", async () => {
    const { cache } = setup();
    const miss = new Dependencies();
    await cache.load("a", loaded("x", community("c1")), miss);
    const hit = new Dependencies();
    expect(await cache.load("a", loaded("never used"), hit)).toBe("x");
    expect([...miss.tags]).toEqual(["community:c1"]);
    expect([...hit.tags]).toEqual(["community:c1"]);
    const got = new Dependencies();
    cache.get("a", got);
    expect([...got.tags]).toEqual(["community:c1"]);
  });

  it("forgets everything on '*' and when notices may have been lost", async () => {
    const { feed, cache } = setup();
    await cache.load("a", loaded("x", "p1"));
    await cache.load("b", loaded("y", "p2"));
    feed.publish("*");
    expect(cache.size).toBe(0);
    await cache.load("a", loaded("x", "p1"));
    feed.gap();
    expect(cache.size).toBe(0);
  });

  it("does not keep a value if one of its tags changed while it loaded", async () => {
    const { feed, cache } = setup();
    const slow = slowLoad("read before commit", "p1", community("c1"));
    const pending = cache.load("a", slow.loader);
    feed.publish(community("c1"));
    slow.finish();
    expect(await pending).toBe("read before commit");
    expect(cache.get("a")).toBeUndefined();
  });

  it("keeps a value when only other tags changed while it loaded", async () => {
    const { feed, cache } = setup();
    const slow = slowLoad("unaffected", topic("t1"));
    const pending = cache.load("a", slow.loader);
    for (let i = 0; i < 100; i++) feed.publish(topic(`other-${i}`));
    slow.finish();
    await pending;
    expect(cache.get("a")).toBe("unaffected");
  });

  it("does not keep a value whose load overlapped '*' or a gap", async () => {
    for (const announce of ["*", "gap"]) {
      const { feed, cache } = setup();
      const slow = slowLoad("old", topic("t1"));
      const pending = cache.load("a", slow.loader);
      if (announce === "gap") feed.gap();
      else feed.publish(announce);
      slow.finish();
      await pending;
      expect(cache.get("a")).toBeUndefined();
    }
  });

  it("counts a tag the bounded change log forgot as changed", async () => {
    const { feed, cache } = setup();
    const slow = slowLoad("maybe stale", topic("t1"));
    const pending = cache.load("a", slow.loader);
    feed.publish(topic("t1"));
    // Enough other changes to push t1's out of the log (it keeps 20,000 at most).
    for (let i = 0; i < 25_000; i++) feed.publish(topic(`other-${i}`));
    slow.finish();
    await pending;
    expect(cache.get("a")).toBeUndefined();

    // A load begun after the forgotten changes is kept again.
    await cache.load("b", loaded("fresh", topic("t1")));
    expect(cache.get("b")).toBe("fresh");
  });

  it("does not hand a load begun before an announcement to callers after it", async () => {
    const { feed, cache } = setup();
    const slow = slowLoad("old", "p1");
    const first = cache.load("a", slow.loader);
    feed.publish("p1");
    const second = cache.load("a", loaded("new", "p1"));
    slow.finish();
    expect(await first).toBe("old");
    expect(await second).toBe("new");
    expect(cache.get("a")).toBe("new");
  });

  it("shares one load between concurrent callers while nothing changes", async () => {
    const { cache } = setup();
    let calls = 0;
    const loader = async (deps: Dependencies) => {
      calls++;
      deps.add("p1");
      return "once";
    };
    const [a, b] = await Promise.all([cache.load("a", loader), cache.load("a", loader)]);
    expect([a, b, calls]).toEqual(["once", "once", 1]);
  });

  it("keeps values computed outside load only if none of their tags changed since the mark", () => {
    const { feed, caches, cache } = setup();
    const mark = caches.mark();
    feed.publish("p9");
    expect(cache.keep("a", "kept", ["p1"], mark)).toBe(true);
    feed.publish("p1");
    expect(cache.keep("b", "stale", ["p1"], mark)).toBe(false);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeUndefined();
    cache.keep("a", "fresh", ["p1"], caches.mark());
    expect(cache.get("a")).toBe("fresh");
  });

  it("holds at most maxEntries and maxSize, dropping the oldest, and never keeps a null", async () => {
    const { cache } = setup();
    for (const key of ["a", "b", "c", "d"]) await cache.load(key, loaded(key, `person-${key}`));
    expect(cache.size).toBe(3);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("d")).toBe("d");
    expect(await cache.load("n", async () => null)).toBeNull();
    expect(cache.get("n")).toBeUndefined();

    const { caches } = setup();
    const sized = caches.create<string>({ maxEntries: 100, maxSize: 10, sizeOf: (v) => v.length });
    await sized.load("a", loaded("aaaa"));
    await sized.load("b", loaded("bbbb"));
    await sized.load("c", loaded("cccc"));
    await sized.load("huge", loaded("x".repeat(11)));
    expect([sized.get("a"), sized.get("b"), sized.get("c"), sized.get("huge")]).toEqual([
      undefined,
      "bbbb",
      "cccc",
      undefined,
    ]);
  });

  it("reloads after the safety-net lifetime, or an entry's own", async () => {
    const { caches, cache } = setup({ maxEntries: 10, ttlMs: 5 });
    await cache.load("a", loaded("old"));
    await new Promise((r) => setTimeout(r, 15));
    expect(await cache.load("a", loaded("new"))).toBe("new");
    cache.keep("short", "v", ["p1"], caches.mark(), 1);
    cache.keep("long", "v", ["p1"], caches.mark(), 60_000);
    await new Promise((r) => setTimeout(r, 15));
    expect(cache.get("short")).toBeUndefined();
    expect(cache.get("long")).toBe("v");
    // A loaded value's own lifetime, worked out from the value (e.g. until a listed meeting begins).
    await cache.load("soon", loaded("ends soon"), undefined, () => 1);
    await cache.load("later", loaded("ends later"), undefined, (value) =>
      value === "ends later" ? 60_000 : 1,
    );
    await new Promise((r) => setTimeout(r, 15));
    expect(cache.get("soon")).toBeUndefined();
    expect(cache.get("later")).toBe("ends later");
  });

  it("stops listening when closed", async () => {
    const { feed, caches, cache } = setup();
    caches.close();
    await cache.load("a", loaded("x"));
    feed.publish("p1");
    expect(cache.get("a")).toBe("x");
  });
});
