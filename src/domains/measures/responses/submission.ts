import type { InstrumentDefinition } from "../../../seed/instruments/types";
import { answeredCount } from "../instruments/answers";
import { type Answers, ratingOf } from "../instruments/scoring";

/** What the confirmation before a submission states, per domain (section). */
export interface SectionTally {
  key: string;
  title: { en: string; es: string };
  answered: number;
  total: number;
  /** Indicators rated 1–6 ("don't know" and "not applicable" are answers, not ratings). */
  rated: number;
  ratingItems: number;
}

export interface SubmissionSummary {
  sections: SectionTally[];
  answered: number;
  total: number;
  rated: number;
  /** An assessment with no rated indicator has nothing to score: it cannot be submitted. */
  submittable: boolean;
}

export function submissionSummary(
  instrument: Pick<InstrumentDefinition, "kind" | "sections">,
  answers: Answers,
): SubmissionSummary {
  const sections = instrument.sections.map((section) => {
    const ratings = section.items.filter((i) => i.type === "rating");
    return {
      key: section.key,
      title: section.title,
      answered: answeredCount(section, answers),
      total: section.items.length,
      rated: ratings.filter((i) => ratingOf(answers[i.key]) !== null).length,
      ratingItems: ratings.length,
    };
  });
  const sum = (pick: (s: SectionTally) => number) => sections.reduce((n, s) => n + pick(s), 0);
  const rated = sum((s) => s.rated);
  return {
    sections,
    answered: sum((s) => s.answered),
    total: sum((s) => s.total),
    rated,
    submittable: instrument.kind !== "assessment" || rated > 0,
  };
}
