import { type Catalog, type Locale, translator } from "../../../../platform/i18n";
import type { RunChartResult } from "./run-chart";
import type { Signal } from "./signals";

/** The words for every chart rule, for the signal list beside a chart (EN + ES). */
const en = {
  shiftAbove: "Shift: {count} points in a row above the median (points {points}).",
  shiftBelow: "Shift: {count} points in a row below the median (points {points}).",
  trendUp: "Trend: {count} points in a row going up (points {points}).",
  trendDown: "Trend: {count} points in a row going down (points {points}).",
  tooFewRuns: "Too few runs: {count} runs where {limit} are expected for this many points.",
  tooManyRuns: "Too many runs: {count} runs where {limit} are expected for this many points.",
  longRunAbove:
    "Unusually long run: {count} points in a row above the median (more than {limit}; points {points}).",
  longRunBelow:
    "Unusually long run: {count} points in a row below the median (more than {limit}; points {points}).",
  fewCrossings: "Too few crossings of the median: {count} where at least {limit} are expected.",
  astronomical: "Astronomical point (marked by a person): point {points}.",
  outsideAbove: "Point {points} is above the upper control limit.",
  outsideBelow: "Point {points} is below the lower control limit.",
  eightAbove: "{count} points in a row above the centre line (points {points}).",
  eightBelow: "{count} points in a row below the centre line (points {points}).",
  sixUp: "{count} points in a row rising (points {points}).",
  sixDown: "{count} points in a row falling (points {points}).",
  twoOfThreeAbove: "Two of three points in a row more than 2 sigma above the centre line (points {points}).",
  twoOfThreeBelow: "Two of three points in a row more than 2 sigma below the centre line (points {points}).",
  fifteenWithin: "{count} points in a row within 1 sigma of the centre line (points {points}).",
  perlaRules:
    "Run chart rules (Perla, Provost & Murray): a shift is 6 or more points in a row on one side of the median (points on the median neither count nor break it); a trend is 5 or more points going up or down (equal values count once); too few or too many runs compares the runs with the range expected for the number of points not on the median (the exact runs distribution with half the points on each side, about 5% two sided), from 10 such points on.",
  anhojRules:
    "Run chart rules (Anhøj): a run on one side of the median longer than round(log2 n) + 3, or fewer crossings of the median than the 5th percentile of Binomial(n − 1, 0.5), where n is the number of points not on the median; from 10 such points on.",
  shewhartRules:
    "Control chart rules: 1. a point outside the 3-sigma limits; 2. 8 or more points in a row on one side of the centre line; 3. 6 or more points in a row rising or falling; 4. two of three points in a row beyond 2 sigma on the same side; 5. 15 or more points in a row within 1 sigma of the centre line.",
  runUntil:
    "A run chart is shown until there are {points} points; from then on the control chart matching the measure (p for proportions, u for rates, c for counts, XmR for means).",
};

const es: Catalog<typeof en>["es"] = {
  shiftAbove: "Desplazamiento: {count} puntos seguidos por encima de la mediana (puntos {points}).",
  shiftBelow: "Desplazamiento: {count} puntos seguidos por debajo de la mediana (puntos {points}).",
  trendUp: "Tendencia: {count} puntos seguidos en ascenso (puntos {points}).",
  trendDown: "Tendencia: {count} puntos seguidos en descenso (puntos {points}).",
  tooFewRuns: "Muy pocas rachas: {count} rachas donde se esperan {limit} para esta cantidad de puntos.",
  tooManyRuns: "Demasiadas rachas: {count} rachas donde se esperan {limit} para esta cantidad de puntos.",
  longRunAbove:
    "Racha inusualmente larga: {count} puntos seguidos por encima de la mediana (más de {limit}; puntos {points}).",
  longRunBelow:
    "Racha inusualmente larga: {count} puntos seguidos por debajo de la mediana (más de {limit}; puntos {points}).",
  fewCrossings: "Muy pocos cruces de la mediana: {count} donde se esperan al menos {limit}.",
  astronomical: "Punto astronómico (marcado por una persona): punto {points}.",
  outsideAbove: "El punto {points} está por encima del límite de control superior.",
  outsideBelow: "El punto {points} está por debajo del límite de control inferior.",
  eightAbove: "{count} puntos seguidos por encima de la línea central (puntos {points}).",
  eightBelow: "{count} puntos seguidos por debajo de la línea central (puntos {points}).",
  sixUp: "{count} puntos seguidos en ascenso (puntos {points}).",
  sixDown: "{count} puntos seguidos en descenso (puntos {points}).",
  twoOfThreeAbove:
    "Dos de tres puntos seguidos a más de 2 sigma por encima de la línea central (puntos {points}).",
  twoOfThreeBelow:
    "Dos de tres puntos seguidos a más de 2 sigma por debajo de la línea central (puntos {points}).",
  fifteenWithin: "{count} puntos seguidos dentro de 1 sigma de la línea central (puntos {points}).",
  perlaRules:
    "Reglas del gráfico de rachas (Perla, Provost y Murray): un desplazamiento son 6 o más puntos seguidos de un mismo lado de la mediana (los puntos sobre la mediana no cuentan ni lo interrumpen); una tendencia son 5 o más puntos en ascenso o descenso (los valores iguales cuentan una vez); muy pocas o demasiadas rachas compara las rachas con el intervalo esperado para la cantidad de puntos fuera de la mediana (la distribución exacta de rachas con la mitad de los puntos a cada lado, cerca del 5% bilateral), a partir de 10 de esos puntos.",
  anhojRules:
    "Reglas del gráfico de rachas (Anhøj): una racha de un lado de la mediana más larga que round(log2 n) + 3, o menos cruces de la mediana que el percentil 5 de Binomial(n − 1; 0,5), donde n es la cantidad de puntos fuera de la mediana; a partir de 10 de esos puntos.",
  shewhartRules:
    "Reglas del gráfico de control: 1. un punto fuera de los límites de 3 sigma; 2. 8 o más puntos seguidos de un mismo lado de la línea central; 3. 6 o más puntos seguidos en ascenso o descenso; 4. dos de tres puntos seguidos más allá de 2 sigma del mismo lado; 5. 15 o más puntos seguidos dentro de 1 sigma de la línea central.",
  runUntil:
    "Se muestra un gráfico de rachas hasta tener {points} puntos; desde entonces, el gráfico de control que corresponde a la medida (p para proporciones, u para tasas, c para conteos, XmR para promedios).",
};

export const spcCatalog: Catalog<typeof en> = { en, es };
export type SpcMessageKey = keyof typeof en;

/** Point numbers as people count them (from 1), with long stretches shortened to "3–14". */
export function pointNumbers(points: readonly number[]): string {
  if (points.length === 0) return "";
  const numbers = points.map((i) => i + 1);
  const contiguous = numbers.every((n, k) => k === 0 || n === numbers[k - 1] + 1);
  if (numbers.length > 2 && contiguous) return `${numbers[0]}–${numbers[numbers.length - 1]}`;
  return numbers.join(", ");
}

function keyFor(signal: Signal): SpcMessageKey {
  const up = signal.direction === "above" || signal.direction === "up";
  switch (signal.rule) {
    case "shift":
      return up ? "shiftAbove" : "shiftBelow";
    case "trend":
      return up ? "trendUp" : "trendDown";
    case "too-few-runs":
      return "tooFewRuns";
    case "too-many-runs":
      return "tooManyRuns";
    case "long-run":
      return up ? "longRunAbove" : "longRunBelow";
    case "few-crossings":
      return "fewCrossings";
    case "astronomical":
      return "astronomical";
    case "outside-limits":
      return up ? "outsideAbove" : "outsideBelow";
    case "eight-one-side":
      return up ? "eightAbove" : "eightBelow";
    case "six-trend":
      return up ? "sixUp" : "sixDown";
    case "two-of-three-beyond-two-sigma":
      return up ? "twoOfThreeAbove" : "twoOfThreeBelow";
    case "fifteen-within-one-sigma":
      return "fifteenWithin";
  }
}

/** One sentence for a signal, numbering points from 1 as the table does. */
export function describeSignal(signal: Signal, locale: Locale): string {
  const t = translator(spcCatalog, locale);
  return t(keyFor(signal), {
    count: signal.count ?? signal.points.length,
    limit: signal.limit ?? "",
    points: pointNumbers(signal.points),
  });
}

/** The help text naming the rules a chart uses. */
export function rulesHelp(
  chart: "run" | "control",
  runRules: RunChartResult["rules"],
  locale: Locale,
): string {
  const t = translator(spcCatalog, locale);
  if (chart === "control") return t("shewhartRules");
  return t(runRules === "anhoj" ? "anhojRules" : "perlaRules");
}
