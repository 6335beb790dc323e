import { describe, expect, it } from "vitest";
import {
  answerCell,
  type CountedDescriptors,
  combinationKey,
  enrolmentBandLabel,
  planCoarsening,
  pseudonymizer,
  scoreCell,
} from "./deidentify";
import { hasAllowedSignature } from "../applications/service";

const c = (state: string, locale: string, band: string, schools: number): CountedDescriptors => ({
  state,
  locale,
  band,
  schools,
});
const shown = (plan: ReturnType<typeof planCoarsening>, d: CountedDescriptors) =>
  plan.printed.get(combinationKey(d));

/** Every printed combination, with the rows that print it: none may be under the minimum. */
function printedGroups(plan: ReturnType<typeof planCoarsening>, counts: CountedDescriptors[]) {
  const groups = new Map<string, number>();
  for (const count of counts) {
    const p = shown(plan, count);
    if (!p) continue;
    const key = combinationKey(p);
    groups.set(key, (groups.get(key) ?? 0) + count.schools);
  }
  return groups;
}

describe("coarsening descriptors so no printed combination is shared by fewer than 10 schools", () => {
  it("keeps combinations of 10 or more whole", () => {
    const counts = [c("MD", "21", "300-599", 10), c("MD", "21", "600-999", 25)];
    const plan = planCoarsening(counts);
    expect(shown(plan, counts[0]!)).toEqual({ state: "MD", locale: "21", band: "300-599" });
    expect(plan.summary).toEqual({ full: 35, withoutBand: 0, stateOnly: 0, none: 0, leftOut: 0 });
  });

  it("drops the enrolment band first, when the small bands of a locale add up to 10", () => {
    // (MD, 21): bands of 4 and 6 are both small; together 10 → state and locale shown.
    const counts = [
      c("MD", "21", "under 300", 4),
      c("MD", "21", "1000 or more", 6),
      c("MD", "21", "300-599", 30),
    ];
    const plan = planCoarsening(counts);
    expect(shown(plan, counts[0]!)).toEqual({ state: "MD", locale: "21", band: "" });
    expect(shown(plan, counts[1]!)).toEqual({ state: "MD", locale: "21", band: "" });
    expect(shown(plan, counts[2]!)).toEqual({ state: "MD", locale: "21", band: "300-599" });
    expect(plan.summary).toEqual({ full: 30, withoutBand: 10, stateOnly: 0, none: 0, leftOut: 0 });
  });

  it("then the locale, counting only the schools still unplaced (hand-worked)", () => {
    // (MD,21,big) 4 and (MD,41,small) 7 are each small, and so are their locales (4, 7);
    // the state's leftovers are 4 + 7 = 11 → state only. (MD,21,mid) 12 stays whole and is not
    // counted again in the state group, so the (MD, -, -) rows are exactly 11.
    const counts = [
      c("MD", "21", "300-599", 12),
      c("MD", "21", "1000 or more", 4),
      c("MD", "41", "under 300", 7),
    ];
    const plan = planCoarsening(counts);
    expect(shown(plan, counts[1]!)).toEqual({ state: "MD", locale: "", band: "" });
    expect(shown(plan, counts[2]!)).toEqual({ state: "MD", locale: "", band: "" });
    expect(plan.summary).toEqual({ full: 12, withoutBand: 0, stateOnly: 11, none: 0, leftOut: 0 });
  });

  it("then the state; what is still under 10 with nothing shown is left out", () => {
    const counts = [
      c("MD", "21", "300-599", 12),
      c("VA", "11", "600-999", 6),
      c("DE", "31", "under 300", 5),
      c("WY", "43", "under 300", 3),
    ];
    const plan = planCoarsening(counts);
    // VA 6 + DE 5 + WY 3 = 14 schools with nothing shown.
    expect(shown(plan, counts[1]!)).toEqual({ state: "", locale: "", band: "" });
    expect(plan.summary).toEqual({ full: 12, withoutBand: 0, stateOnly: 0, none: 14, leftOut: 0 });
    const tiny = [c("MD", "21", "300-599", 12), c("VA", "11", "600-999", 3)];
    const planTiny = planCoarsening(tiny);
    expect(shown(planTiny, tiny[1]!)).toBeNull();
    expect(planTiny.summary.leftOut).toBe(3);
    expect(planTiny.rows).toBe(12);
  });

  it("never prints a combination of fewer than 10 rows, over many random files", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const states = ["MD", "VA", "DE", "PA"];
    const locales = ["11", "21", "31", "41", "unknown"];
    const bands = ["under 300", "300-599", "600-999", "1000 or more", "unknown"];
    for (let file = 0; file < 300; file++) {
      const counts: CountedDescriptors[] = [];
      for (const s of states)
        for (const l of locales)
          for (const b of bands) if (random(3) === 0) counts.push(c(s, l, b, 1 + random(file % 2 ? 12 : 40)));
      const plan = planCoarsening(counts);
      for (const [, rows] of printedGroups(plan, counts)) expect(rows).toBeGreaterThanOrEqual(10);
      const total = counts.reduce((sum, x) => sum + x.schools, 0);
      expect(plan.rows + plan.summary.leftOut).toBe(total);
      expect(plan.summary.leftOut).toBeLessThan(10);
    }
  });
});

describe("what a file writes", () => {
  it("names each school by a pseudonym that differs from file to file and never shows the id", () => {
    const id = "3f0c1c9e-2b7a-4f43-9d4b-8b1f2e6c0a11";
    const first = pseudonymizer();
    const second = pseudonymizer();
    expect(first(id)).toBe(first(id));
    expect(first(id)).not.toBe(second(id));
    expect(first(id)).toMatch(/^S[0-9a-f]{16}$/);
    expect(first(id)).not.toContain(id.slice(0, 8));
  });

  it("writes answers plainly, hides counts of 1 to 9 students and bands enrolment", () => {
    expect(answerCell("rating", 4)).toBe("4");
    expect(answerCell("count", 0)).toBe("0");
    expect(answerCell("count", 7)).toBe("1-9");
    expect(answerCell("count", 10)).toBe("10");
    expect(answerCell("multi", ["b", "a"])).toBe("a|b");
    expect(answerCell("yesno", "yes")).toBe("yes");
    expect(answerCell("fte", null)).toBe("");
    expect(scoreCell(3.456)).toBe("3.46");
    expect(scoreCell(null)).toBe("");
    expect(enrolmentBandLabel(0)).toBe("under 300");
    expect(enrolmentBandLabel(3)).toBe("1000 or more");
    expect(enrolmentBandLabel(null)).toBe("unknown");
  });

  it("takes only PDF, PNG and JPEG letters by their first bytes", () => {
    expect(hasAllowedSignature(Buffer.from("%PDF-1.7"))).toBe(true);
    expect(hasAllowedSignature(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d]))).toBe(true);
    expect(hasAllowedSignature(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(hasAllowedSignature(Buffer.from("MZ\x90\x00"))).toBe(false);
    expect(hasAllowedSignature(Buffer.from("<html>"))).toBe(false);
  });
});
