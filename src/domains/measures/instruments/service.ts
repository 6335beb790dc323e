import { createHash } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { INSTRUMENTS } from "../../../seed/instruments";
import type {
  InstrumentDefinition,
  InstrumentKind,
  InstrumentVariant,
  Text,
} from "../../../seed/instruments/types";
import { instrumentItems, instruments, instrumentSections } from "../schema";

/** A published instrument version as loaded from the database: its definition plus its id. */
export type Instrument = InstrumentDefinition & { id: string };

const hashOf = (definition: InstrumentDefinition) =>
  createHash("sha256").update(JSON.stringify(definition)).digest("hex");

// Published versions change only with a deployment, so one load per process is enough.
const cache = new Map<string, Instrument>();

/**
 * Loads every instrument definition into the database: an idempotent upsert by key, variant and
 * version. Reference data — run on every start, production included.
 */
export async function seedInstruments(
  db: Db,
  definitions: InstrumentDefinition[] = INSTRUMENTS,
): Promise<void> {
  cache.clear();
  const existing = await db
    .select({
      id: instruments.id,
      key: instruments.key,
      variant: instruments.variant,
      version: instruments.version,
      hash: instruments.definitionHash,
    })
    .from(instruments);
  for (const def of definitions) {
    const hash = hashOf(def);
    const found = existing.find(
      (e) => e.key === def.key && e.variant === def.variant && e.version === def.version,
    );
    if (found?.hash === hash) continue;
    await db.transaction(async (tx) => {
      const values = {
        key: def.key,
        variant: def.variant,
        version: def.version,
        kind: def.kind,
        titleEn: def.title.en,
        titleEs: def.title.es,
        descriptionEn: def.description.en,
        descriptionEs: def.description.es,
        scale: def.scale ?? null,
        bands: def.bands,
        publishedAt: new Date(def.publishedAt),
        definitionHash: hash,
      };
      const [row] = await tx
        .insert(instruments)
        .values(values)
        .onConflictDoUpdate({
          target: [instruments.key, instruments.variant, instruments.version],
          set: values,
        })
        .returning({ id: instruments.id });
      const id = row!.id;
      // Text may be corrected in place; keys stay, so answers keep their meaning.
      await tx.delete(instrumentItems).where(eq(instrumentItems.instrumentId, id));
      await tx.delete(instrumentSections).where(eq(instrumentSections.instrumentId, id));
      await tx.insert(instrumentSections).values(
        def.sections.map((s, position) => ({
          instrumentId: id,
          key: s.key,
          position,
          titleEn: s.title.en,
          titleEs: s.title.es,
          introEn: s.intro?.en ?? null,
          introEs: s.intro?.es ?? null,
          scored: s.scored,
          guidance: s.guidance ?? null,
        })),
      );
      await tx.insert(instrumentItems).values(
        def.sections.flatMap((s) =>
          s.items.map((item, position) => ({
            instrumentId: id,
            sectionKey: s.key,
            key: item.key,
            position,
            type: item.type,
            promptEn: item.prompt.en,
            promptEs: item.prompt.es,
            hintEn: item.hint?.en ?? null,
            hintEs: item.hint?.es ?? null,
            options: item.options ?? null,
            withinEnrollment: item.withinEnrollment ?? false,
          })),
        ),
      );
    });
  }
}

const text = (en: string | null, es: string | null): Text | undefined =>
  en === null ? undefined : { en, es: es ?? en };

async function loadInstruments(db: DbOrTx, ids: string[]): Promise<Instrument[]> {
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const heads = await db.select().from(instruments).where(inArray(instruments.id, missing));
    const sections = await db
      .select()
      .from(instrumentSections)
      .where(inArray(instrumentSections.instrumentId, missing))
      .orderBy(asc(instrumentSections.position));
    const items = await db
      .select()
      .from(instrumentItems)
      .where(inArray(instrumentItems.instrumentId, missing))
      .orderBy(asc(instrumentItems.position));
    for (const head of heads) {
      cache.set(head.id, {
        id: head.id,
        key: head.key,
        variant: head.variant,
        version: head.version,
        kind: head.kind,
        title: { en: head.titleEn, es: head.titleEs },
        description: { en: head.descriptionEn, es: head.descriptionEs },
        publishedAt: head.publishedAt.toISOString().slice(0, 10),
        scale: head.scale ?? undefined,
        bands: head.bands,
        sections: sections
          .filter((s) => s.instrumentId === head.id)
          .map((s) => ({
            key: s.key,
            title: { en: s.titleEn, es: s.titleEs },
            intro: text(s.introEn, s.introEs),
            scored: s.scored,
            guidance: s.guidance ?? undefined,
            items: items
              .filter((i) => i.instrumentId === head.id && i.sectionKey === s.key)
              .map((i) => ({
                key: i.key,
                type: i.type,
                prompt: { en: i.promptEn, es: i.promptEs },
                hint: text(i.hintEn, i.hintEs),
                options: i.options ?? undefined,
                withinEnrollment: i.withinEnrollment,
              })),
          })),
      });
    }
  }
  return ids.map((id) => cache.get(id)).filter((i): i is Instrument => !!i);
}

export async function getInstrument(db: DbOrTx, id: string): Promise<Instrument | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [found] = await loadInstruments(db, [id]);
  return found ?? null;
}

export interface InstrumentSummary {
  id: string;
  key: string;
  variant: InstrumentVariant;
  version: number;
  kind: InstrumentKind;
  title: Text;
  publishedAt: Date;
}

export async function listInstruments(db: DbOrTx): Promise<InstrumentSummary[]> {
  const rows = await db
    .select()
    .from(instruments)
    .orderBy(asc(instruments.key), asc(instruments.variant), asc(instruments.version));
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    variant: r.variant,
    version: r.version,
    kind: r.kind,
    title: { en: r.titleEn, es: r.titleEs },
    publishedAt: r.publishedAt,
  }));
}

/** The newest published version of an instrument for a variant (what a new response uses). */
export async function currentInstrument(
  db: DbOrTx,
  key: string,
  variant: InstrumentVariant,
): Promise<Instrument | null> {
  const rows = await db
    .select({ id: instruments.id, version: instruments.version, publishedAt: instruments.publishedAt })
    .from(instruments)
    .where(and(eq(instruments.key, key), eq(instruments.variant, variant)));
  const now = Date.now();
  const newest = rows.filter((r) => r.publishedAt.getTime() <= now).sort((a, b) => b.version - a.version)[0];
  return newest ? getInstrument(db, newest.id) : null;
}
