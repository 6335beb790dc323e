import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { controlChart, runChart } from "../spc";
import { controlChartView, positionOfDate, runChartView } from "./chart-model";
import { ChartSvg, ChartWithTable, niceTicks } from "./chart-svg";

const months = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(2024, i, 1));
    return d.toISOString().slice(0, 10);
  });

describe("chart component", () => {
  const starts = months(12);
  const values = [3, 5, 4, 6, 2, 7, 8, 4, 9, 7, 8, 6];
  const data = starts.map((start, i) => ({ start, value: values[i] }));
  const run = runChart(values, { baseline: { from: 0, to: 4 } });
  const view = runChartView(data, run, {
    period: "month",
    locale: "en",
    goal: 8,
    baselineTo: 4,
    markers: [
      {
        at: positionOfDate(starts, "2024-06-15") ?? 0,
        kind: "cycle",
        tag: "C1",
        text: "Call home within a week",
      },
    ],
  });

  it("is an image with a title and a description naming the signals", () => {
    const html = renderToString(<ChartSvg id="c" title="Referrals followed up" view={view} locale="en" />);
    expect(html).toContain('role="img"');
    expect(html).toContain('viewBox="0 0 420 260"');
    expect(html).toContain('<title id="c-title">Referrals followed up</title>');
    expect(html).toContain("Shift: 6 points in a row above the median (points 6, 7, 9, 10, 11, 12).");
    expect(html).toContain("C1 Call home within a week");
  });

  it("marks signal points with a diamond, not only a colour", () => {
    const html = renderToString(<ChartSvg id="c" title="t" view={view} locale="en" />);
    // Six shift points → six diamonds (paths starting with M…L…L…L…Z), six plain circles.
    expect(html.match(/<circle /g)).toHaveLength(6);
    expect(html.match(/<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+L[\d.]+ [\d.]+L[\d.]+ [\d.]+Z"/g)).toHaveLength(
      6,
    );
  });

  it("puts the same numbers in a table with a CSV link, in Spanish too", () => {
    const html = renderToString(
      <ChartWithTable
        id="c"
        title="Seguimiento"
        view={runChartView(data, run, { period: "month", locale: "es", baselineTo: 4 })}
        locale="es"
        csvHref="/x.csv"
      />,
    );
    expect(html).toContain("Seguimiento: los números del gráfico");
    expect(html).toContain("junio de 2024");
    expect(html).toContain('href="/x.csv"');
    expect(html).toContain("Desplazamiento");
  });

  it("draws stepped limits for a p chart with varying denominators", () => {
    const points = [
      { y: 10, n: 100 },
      { y: 20, n: 200 },
      { y: 5, n: 50 },
      { y: 45, n: 150 },
    ];
    const chart = controlChart({ kind: "p", points });
    const pView = controlChartView(
      points.map((p, i) => ({ start: starts[i], value: p.y / p.n, numerator: p.y, denominator: p.n })),
      chart,
      { period: "month", locale: "en", percent: true },
    );
    const html = renderToString(<ChartWithTable id="p" title="p" view={pView} locale="en" />);
    // The upper limit's path changes height at each period (a V command between each H).
    const upper = html.match(/stroke-dasharray="2 2"[^>]*><path d="([^"]+)"/);
    expect(upper?.[1].match(/V/g)).toHaveLength(3);
    expect(html).toContain("30%");
    expect(html).toContain("Point 4 is above the upper control limit.");
  });

  it("has a small-multiple size", () => {
    const html = renderToString(<ChartSvg id="s" title="t" view={view} locale="en" size="small" />);
    expect(html).toContain('viewBox="0 0 240 150"');
  });
});

describe("chart helpers", () => {
  it("picks round ticks", () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 5, 10]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.5, 1]);
    expect(niceTicks(3, 17, 5)).toEqual([0, 5, 10, 15]);
  });

  it("places a date between two periods", () => {
    expect(positionOfDate(["2024-01-01", "2024-02-01"], "2024-01-01")).toBe(0);
    expect(positionOfDate(["2024-01-01", "2024-02-01"], "2024-01-16")).toBeCloseTo(15 / 31, 10);
    expect(positionOfDate(["2024-01-01", "2024-02-01"], "2023-12-31")).toBeNull();
  });
});
