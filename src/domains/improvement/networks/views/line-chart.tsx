/**
 * A line chart of one series over periods, drawn on the server: points, the centre line (median
 * or mean), control limits where there are any, the goal, and signal points drawn as larger
 * diamonds (shape, not colour alone). `compact` draws a small multiple: same scale for every
 * team, no value labels (the table below and the team's page carry the numbers).
 */
export interface ChartSeriesPoint {
  label: string;
  value: number | null;
  centre?: number | null;
  upper?: number | null;
  lower?: number | null;
  signal?: boolean;
}

export function LineChart(props: {
  id: string;
  title: string;
  description: string;
  points: ChartSeriesPoint[];
  min: number;
  max: number;
  goal?: number | null;
  compact?: boolean;
  format: (value: number) => string;
}) {
  const compact = !!props.compact;
  const left = compact ? 6 : 56;
  const top = compact ? 6 : 16;
  const plotHeight = compact ? 70 : 220;
  const count = Math.max(1, props.points.length);
  const plotWidth = compact ? 220 : Math.max(320, Math.min(900, count * 28));
  const width = left + plotWidth + (compact ? 6 : 16);
  const height = top + plotHeight + (compact ? 6 : 46);
  const span = props.max - props.min || 1;
  const x = (i: number) => left + (count === 1 ? plotWidth / 2 : (i / (count - 1)) * plotWidth);
  const y = (v: number) => top + plotHeight - ((v - props.min) / span) * plotHeight;
  const path = (values: (number | null | undefined)[]) => {
    let d = "";
    let pen = false;
    values.forEach((v, i) => {
      if (v === null || v === undefined || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  const ticks = compact ? [] : [0, 0.25, 0.5, 0.75, 1].map((f) => props.min + f * span);
  const labelEvery = Math.max(1, Math.ceil(count / 12));
  return (
    <figure class="smh-chart margin-x-0 margin-y-1">
      <svg
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        <rect x={left} y={top} width={plotWidth} height={plotHeight} fill="#ffffff" stroke="#dfe1e2" />
        {ticks.map((tick) => (
          <g>
            <line x1={left} x2={left + plotWidth} y1={y(tick)} y2={y(tick)} stroke="#f0f0f0" />
            <text x={left - 6} y={y(tick) + 4} font-size="12" text-anchor="end" fill="#1b1b1b">
              {props.format(tick)}
            </text>
          </g>
        ))}
        {props.goal !== null && props.goal !== undefined ? (
          <line
            x1={left}
            x2={left + plotWidth}
            y1={y(props.goal)}
            y2={y(props.goal)}
            stroke="#00a91c"
            stroke-width="2"
            stroke-dasharray="2 4"
          />
        ) : null}
        <path d={path(props.points.map((p) => p.upper))} fill="none" stroke="#b50909" stroke-dasharray="6 4" />
        <path d={path(props.points.map((p) => p.lower))} fill="none" stroke="#b50909" stroke-dasharray="6 4" />
        <path d={path(props.points.map((p) => p.centre))} fill="none" stroke="#565c65" stroke-width="1.5" />
        <path d={path(props.points.map((p) => p.value))} fill="none" stroke="#005ea2" stroke-width="2" />
        {props.points.map((p, i) =>
          p.value === null ? null : p.signal ? (
            <path
              d={`M${x(i)} ${y(p.value) - 6}L${x(i) + 6} ${y(p.value)}L${x(i)} ${y(p.value) + 6}L${x(i) - 6} ${y(p.value)}Z`}
              fill="#d54309"
            />
          ) : (
            <circle cx={x(i)} cy={y(p.value)} r={compact ? 2 : 3.5} fill="#005ea2" />
          ),
        )}
        {compact
          ? null
          : props.points.map((p, i) =>
              i % labelEvery === 0 || i === count - 1 ? (
                <text x={x(i)} y={height - 24} font-size="11" text-anchor="middle" fill="#1b1b1b">
                  {p.label}
                </text>
              ) : null,
            )}
      </svg>
    </figure>
  );
}
