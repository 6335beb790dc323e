/**
 * The report's score chart, drawn on the server: one bar per domain on the 1–6 scale over the
 * scoring bands, with the mean of each level above the school as a marker. It is an image with a
 * title and description for screen readers; the page always shows the same numbers in a table.
 * Labels sit above their bar so the chart stays readable when scaled down to a phone.
 */
export interface ScoreBar {
  label: string;
  value: number | null;
  /** Text drawn at the end of the bar (the score, or "not enough answers"). */
  valueText: string;
  /** Means of the levels above (only those the viewer may see and that are not suppressed). */
  markers: { key: string; value: number }[];
}

export interface ChartBand {
  key: string;
  label: string;
  min: number;
  max: number;
}

export interface ChartMarker {
  key: string;
  label: string;
  /** The letter drawn on the marker. */
  letter: string;
}

const WIDTH = 400;
const LEFT = 12;
const RIGHT = 388;
const ROW = 52;
const TOP = 24;
const BAND_FILL: Record<string, string> = { emerging: "#f8dfe2", progressing: "#faf3d1", mastery: "#ecf3ec" };
const MARKER_FILL = "#1b1b1b";

/** x of a score on the 1–6 scale. */
const xOf = (v: number) => LEFT + ((v - 1) / 5) * (RIGHT - LEFT);

export function ScoreChart(props: {
  id: string;
  title: string;
  description: string;
  bars: ScoreBar[];
  bands: ChartBand[];
  markers: ChartMarker[];
  legendTitle: string;
}) {
  const plotBottom = TOP + props.bars.length * ROW;
  const legendY = plotBottom + 34;
  const height = legendY + (props.markers.length > 0 ? 24 : 0) + 6;
  return (
    <figure class="smh-chart margin-x-0">
      <svg
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH * 1.6}
        height={height * 1.6}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {props.bands.map((band) => {
          // A band covers its scores rounded to one decimal: 1.0–2.9 reaches up to 2.95.
          const x1 = xOf(Math.max(1, band.min - 0.05));
          const x2 = xOf(Math.min(6, band.max + 0.05));
          return (
            <g class={`smh-band-${band.key}`}>
              <rect
                x={x1}
                y={TOP}
                width={x2 - x1}
                height={plotBottom - TOP}
                fill={BAND_FILL[band.key] ?? "#f0f0f0"}
              />
              <text x={(x1 + x2) / 2} y={TOP - 8} font-size="12" text-anchor="middle" fill="#1b1b1b">
                {band.label}
              </text>
            </g>
          );
        })}
        {[1, 2, 3, 4, 5, 6].map((i) => (
          <g>
            <line x1={xOf(i)} x2={xOf(i)} y1={TOP} y2={plotBottom} stroke="#a9aeb1" stroke-dasharray="2 3" />
            <text x={xOf(i)} y={plotBottom + 16} font-size="12" text-anchor="middle" fill="#1b1b1b">
              {i}
            </text>
          </g>
        ))}
        {props.bars.map((bar, i) => {
          const y = TOP + i * ROW;
          return (
            <g>
              <text x={LEFT} y={y + 16} font-size="13" fill="#1b1b1b">
                {bar.label.length > 44 ? `${bar.label.slice(0, 43)}…` : bar.label}
                {`: ${bar.valueText}`}
              </text>
              {bar.value !== null ? (
                <rect x={LEFT} y={y + 22} width={xOf(bar.value) - LEFT} height={18} fill="#005ea2" />
              ) : null}
              {bar.markers.map((m, k) => {
                const marker = props.markers.find((k) => k.key === m.key);
                const cx = xOf(m.value);
                return (
                  <g class="smh-mean-marker">
                    <line x1={cx} x2={cx} y1={y + 19} y2={y + 43} stroke={MARKER_FILL} stroke-width="2" />
                    <text x={cx + 3 + k * 8} y={y + 52} font-size="10" fill={MARKER_FILL}>
                      {marker?.letter ?? ""}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
        {props.markers.length > 0 ? (
          <text x={LEFT} y={legendY} font-size="12" fill="#1b1b1b">
            {`${props.legendTitle} ${props.markers.map((m) => `${m.letter} = ${m.label}`).join(", ")}`}
          </text>
        ) : null}
      </svg>
    </figure>
  );
}
