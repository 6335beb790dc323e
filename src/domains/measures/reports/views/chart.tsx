/**
 * A horizontal bar chart drawn on the server. It is an image with a title and description for
 * screen readers; the page always shows the same numbers in a table beside it.
 */
export interface Bar {
  label: string;
  value: number | null;
  /** Text drawn at the end of the bar (the score, or "not enough answers"). */
  valueText: string;
}

export function BarChart(props: {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
  max: number;
}) {
  const rowHeight = 34;
  const labelWidth = 330;
  const plotWidth = 360;
  const height = props.bars.length * rowHeight + 30;
  const x = (v: number) => labelWidth + (v / props.max) * plotWidth;
  return (
    <figure class="smh-chart margin-x-0">
      <svg
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        viewBox={`0 0 ${labelWidth + plotWidth + 60} ${height}`}
        width={labelWidth + plotWidth + 60}
        height={height}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {Array.from({ length: props.max + 1 }, (_, i) => (
          <g>
            <line x1={x(i)} x2={x(i)} y1={0} y2={height - 22} stroke="#dfe1e2" />
            <text x={x(i)} y={height - 6} font-size="12" text-anchor="middle" fill="#1b1b1b">
              {i}
            </text>
          </g>
        ))}
        {props.bars.map((bar, i) => {
          const y = i * rowHeight + 6;
          return (
            <g>
              <text x={labelWidth - 8} y={y + 17} font-size="13" text-anchor="end" fill="#1b1b1b">
                {bar.label.length > 46 ? `${bar.label.slice(0, 45)}…` : bar.label}
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
              <text
                x={(bar.value !== null ? x(bar.value) : labelWidth) + 6}
                y={y + 17}
                font-size="13"
                fill="#1b1b1b"
              >
                {bar.valueText}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
