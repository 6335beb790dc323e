import { type Locale, translator } from "../../../../platform/i18n";
import { Table } from "../../../../platform/ui/tables";
import { type SignalRule, describeSignal } from "../spc";
import { type ChartViewKey, chartViewCatalog } from "./chart-messages";
import { type ChartView, formatValue } from "./chart-model";

/**
 * A run or control chart drawn on the server as SVG. It scales with its container (viewBox), so
 * it reads at 375 px wide; signals are diamonds, not only another colour; limits step with each
 * period's denominator; PDSA cycles and annotations are tagged lines at their dates. It is an
 * image with a title and a description, and `ChartWithTable` puts the same numbers in a table.
 */

const SIZES = {
  full: {
    width: 420,
    height: 260,
    left: 52,
    right: 12,
    top: 24,
    bottom: 36,
    font: 13,
    scale: 1.6,
    ticks: 5,
    labels: 5,
  },
  small: {
    width: 240,
    height: 150,
    left: 34,
    right: 6,
    top: 10,
    bottom: 18,
    font: 10,
    scale: 1,
    ticks: 3,
    labels: 2,
  },
} as const;

const COLOURS = {
  line: "#005ea2",
  signal: "#c05600",
  centre: "#1b1b1b",
  limit: "#b50909",
  goal: "#008817",
  baseline: "#f0f0f0",
  grid: "#dfe1e2",
  cycle: "#162e51",
  annotation: "#565c65",
};

export const CHART_KIND_KEY: Record<ChartView["chart"], ChartViewKey> = {
  run: "kindRun",
  xmr: "kindXmr",
  p: "kindP",
  u: "kindU",
  c: "kindC",
};

export const RULE_KEY: Record<SignalRule, ChartViewKey> = {
  shift: "ruleShift",
  trend: "ruleTrend",
  "too-few-runs": "ruleFewRuns",
  "too-many-runs": "ruleManyRuns",
  "long-run": "ruleLongRun",
  "few-crossings": "ruleFewCrossings",
  astronomical: "ruleAstronomical",
  "outside-limits": "ruleOutside",
  "eight-one-side": "ruleEight",
  "six-trend": "ruleSix",
  "two-of-three-beyond-two-sigma": "ruleTwoOfThree",
  "fifteen-within-one-sigma": "ruleFifteen",
};

/** Round tick values (1, 2 or 5 × 10^k apart) covering [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** The value range the chart must show: values, limits, centre and goal. */
function valueRange(view: ChartView): [number, number] {
  const all: number[] = [];
  for (const p of view.points) {
    all.push(p.value);
    if (p.centre !== null) all.push(p.centre);
    if (p.upper !== null) all.push(p.upper);
    if (p.lower !== null) all.push(p.lower);
  }
  if (view.goal !== null) all.push(view.goal);
  if (all.length === 0) return [0, 1];
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const pad = (max - min) * 0.06;
  min -= pad;
  max += pad;
  if (view.percent) return [Math.max(0, min), Math.min(1, max)];
  if (Math.min(...all) >= 0) min = Math.max(0, min);
  return [min, max];
}

function diamond(x: number, y: number, r: number): string {
  return `M${x} ${y - r}L${x + r} ${y}L${x} ${y + r}L${x - r} ${y}Z`;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function ChartSvg(props: {
  id: string;
  title: string;
  view: ChartView;
  locale: Locale;
  size?: "full" | "small";
}) {
  const { view, locale } = props;
  const t = translator(chartViewCatalog, locale);
  const size = SIZES[props.size ?? "full"];
  const n = view.points.length;
  const plotW = size.width - size.left - size.right;
  const plotH = size.height - size.top - size.bottom;
  const step = plotW / Math.max(1, n);
  const [minV, maxV] = valueRange(view);
  const ticks = niceTicks(minV, maxV, size.ticks).filter((v) => v >= minV && v <= maxV);
  const x = (i: number) => round(size.left + (i + 0.5) * step);
  const y = (v: number) => round(size.top + plotH - ((v - minV) / (maxV - minV)) * plotH);
  const fmt = (v: number) => formatValue(view, v, locale);
  const labelEvery = Math.max(1, Math.ceil(n / size.labels));
  const pointR = props.size === "small" ? 2.2 : 3;

  // Centre line and limits, drawn phase by phase; stepped where they vary (p, u).
  const phases = new Map<number, number[]>();
  view.points.forEach((p, i) => {
    if (p.centre === null) return;
    const list = phases.get(p.phase) ?? [];
    list.push(i);
    phases.set(p.phase, list);
  });
  const stepped = (indices: number[], pick: (i: number) => number | null): string => {
    let d = "";
    for (const i of indices) {
      const v = pick(i);
      if (v === null) continue;
      const x1 = round(x(i) - step / 2);
      const x2 = round(x(i) + step / 2);
      d += d === "" ? `M${x1} ${y(v)}H${x2}` : `V${y(v)}H${x2}`;
    }
    return d;
  };
  const baselineEnd = view.baselineTo;
  const description = chartDescription(view, locale);

  return (
    <svg
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      viewBox={`0 0 ${size.width} ${size.height}`}
      width={Math.round(size.width * size.scale)}
      height={Math.round(size.height * size.scale)}
      xmlns="http://www.w3.org/2000/svg"
      font-family="Source Sans Pro Web, Helvetica Neue, Arial, sans-serif"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{description}</desc>
      {baselineEnd !== null && n > 0 ? (
        <g>
          <rect
            x={round(size.left)}
            y={size.top}
            width={round((Math.min(baselineEnd, n - 1) + 1) * step)}
            height={plotH}
            fill={COLOURS.baseline}
          />
          {props.size === "small" ? null : (
            <text x={size.left + 4} y={size.top + 11} font-size={size.font - 1} fill="#1b1b1b">
              {t("baseline")}
            </text>
          )}
        </g>
      ) : null}
      {ticks.map((tick) => (
        <g>
          <line x1={size.left} x2={size.width - size.right} y1={y(tick)} y2={y(tick)} stroke={COLOURS.grid} />
          <text x={size.left - 4} y={y(tick) + 3.5} font-size={size.font} text-anchor="end" fill="#1b1b1b">
            {fmt(tick)}
          </text>
        </g>
      ))}
      {view.points.map((p, i) =>
        i % labelEvery === 0 || (props.size === "small" && i === n - 1) ? (
          <text
            // The last label ends at the plot's edge rather than running past it.
            x={i === n - 1 ? size.width - size.right : x(i)}
            y={size.height - size.bottom + size.font + 4}
            font-size={size.font}
            text-anchor={i === n - 1 ? "end" : "middle"}
            fill="#1b1b1b"
          >
            {p.shortLabel}
          </text>
        ) : null,
      )}
      {[...phases.values()].map((indices) => {
        const last = indices[indices.length - 1];
        const frozenEnd = view.chart === "run" && baselineEnd !== null ? Math.min(baselineEnd, last) : last;
        const inBase = indices.filter((i) => i <= frozenEnd);
        const extended = indices.filter((i) => i > frozenEnd);
        return (
          <g>
            <path
              d={stepped(inBase, (i) => view.points[i].centre)}
              stroke={COLOURS.centre}
              stroke-width="1.5"
              fill="none"
            />
            {extended.length > 0 ? (
              <path
                d={stepped(extended, (i) => view.points[i].centre)}
                stroke={COLOURS.centre}
                stroke-width="1.5"
                stroke-dasharray="5 3"
                fill="none"
              />
            ) : null}
            {view.chart === "run" ? null : (
              <g stroke={COLOURS.limit} stroke-width="1.2" stroke-dasharray="2 2" fill="none">
                <path d={stepped(indices, (i) => view.points[i].upper)} />
                <path d={stepped(indices, (i) => view.points[i].lower)} />
              </g>
            )}
          </g>
        );
      })}
      {view.goal !== null ? (
        <g>
          <line
            x1={size.left}
            x2={size.width - size.right}
            y1={y(view.goal)}
            y2={y(view.goal)}
            stroke={COLOURS.goal}
            stroke-width="1.5"
            stroke-dasharray="8 3 2 3"
          />
          {props.size === "small" ? null : (
            <text
              x={size.width - size.right - 2}
              y={y(view.goal) - 3}
              font-size={size.font}
              text-anchor="end"
              fill={COLOURS.goal}
            >
              {t("goal")} {fmt(view.goal)}
            </text>
          )}
        </g>
      ) : null}
      {view.markers.map((m) => {
        const mx = round(size.left + (m.at + 0.5) * step);
        const colour = m.kind === "cycle" ? COLOURS.cycle : COLOURS.annotation;
        return (
          <g>
            <line
              x1={mx}
              x2={mx}
              y1={size.top}
              y2={size.top + plotH}
              stroke={colour}
              stroke-width="1"
              stroke-dasharray={m.kind === "cycle" ? undefined : "1 2"}
            />
            {m.kind === "cycle" ? (
              <path d={`M${mx - 4} ${size.top - 8}H${mx + 4}L${mx} ${size.top - 1}Z`} fill={colour} />
            ) : (
              <rect x={mx - 3.5} y={size.top - 8} width="7" height="7" fill={colour} />
            )}
            {props.size === "small" ? null : (
              // Cycles are tagged above the plot, annotations just inside its foot, so they never overlap.
              <text
                x={mx + 6}
                y={m.kind === "cycle" ? size.top - 2 : size.top + plotH - 4}
                font-size={size.font - 1}
                fill={colour}
              >
                {m.tag}
              </text>
            )}
          </g>
        );
      })}
      <polyline
        points={view.points.map((p, i) => `${x(i)},${y(p.value)}`).join(" ")}
        fill="none"
        stroke={COLOURS.line}
        stroke-width="1.5"
      />
      {view.points.map((p, i) =>
        p.signals.length > 0 ? (
          <path
            d={diamond(x(i), y(p.value), pointR + 2)}
            fill={COLOURS.signal}
            stroke="#1b1b1b"
            stroke-width="0.6"
          />
        ) : (
          <circle cx={x(i)} cy={y(p.value)} r={pointR} fill={COLOURS.line} />
        ),
      )}
    </svg>
  );
}

/** The sentence a screen reader hears for the chart (the table carries every number). */
export function chartDescription(view: ChartView, locale: Locale): string {
  const t = translator(chartViewCatalog, locale);
  const n = view.points.length;
  if (n === 0) return t("descNoSignals");
  const centre = view.points.find((p) => p.centre !== null)?.centre;
  const base = {
    n,
    first: view.points[0].label,
    last: view.points[n - 1].label,
    centre: centre === null || centre === undefined ? "—" : formatValue(view, centre, locale),
    kind: t(CHART_KIND_KEY[view.chart]),
  };
  const parts = [view.chart === "run" ? t("descRun", base) : t("descControl", base)];
  if (view.goal !== null) parts.push(t("descGoal", { goal: formatValue(view, view.goal, locale) }));
  parts.push(
    view.signals.length === 0
      ? t("descNoSignals")
      : t("descSignals", {
          n: view.signals.length,
          list: view.signals.map((s) => describeSignal(s, locale)).join(" "),
        }),
  );
  if (view.markers.length > 0) {
    parts.push(t("descMarkers", { list: view.markers.map((m) => `${m.tag} ${m.text}`).join("; ") }));
  }
  return parts.join(" ");
}

/** The legend: each mark's shape drawn beside its words (shapes, not colour alone). */
function Legend(props: { view: ChartView; locale: Locale }) {
  const t = translator(chartViewCatalog, props.locale);
  const items: Array<{ key: string; label: string; mark: preact.JSX.Element }> = [
    { key: "value", label: t("legendValue"), mark: <circle cx="10" cy="8" r="3.5" fill={COLOURS.line} /> },
    {
      key: "signal",
      label: t("legendSignal"),
      mark: <path d={diamond(10, 8, 5)} fill={COLOURS.signal} stroke="#1b1b1b" stroke-width="0.6" />,
    },
    {
      key: "centre",
      label: props.view.chart === "run" ? t("legendMedian") : t("legendCentre"),
      mark: <line x1="0" x2="20" y1="8" y2="8" stroke={COLOURS.centre} stroke-width="2" />,
    },
  ];
  if (props.view.chart !== "run") {
    items.push({
      key: "limits",
      label: t("legendLimits"),
      mark: (
        <line x1="0" x2="20" y1="8" y2="8" stroke={COLOURS.limit} stroke-width="2" stroke-dasharray="2 2" />
      ),
    });
  }
  if (props.view.goal !== null) {
    items.push({
      key: "goal",
      label: t("legendGoal"),
      mark: (
        <line
          x1="0"
          x2="20"
          y1="8"
          y2="8"
          stroke={COLOURS.goal}
          stroke-width="2"
          stroke-dasharray="8 3 2 3"
        />
      ),
    });
  }
  if (props.view.baselineTo !== null) {
    items.push({
      key: "baseline",
      label: t("legendBaseline"),
      mark: <rect x="2" y="1" width="16" height="14" fill={COLOURS.baseline} stroke={COLOURS.grid} />,
    });
  }
  if (props.view.markers.some((m) => m.kind === "cycle")) {
    items.push({
      key: "cycle",
      label: t("legendCycle"),
      mark: <path d="M6 2H14L10 10Z" fill={COLOURS.cycle} />,
    });
  }
  if (props.view.markers.some((m) => m.kind === "annotation")) {
    items.push({
      key: "annotation",
      label: t("legendAnnotation"),
      mark: <rect x="6" y="3" width="8" height="8" fill={COLOURS.annotation} />,
    });
  }
  return (
    <ul class="usa-list usa-list--unstyled display-flex flex-wrap font-body-2xs" aria-hidden="true">
      {items.map((item) => (
        <li class="margin-right-2 display-flex flex-align-center">
          <svg width="20" height="16" viewBox="0 0 20 16" class="margin-right-05" focusable="false">
            {item.mark}
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/**
 * The chart with its legend, the signals in words, the PDSA cycles and annotations listed, the
 * numbers as a table and a CSV link. Headings start at `headingLevel`.
 */
export function ChartWithTable(props: {
  id: string;
  title: string;
  view: ChartView;
  locale: Locale;
  csvHref?: string;
  headingLevel?: 2 | 3;
}) {
  const { view, locale } = props;
  const t = translator(chartViewCatalog, locale);
  const H = props.headingLevel === 3 ? "h3" : "h2";
  const proportion = view.points.some((p) => p.denominator !== null);
  const headers = [
    t("colNumber"),
    t("colPeriod"),
    t("colValue"),
    ...(proportion ? [t("colNumerator"), t("colDenominator")] : []),
    view.chart === "run" ? t("colMedian") : t("colCentre"),
    ...(view.chart === "run" ? [] : [t("colLower"), t("colUpper")]),
    t("colBaseline"),
    t("colSignals"),
  ];
  const fmt = (v: number | null) => (v === null ? "—" : formatValue(view, v, locale));
  const rows = view.points.map((p, i) => [
    String(i + 1),
    p.label,
    fmt(p.value),
    ...(proportion
      ? [
          p.numerator === null ? "—" : String(p.numerator),
          p.denominator === null ? "—" : String(p.denominator),
        ]
      : []),
    fmt(p.centre),
    ...(view.chart === "run" ? [] : [fmt(p.lower), fmt(p.upper)]),
    p.inBaseline && view.baselineTo !== null ? t("yes") : t("no"),
    p.signals.length === 0 ? t("none") : p.signals.map((rule) => t(RULE_KEY[rule])).join(", "),
  ]);
  return (
    <div class="smh-spc">
      <figure class="smh-chart margin-x-0">
        <ChartSvg id={props.id} title={props.title} view={view} locale={locale} />
        <Legend view={view} locale={locale} />
      </figure>
      <H>{t("signalsHeading")}</H>
      {view.signals.length === 0 ? (
        <p>{t("noSignals")}</p>
      ) : (
        <ul class="usa-list">
          {view.signals.map((s) => (
            <li>{describeSignal(s, locale)}</li>
          ))}
        </ul>
      )}
      {view.markers.length > 0 ? (
        <>
          <H>{t("markersHeading")}</H>
          <ul class="usa-list">
            {view.markers.map((m) => (
              <li>
                <strong>{m.tag}</strong> {m.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Table caption={t("tableCaption", { title: props.title })} headers={headers} rows={rows} />
      {props.csvHref ? (
        <p>
          <a class="usa-link" href={props.csvHref}>
            {t("csv")}
          </a>
        </p>
      ) : null}
    </div>
  );
}
