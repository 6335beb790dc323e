/**
 * Census charts drawn on the server as SVG images with a title and a description; every chart
 * sits beside a table holding the same numbers, which is what screen readers and keyboards use.
 */
const INK = "#1b1b1b";
const GRID = "#dfe1e2";
/** USWDS colours that stay apart for common colour-vision differences, darkest first. */
export const SERIES_COLOURS = [
  "#005ea2",
  "#c05600",
  "#00a398",
  "#8168b3",
  "#d83933",
  "#5c6b3c",
  "#1a4480",
  "#936f38",
];

const shorten = (label: string, max: number) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);

export interface HBar {
  label: string;
  value: number | null;
  valueText: string;
  /** A mark across the bar (a recommended ratio). */
  marker?: number | null;
}

export function HBarChart(props: { id: string; title: string; description: string; bars: HBar[] }) {
  const rowHeight = 34;
  const labelWidth = 300;
  const plotWidth = 360;
  const height = props.bars.length * rowHeight + 10;
  const max = Math.max(1, ...props.bars.flatMap((b) => [b.value ?? 0, b.marker ?? 0])) * 1.05;
  const x = (v: number) => labelWidth + (v / max) * plotWidth;
  return (
    <figure class="smh-chart margin-x-0">
      <svg
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        viewBox={`0 0 ${labelWidth + plotWidth + 110} ${height}`}
        width={labelWidth + plotWidth + 110}
        height={height}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        <line x1={labelWidth} x2={labelWidth} y1={0} y2={height} stroke={GRID} />
        {props.bars.map((bar, i) => {
          const y = i * rowHeight + 6;
          return (
            <g>
              <text x={labelWidth - 8} y={y + 17} font-size="13" text-anchor="end" fill={INK}>
                {shorten(bar.label, 42)}
              </text>
              {bar.value !== null ? (
                <rect
                  x={labelWidth}
                  y={y}
                  width={x(bar.value) - labelWidth}
                  height={rowHeight - 12}
                  fill="#005ea2"
                />
              ) : null}
              {bar.marker ? (
                <line
                  x1={x(bar.marker)}
                  x2={x(bar.marker)}
                  y1={y - 4}
                  y2={y + rowHeight - 8}
                  stroke="#d83933"
                  stroke-width="3"
                  stroke-dasharray="4 2"
                />
              ) : null}
              <text x={x(bar.value ?? 0) + 6} y={y + 17} font-size="13" fill={INK}>
                {bar.valueText}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export interface Series {
  label: string;
  /** One value per x label (null: no value that year). */
  values: (number | null)[];
}

/** One line per series across the school years, with a legend under the plot. */
export function LineChart(props: {
  id: string;
  title: string;
  description: string;
  xLabels: string[];
  series: Series[];
  /** Fixed top of the scale (6 for domain means, 100 for percentages); else from the data. */
  max?: number;
  min?: number;
}) {
  const left = 56;
  const plotWidth = Math.max(240, props.xLabels.length * 120);
  const plotHeight = 200;
  const legendRow = 20;
  const height = plotHeight + 40 + props.series.length * legendRow;
  const values = props.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const min = props.min ?? 0;
  const max = props.max ?? Math.max(1, ...values) * 1.1;
  const x = (i: number) =>
    left + (props.xLabels.length === 1 ? plotWidth / 2 : (i / (props.xLabels.length - 1)) * plotWidth);
  const y = (v: number) => 10 + plotHeight - ((v - min) / (max - min)) * plotHeight;
  const ticks = Array.from({ length: 5 }, (_, i) => min + ((max - min) * i) / 4);
  return (
    <figure class="smh-chart margin-x-0">
      <svg
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        viewBox={`0 0 ${left + plotWidth + 40} ${height}`}
        width={left + plotWidth + 40}
        height={height}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {ticks.map((v) => (
          <g>
            <line x1={left} x2={left + plotWidth} y1={y(v)} y2={y(v)} stroke={GRID} />
            <text x={left - 6} y={y(v) + 4} font-size="12" text-anchor="end" fill={INK}>
              {Math.round(v * 10) / 10}
            </text>
          </g>
        ))}
        {props.xLabels.map((label, i) => (
          <text x={x(i)} y={plotHeight + 28} font-size="12" text-anchor="middle" fill={INK}>
            {label}
          </text>
        ))}
        {props.series.map((s, k) => {
          const colour = SERIES_COLOURS[k % SERIES_COLOURS.length]!;
          const points = s.values
            .map((v, i) => (v === null ? null : `${x(i)},${y(v)}`))
            .filter((p): p is string => p !== null);
          return (
            <g>
              {points.length > 1 ? (
                <polyline points={points.join(" ")} fill="none" stroke={colour} stroke-width="2.5" />
              ) : null}
              {s.values.map((v, i) =>
                v === null ? null : <circle cx={x(i)} cy={y(v)} r="4" fill={colour} />,
              )}
              <rect x={left} y={plotHeight + 40 + k * legendRow} width="14" height="4" fill={colour} />
              <text x={left + 20} y={plotHeight + 46 + k * legendRow} font-size="12" fill={INK}>
                {shorten(s.label, 70)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
