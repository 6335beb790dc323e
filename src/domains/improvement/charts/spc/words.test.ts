import { describe, expect, it } from "vitest";
import { runChart } from "./run-chart";
import { describeSignal, pointNumbers, spcCatalog } from "./words";

describe("signal words", () => {
  it("numbers points from 1 and shortens a stretch", () => {
    expect(pointNumbers([5, 6, 7, 8])).toBe("6–9");
    expect(pointNumbers([0, 2])).toBe("1, 3");
  });

  it("describes a shift in English and Spanish", () => {
    const values = [3, 5, 4, 6, 2, 7, 8, 9, 9, 7, 8];
    const shift = runChart(values, { baseline: { from: 0, to: 4 } }).signals.find((s) => s.rule === "shift");
    if (!shift) throw new Error("no shift");
    expect(describeSignal(shift, "en")).toBe("Shift: 6 points in a row above the median (points 6–11).");
    expect(describeSignal(shift, "es")).toBe(
      "Desplazamiento: 6 puntos seguidos por encima de la mediana (puntos 6–11).",
    );
  });

  it("has words for every rule in both languages", () => {
    expect(Object.keys(spcCatalog.es).sort()).toEqual(Object.keys(spcCatalog.en).sort());
  });
});
