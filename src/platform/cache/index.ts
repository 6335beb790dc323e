import type { ChangeFeed } from "../db/change-feed";

/**
 * In-process caches of what pages read, each entry tagged with what it depends on, and dropped
 * when the database announces a change to one of those things.
 *
 * A tag is a bare user id ("this person's rows": their account, sessions, tokens, teams and
 * community memberships) or `kind:id` (`community:<uuid>`, `topic:<uuid>`, …). Triggers announce
 * the tags a committed change touches on channel `smh_changes` (see the "change notices"
 * migrations); the announcement reaches this process before the writing transaction's commit
 * returns, and other servers moments later. "*", or a gap in the notices, drops everything.
 *
 * A load is kept only if none of ITS tags changed while it ran (per-tag change numbers), so a
 * read begun before a commit is never cached after it, while writes elsewhere do not stop
 * other pages from being cached. Entries also expire after a while, as a safety net.
 *
 * @example
 *   const bySlug = app.caches.create<Community>({ maxEntries: 5_000 });
 *   const community = await bySlug.load(slug, async (deps) => {
 *     const row = await findCommunity(db, slug);
 *     deps.add(row && `community:${row.id}`);
 *     return row ?? null;
 *   }, pageDeps); // pageDeps (optional) also receives the entry's tags, on a hit or a miss
 */
export class Caches {
  private readonly changes = new ChangeLog();
  private readonly caches: Cache<unknown>[] = [];
  private readonly unsubscribe: () => void;

  constructor(feed: ChangeFeed) {
    this.unsubscribe = feed.subscribe({
      onChange: (tag) => (tag === "*" ? this.forgetEverything() : this.forget(tag)),
      onGap: () => this.forgetEverything(),
    });
  }

  create<V>(options: CacheOptions<V>): Cache<V> {
    const cache = new Cache<V>(options, this.changes);
    this.caches.push(cache as unknown as Cache<unknown>);
    return cache;
  }

  /** Drops every entry that depends on `tag`, in every cache. */
  forget(tag: string) {
    this.changes.note(tag);
    for (const cache of this.caches) cache.forgetTag(tag);
  }

  forgetEverything() {
    this.changes.noteEverything();
    for (const cache of this.caches) cache.clear();
  }

  /** A mark taken before reading, for `Cache.keep`. */
  mark(): number {
    return this.changes.now();
  }

  close() {
    this.unsubscribe();
    this.forgetEverything();
  }
}

/**
 * Caches a module makes once per app, for helpers that reach the app only through a request
 * (access loaders): `const lookups = cachesPerApp((caches) => ({ rows: caches.create(…) }))`,
 * then `lookups(request.server.caches).rows`.
 */
export function cachesPerApp<T>(make: (caches: Caches) => T): (caches: Caches) => T {
  const made = new WeakMap<Caches, T>();
  return (caches) => {
    let found = made.get(caches);
    if (!found) {
      found = make(caches);
      made.set(caches, found);
    }
    return found;
  };
}

/** Collects the tags a value depends on while it is loaded or rendered. */
export class Dependencies {
  readonly tags = new Set<string>();
  /** Empty values are skipped, so `deps.add(row?.authorId)` needs no check. */
  add(...tags: (string | null | undefined | false)[]) {
    for (const tag of tags) if (tag) this.tags.add(tag);
    return this;
  }
}

/**
 * Tags: a bare user id stands for a person's own rows (their account, sessions, teams); other
 * tags are `kind:id`, announced by the owning domain's triggers (its "change notices" migration).
 */
export const tag = {
  person: (id: string) => id,
  /** `kind:id`, e.g. `tag.of("community", id)`; a domain wraps its kinds in named helpers. */
  of: (kind: string, id: string) => `${kind}:${id}`,
  scope: (organisationId: string) => `scope:${organisationId}`,
};

/**
 * When each tag last changed, as numbers from one counter. Bounded: the oldest are forgotten
 * beyond `MAX_TAGS`, and a floor then makes any tag not listed count as changed at the newest
 * forgotten number, which can only make a load be thrown away, never kept wrongly.
 */
class ChangeLog {
  private counter = 0;
  private floor = 0;
  private readonly lastChange = new Map<string, number>();

  now() {
    return this.counter;
  }

  note(tag: string) {
    const at = ++this.counter;
    this.lastChange.delete(tag); // re-inserted last, so the map stays in change order
    this.lastChange.set(tag, at);
    if (this.lastChange.size > MAX_TAGS) this.trim();
  }

  noteEverything() {
    this.floor = ++this.counter;
    this.lastChange.clear();
  }

  /** Whether any of `tags` changed after `mark`. */
  changedSince(tags: Iterable<string>, mark: number): boolean {
    if (this.floor > mark) {
      for (const tag of tags) if ((this.lastChange.get(tag) ?? this.floor) > mark) return true;
      return false;
    }
    if (this.counter === mark) return false;
    for (const tag of tags) if ((this.lastChange.get(tag) ?? 0) > mark) return true;
    return false;
  }

  private trim() {
    let drop = this.lastChange.size - MAX_TAGS / 2;
    for (const [tag, at] of this.lastChange) {
      if (drop-- <= 0) break;
      this.lastChange.delete(tag);
      this.floor = at;
    }
  }
}

const MAX_TAGS = 20_000;

export interface CacheOptions<V> {
  /** Oldest entries are dropped beyond this many. */
  maxEntries: number;
  /** And beyond this total size, as measured by `sizeOf` (e.g. a page's bytes). */
  maxSize?: number;
  sizeOf?: (value: V) => number;
  /** Safety net: an entry is reloaded after this long even without an announcement. */
  ttlMs?: number;
}

interface Entry<V> {
  value: V;
  tags: string[];
  until: number;
  size: number;
}

interface Loaded<V> {
  value: V;
  tags: string[];
}

const DEFAULT_TTL_MS = 60_000;

export class Cache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly keysOfTag = new Map<string, Set<string>>();
  private readonly loading = new Map<string, { mark: number; promise: Promise<Loaded<V> | null> }>();
  private readonly ttlMs: number;
  private totalSize = 0;

  constructor(
    private readonly options: CacheOptions<V>,
    private readonly changes: ChangeLog,
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  }

  get size() {
    return this.entries.size;
  }

  /** The cached value; its tags go to `into` (the dependencies of what is built from it). */
  get(key: string, into?: Dependencies): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    if (into) for (const tag of entry.tags) into.tags.add(tag);
    return entry.value;
  }

  /**
   * The cached value, or the loader's. The loader names what it read with `deps.add(...)`; its
   * value is kept unless one of those tags changed while it ran. Concurrent loads of one key
   * share one query (unless a change was announced in between). A null is not kept. `ttlOf`
   * gives a value its own lifetime (e.g. until the first meeting it lists begins).
   */
  async load(
    key: string,
    loader: (deps: Dependencies) => Promise<V | null>,
    into?: Dependencies,
    ttlOf?: (value: V) => number,
  ) {
    const hit = this.get(key, into);
    if (hit !== undefined) return hit;
    const mark = this.changes.now();
    let pending = this.loading.get(key);
    if (!pending || pending.mark !== mark) {
      pending = { mark, promise: this.runLoader(key, loader, mark, ttlOf) };
      this.loading.set(key, pending);
    }
    const loaded = await pending.promise;
    if (loaded && into) for (const tag of loaded.tags) into.tags.add(tag);
    return loaded ? loaded.value : null;
  }

  private async runLoader(
    key: string,
    loader: (deps: Dependencies) => Promise<V | null>,
    mark: number,
    ttlOf?: (value: V) => number,
  ) {
    const deps = new Dependencies();
    try {
      const value = await loader(deps);
      if (value === null) return null;
      this.keep(key, value, deps.tags, mark, ttlOf?.(value) ?? this.ttlMs);
      return { value, tags: [...deps.tags] };
    } finally {
      if (this.loading.get(key)?.mark === mark) this.loading.delete(key);
    }
  }

  /**
   * Keeps a value computed outside `load` (read after `Caches.mark()` returned `mark`), unless
   * one of its tags changed since; `ttlMs` shortens or lengthens the cache's lifetime for it.
   */
  keep(key: string, value: V, tags: Iterable<string>, mark: number, ttlMs = this.ttlMs) {
    const list = [...tags];
    if (this.changes.changedSince(list, mark)) return false;
    this.set(key, value, list, ttlMs);
    return true;
  }

  forgetTag(tag: string) {
    const keys = this.keysOfTag.get(tag);
    if (!keys) return;
    for (const key of keys) this.delete(key);
  }

  clear() {
    this.loading.clear();
    this.entries.clear();
    this.keysOfTag.clear();
    this.totalSize = 0;
  }

  private set(key: string, value: V, tags: string[], ttlMs: number) {
    this.delete(key);
    const size = this.options.sizeOf?.(value) ?? 0;
    const maxSize = this.options.maxSize ?? Number.POSITIVE_INFINITY;
    if (size > maxSize) return;
    while (this.entries.size >= this.options.maxEntries || this.totalSize + size > maxSize) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    this.entries.set(key, { value, tags, until: Date.now() + ttlMs, size });
    this.totalSize += size;
    for (const tag of tags) {
      const keys = this.keysOfTag.get(tag);
      if (keys) keys.add(key);
      else this.keysOfTag.set(tag, new Set([key]));
    }
  }

  private delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalSize -= entry.size;
    for (const tag of entry.tags) {
      const keys = this.keysOfTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysOfTag.delete(tag);
    }
  }
}
