/**
 * Instruments are data: each definition below is loaded into the database at start (upsert by
 * key + variant + version). A new version is a new definition; old responses keep theirs, and
 * comparisons across versions join on the stable section and item keys.
 */
export interface Text {
  en: string;
  es: string;
}

export type InstrumentKind = "profile" | "assessment";
export type InstrumentVariant = "school" | "district";
export type ItemType = "rating" | "count" | "fte" | "yesno" | "choice" | "multi" | "text";

export interface ItemOption {
  key: string;
  label: Text;
}

export interface ItemDefinition {
  /** Stable across versions: answers and comparisons use it. */
  key: string;
  type: ItemType;
  prompt: Text;
  hint?: Text;
  /** For choice and multi. */
  options?: ItemOption[];
  /** Counts that may not exceed the organisation's enrollment. */
  withinEnrollment?: boolean;
}

export interface Guidance {
  bestPractices: Text[];
  firstSteps: Text[];
}

export interface SectionDefinition {
  key: string;
  title: Text;
  intro?: Text;
  /** Scored sections are the assessment's domains. */
  scored: boolean;
  guidance?: Guidance;
  items: ItemDefinition[];
}

export interface ScoreBand {
  key: string;
  label: Text;
  /** Inclusive bounds on the score rounded to one decimal. */
  min: number;
  max: number;
}

export interface InstrumentDefinition {
  key: string;
  version: number;
  kind: InstrumentKind;
  variant: InstrumentVariant;
  title: Text;
  description: Text;
  publishedAt: string;
  /** Labels for the points 1–6 of every rating item. */
  scale?: Text[];
  bands: ScoreBand[];
  sections: SectionDefinition[];
}

export const DEFAULT_BANDS: ScoreBand[] = [
  { key: "emerging", label: { en: "Emerging", es: "Emergente" }, min: 1.0, max: 2.9 },
  { key: "progressing", label: { en: "Progressing", es: "En progreso" }, min: 3.0, max: 4.9 },
  { key: "mastery", label: { en: "Mastery", es: "Dominio" }, min: 5.0, max: 6.0 },
];

/** The six points of the rating scale: 1 means not in place, 6 fully in place. */
export const RATING_SCALE: Text[] = [
  { en: "1 – Not in place", es: "1 – No existe" },
  { en: "2 – Just starting", es: "2 – Recién comienza" },
  { en: "3 – Partly in place", es: "3 – Existe en parte" },
  { en: "4 – Mostly in place", es: "4 – Existe en su mayoría" },
  { en: "5 – In place, being refined", es: "5 – Existe y se está afinando" },
  { en: "6 – Fully in place", es: "6 – Existe plenamente" },
];

/** Every free-text field carries this hint: census and measures hold school-level facts only. */
export const NO_STUDENT_INFO: Text = {
  en: "Do not enter names or any other information about individual students.",
  es: "No escriba nombres ni ninguna otra información sobre estudiantes individuales.",
};
