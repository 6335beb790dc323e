import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/**
 * Database triggers announce what a committed change touched on this channel, one tag per
 * notice (payload: a user id for a person's rows, `kind:id` such as `community:<uuid>`, or "*"
 * for everything); in-process caches listen and forget the entries holding that tag.
 */
export const CHANGE_CHANNEL = "smh_changes";

export interface ChangeSubscriber {
  onChange(payload: string): void;
  /** Notices may have been missed (a listening connection dropped): forget everything. */
  onGap(): void;
}

export class ChangeFeed {
  private readonly subscribers = new Set<ChangeSubscriber>();

  constructor(private readonly onFirstSubscriber: () => void = () => undefined) {}

  subscribe(subscriber: ChangeSubscriber): () => void {
    if (this.subscribers.size === 0) this.onFirstSubscriber();
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** A notice's payload is one tag, or several separated by spaces (one statement's, batched). */
  publish(payload: string) {
    for (const tag of payload.split(" "))
      if (tag) for (const subscriber of this.subscribers) subscriber.onChange(tag);
  }

  gap() {
    for (const subscriber of this.subscribers) subscriber.onGap();
  }
}

/** PGlite has one connection, and delivers a transaction's notices before its commit returns. */
export async function pgliteChangeFeed(client: PGlite): Promise<ChangeFeed> {
  const feed = new ChangeFeed();
  await client.listen(CHANGE_CHANNEL, (payload) => feed.publish(payload));
  return feed;
}

const RELISTEN_DELAY_MS = 1000;

/**
 * On PostgreSQL every pooled connection listens, because a session hears its own notices
 * before its COMMIT returns: a server never serves a cached page older than a write it just
 * made. Pooled connections come and go, so one more connection, opened when the first cache
 * subscribes, keeps listening for other servers' writes; if it drops, it is opened again and
 * subscribers are told about the gap.
 */
export function postgresChangeFeed(connectionString: string) {
  let listener: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const feed: ChangeFeed = new ChangeFeed(() => void openListener().catch(listenLater));

  // Backend process ids of our own pooled connections. A notice one of them sent was already
  // heard by that connection before its commit returned; the copies every other connection
  // hears a moment later would only drop entries cached since, so they are ignored.
  const ownBackends = new Set<number>();
  // pg sets it from the server's BackendKeyData; its type definitions leave it out.
  const backendOf = (client: pg.Client) => (client as unknown as { processID: number }).processID;
  const hear = (client: pg.Client) =>
    client.on("notification", (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      const fromUs = ownBackends.has(message.processId);
      if (fromUs && message.processId !== backendOf(client)) return;
      feed.publish(message.payload ?? "");
    });
  /** For the pool's `onConnect`: the connection listens before it runs its first query. */
  const listenOnConnect = async (client: pg.ClientBase) => {
    const pooled = client as pg.Client;
    hear(pooled);
    await pooled.query(`LISTEN ${CHANGE_CHANNEL}`);
    const backend = backendOf(pooled);
    ownBackends.add(backend);
    pooled.once("end", () => ownBackends.delete(backend));
  };

  function listenLater() {
    if (stopped) return;
    retry = setTimeout(() => void openListener().then(() => feed.gap(), listenLater), RELISTEN_DELAY_MS);
    retry.unref(); // retrying never keeps a finished process alive
  }
  async function openListener() {
    const client = new pg.Client({ connectionString });
    hear(client);
    client.on("error", () => {
      feed.gap();
      listenLater();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    listener = client;
    if (stopped) await client.end();
  }

  const stop = async () => {
    stopped = true;
    clearTimeout(retry);
    await listener?.end().catch(() => undefined);
  };
  return { feed, listenOnConnect, stop };
}
