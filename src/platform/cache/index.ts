import type { ChangeFeed } from "../db/change-feed";

/**
 * In-process caches of what a person reads on nearly every request: who a session belongs to,
 * their teams, their account page. Without them a signed-in page costs several queries before
 * any work is done.
 *
 * Each entry belongs to one person. Database triggers announce every change to a person's rows
 * (platform migration 0002 and the domains' "change notices" migrations); the announcement
 * reaches this process before the writing transaction's commit returns (and reaches other
 * servers moments later), and the person's entries are dropped. A load that overlaps any
 * announcement is not kept, so a read that began before a commit can never be cached after it.
 * Entries also expire after a short time, as a safety net if an announcement is lost.
 */
export class PersonalCaches {
  /** Counts announcements; a load is kept only if none arrived while it ran. */
  private epoch = 0;
  private readonly caches: PersonalCache<unknown>[] = [];
  private readonly unsubscribe: () => void;

  constructor(feed: ChangeFeed) {
    this.unsubscribe = feed.subscribe({
      onChange: (person) => (person === "*" ? this.forgetEveryone() : this.forgetPerson(person)),
      onGap: () => this.forgetEveryone(),
    });
  }

  create<V>(options: CacheOptions): PersonalCache<V> {
    const cache = new PersonalCache<V>(options, () => this.epoch);
    this.caches.push(cache as PersonalCache<unknown>);
    return cache;
  }

  forgetPerson(person: string) {
    this.epoch++;
    for (const cache of this.caches) cache.forgetPerson(person);
  }

  forgetEveryone() {
    this.epoch++;
    for (const cache of this.caches) cache.clear();
  }

  close() {
    this.unsubscribe();
    this.forgetEveryone();
  }
}

export interface CacheOptions {
  /** Oldest entries are dropped beyond this many. */
  maxEntries: number;
  /** Safety net: an entry is reloaded after this long even without an announcement. */
  ttlMs?: number;
}

export interface Loaded<V> {
  value: V;
  /** The user id whose changes make this entry stale. */
  person: string;
}

const DEFAULT_TTL_MS = 60_000;

export class PersonalCache<V> {
  private readonly entries = new Map<string, { value: V; person: string; until: number }>();
  private readonly keysOfPerson = new Map<string, Set<string>>();
  private readonly loading = new Map<string, Promise<V | null>>();
  private readonly ttlMs: number;

  constructor(
    private readonly options: CacheOptions,
    private readonly currentEpoch: () => number,
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  }

  get size() {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.value;
    this.delete(key);
    return undefined;
  }

  /**
   * The cached value, or the loader's (kept unless a change was announced meanwhile).
   * Concurrent loads of one key share one query. A null from the loader is not kept.
   */
  load(key: string, loader: () => Promise<Loaded<V> | null>): Promise<V | null> {
    const hit = this.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const epoch = this.currentEpoch();
    const promise = loader()
      .then((loaded) => {
        if (loaded && this.currentEpoch() === epoch) this.set(key, loaded.person, loaded.value);
        return loaded ? loaded.value : null;
      })
      .finally(() => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
      });
    this.loading.set(key, promise);
    return promise;
  }

  forgetPerson(person: string) {
    // A load under way may have read the old rows; later callers must not wait for it.
    this.loading.clear();
    const keys = this.keysOfPerson.get(person);
    if (!keys) return;
    for (const key of keys) this.entries.delete(key);
    this.keysOfPerson.delete(person);
  }

  clear() {
    this.loading.clear();
    this.entries.clear();
    this.keysOfPerson.clear();
  }

  /** A mark to pass to `keep` for a value computed outside `load`. */
  mark(): number {
    return this.currentEpoch();
  }

  /** Keeps a value computed outside `load`, unless a change was announced since `mark`. */
  keep(key: string, person: string, value: V, mark: number) {
    if (this.currentEpoch() === mark) this.set(key, person, value);
  }

  private set(key: string, person: string, value: V) {
    this.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    this.entries.set(key, { value, person, until: Date.now() + this.ttlMs });
    const keys = this.keysOfPerson.get(person) ?? new Set<string>();
    keys.add(key);
    this.keysOfPerson.set(person, keys);
  }

  private delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const keys = this.keysOfPerson.get(entry.person);
    keys?.delete(key);
    if (keys?.size === 0) this.keysOfPerson.delete(entry.person);
  }
}
