/**
 * A line chart of one figure over school years, drawn on the server. Each point carries its value
 * as text (colour and position are never the only cue) and the page shows the same figures in a
 * table under it. Hidden years leave a gap rather than a guessed point.
 */
export function TrendChart(props: {
  id: string;
  title: string;
  description: string;
  points: { label: string; value: number | null; valueText: string }[];
  min: number;
  max: number;
}) {
  const left = 40;
  const top = 20;
  const plotHeight = 200;
  const step = 110;
  const width = left + Math.max(1, props.points.length) * step + 20;
  const height = top + plotHeight + 40;
  const x = (i: number) => left + step / 2 + i * step;
  const y = (v: number) => top + plotHeight - ((v - props.min) / (props.max - props.min)) * plotHeight;
  const ticks = Array.from({ length: props.max - props.min + 1 }, (_, i) => props.min + i);
  const segments = props.points.slice(1).flatMap((point, i) => {
    const before = props.points[i]!;
    return before.value !== null && point.value !== null
      ? [{ x1: x(i), y1: y(before.value), x2: x(i + 1), y2: y(point.value) }]
      : [];
  });
  return (
    <figure class="smh-chart margin-x-0">
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
        {ticks.map((tick) => (
          <g>
            <line x1={left} x2={width - 10} y1={y(tick)} y2={y(tick)} stroke="#dfe1e2" />
            <text x={left - 8} y={y(tick) + 4} font-size="12" text-anchor="end" fill="#1b1b1b">
              {tick}
            </text>
          </g>
        ))}
        {segments.map((s) => (
          <line x1={s.x1} y1={s.y1} x2={s.x2} y2={s.y2} stroke="#005ea2" stroke-width="3" />
        ))}
        {props.points.map((point, i) => (
          <g>
            {point.value !== null ? <circle cx={x(i)} cy={y(point.value)} r="5" fill="#005ea2" /> : null}
            <text
              x={x(i)}
              y={point.value !== null ? y(point.value) - 10 : top + plotHeight - 6}
              font-size="13"
              font-weight="bold"
              text-anchor="middle"
              fill="#1b1b1b"
            >
              {point.valueText}
            </text>
            <text x={x(i)} y={height - 10} font-size="13" text-anchor="middle" fill="#1b1b1b">
              {point.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
