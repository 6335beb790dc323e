/**
 * A tile map of the states: one square per state or territory, placed roughly where it lies,
 * shaded by a figure (a percentage unless the caller passes its own scale). Each tile says its code and figure in text, so colour is never the
 * only cue; the page shows the same figures in a table beside it.
 */
const TILES: Record<string, [col: number, row: number]> = {
  AK: [0, 0],
  ME: [10, 0],
  VT: [9, 1],
  NH: [10, 1],
  WA: [0, 2],
  ID: [1, 2],
  MT: [2, 2],
  ND: [3, 2],
  MN: [4, 2],
  IL: [5, 2],
  WI: [6, 2],
  MI: [7, 2],
  NY: [8, 2],
  RI: [9, 2],
  MA: [10, 2],
  OR: [0, 3],
  NV: [1, 3],
  WY: [2, 3],
  SD: [3, 3],
  IA: [4, 3],
  IN: [5, 3],
  OH: [6, 3],
  PA: [7, 3],
  NJ: [8, 3],
  CT: [9, 3],
  CA: [0, 4],
  UT: [1, 4],
  CO: [2, 4],
  NE: [3, 4],
  MO: [4, 4],
  KY: [5, 4],
  WV: [6, 4],
  VA: [7, 4],
  MD: [8, 4],
  DE: [9, 4],
  AZ: [1, 5],
  NM: [2, 5],
  KS: [3, 5],
  AR: [4, 5],
  TN: [5, 5],
  NC: [6, 5],
  SC: [7, 5],
  DC: [8, 5],
  OK: [3, 6],
  LA: [4, 6],
  MS: [5, 6],
  AL: [6, 6],
  GA: [7, 6],
  HI: [0, 7],
  TX: [3, 7],
  FL: [8, 7],
  GU: [0, 9],
  MP: [1, 9],
  AS: [2, 9],
  PR: [8, 9],
  VI: [9, 9],
};

/** One step of a map's scale: tiles whose figure is at least `min` take this fill and text colour. */
export interface Shade {
  min: number;
  fill: string;
  text: string;
}

/**
 * Light to dark over a percentage; text switches to white where the fill is dark enough for AA
 * contrast. A map of another figure (a mean on a 1–6 scale) passes its own steps in these colours.
 */
export const SHADES: Shade[] = [
  { min: 0, fill: "#f0f0f0", text: "#1b1b1b" },
  { min: 1, fill: "#d9e8f6", text: "#1b1b1b" },
  { min: 25, fill: "#73b3e7", text: "#1b1b1b" },
  { min: 50, fill: "#2378c3", text: "#ffffff" },
  { min: 75, fill: "#1a4480", text: "#ffffff" },
];

const shadeFor = (shades: Shade[], value: number | null) =>
  [...shades].reverse().find((s) => value !== null && value >= s.min) ?? shades[0]!;

export function TileMap(props: {
  id: string;
  title: string;
  description: string;
  tiles: { code: string; pct: number | null; label: string }[];
  legend: { fromLabel: (min: number) => string };
  /** The scale's steps, lowest first; the percentage steps when left out. */
  shades?: Shade[];
}) {
  const shades = props.shades ?? SHADES;
  const size = 52;
  const gap = 4;
  const width = 11 * (size + gap);
  const height = 10 * (size + gap);
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
        {props.tiles
          .filter((tile) => TILES[tile.code])
          .map((tile) => {
            const [col, row] = TILES[tile.code]!;
            const shade = shadeFor(shades, tile.pct);
            const x = col * (size + gap);
            const y = row * (size + gap);
            return (
              <g>
                <rect
                  x={x}
                  y={y}
                  width={size}
                  height={size}
                  fill={shade.fill}
                  stroke="#565c65"
                  stroke-width="1"
                />
                <text
                  x={x + size / 2}
                  y={y + 22}
                  font-size="14"
                  font-weight="bold"
                  text-anchor="middle"
                  fill={shade.text}
                >
                  {tile.code}
                </text>
                <text x={x + size / 2} y={y + 40} font-size="12" text-anchor="middle" fill={shade.text}>
                  {tile.label}
                </text>
              </g>
            );
          })}
      </svg>
      <figcaption>
        <ul class="usa-list usa-list--unstyled display-flex flex-wrap">
          {shades.map((s) => (
            <li class="margin-right-2 display-flex flex-align-center">
              <svg width="16" height="16" aria-hidden="true">
                <rect width="16" height="16" fill={s.fill} stroke="#565c65" />
              </svg>
              <span class="margin-left-05">{props.legend.fromLabel(s.min)}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
