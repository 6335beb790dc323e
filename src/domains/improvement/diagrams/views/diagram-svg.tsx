import type { Branch, DriverNode } from "../service";

/**
 * The driver diagram drawn as SVG, server-side: four columns (aim, primary drivers, secondary
 * drivers, change ideas), each box joined to the one it drives. One row per leaf; a box sits
 * across the rows of what is under it. The same tree is on the page as a nested list, which is
 * what a screen reader reads: the SVG is one image with a title and a description.
 */
export interface DiagramLabels {
  title: string;
  description: string;
  columns: [string, string, string, string];
  aim: string;
}

const COL_X = [10, 260, 510, 760];
const BOX_W = 230;
const ROW_H = 64;
const TOP = 40;
const BOX_H = 52;
const CHARS = 34;

/** Up to three lines of a title, cut at words; the full text is in the list beside it. */
export function wrap(text: string, chars = CHARS, lines = 3): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = "";
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= chars) line = next;
    else {
      if (line) out.push(line);
      line = word.length > chars ? `${word.slice(0, chars - 1)}…` : word;
    }
    if (out.length === lines) break;
  }
  if (out.length < lines && line) out.push(line);
  if (out.length === lines && words.join(" ").length > out.join(" ").length) {
    const last = out[lines - 1]!;
    out[lines - 1] = `${last.slice(0, chars - 1)}…`;
  }
  return out;
}

interface Placed {
  id: string;
  title: string;
  column: number;
  row: number;
  parentId: string | null;
  kind: "aim" | "driver" | "change";
}

/** Rows and columns of every box: leaves one row each, parents centred over their children. */
export function layout(tree: Branch<DriverNode>[], aim: string): { boxes: Placed[]; rows: number } {
  const boxes: Placed[] = [];
  let nextRow = 0;
  const place = (b: Branch<DriverNode>): number => {
    const rows = b.children.map(place);
    const row = rows.length === 0 ? nextRow++ : (Math.min(...rows) + Math.max(...rows)) / 2;
    boxes.push({
      id: b.node.id,
      title: b.node.title,
      column: b.node.kind === "change" ? 3 : b.depth,
      row,
      parentId: b.node.parentId ?? "aim",
      kind: b.node.kind,
    });
    return row;
  };
  const tops = tree.map(place);
  const rows = Math.max(nextRow, 1);
  boxes.push({
    id: "aim",
    title: aim,
    column: 0,
    row: tops.length ? (Math.min(...tops) + Math.max(...tops)) / 2 : 0,
    parentId: null,
    kind: "aim",
  });
  return { boxes, rows };
}

const FILL = { aim: "#1a4480", driver: "#e7f2f5", change: "#fef0c8" } as const;

export function DiagramSvg(props: { tree: Branch<DriverNode>[]; labels: DiagramLabels; id: string }) {
  const { boxes, rows } = layout(props.tree, props.labels.aim);
  const height = TOP + rows * ROW_H + 10;
  const y = (row: number) => TOP + row * ROW_H;
  const byId = new Map(boxes.map((b) => [b.id, b]));
  return (
    <figure class="margin-x-0">
      <svg
        viewBox={`0 0 1000 ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
      >
        <title id={`${props.id}-title`}>{props.labels.title}</title>
        <desc id={`${props.id}-desc`}>{props.labels.description}</desc>
        {props.labels.columns.map((label, i) => (
          <text x={COL_X[i]! + 4} y={20} font-size="15" font-weight="bold" fill="#1b1b1b">
            {label}
          </text>
        ))}
        {boxes
          .filter((b) => b.parentId)
          .map((b) => {
            const parent = byId.get(b.parentId!)!;
            const x1 = COL_X[parent.column]! + BOX_W;
            const y1 = y(parent.row) + BOX_H / 2;
            const x2 = COL_X[b.column]!;
            const y2 = y(b.row) + BOX_H / 2;
            const mid = (x1 + x2) / 2;
            return (
              <path
                d={`M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`}
                fill="none"
                stroke="#565c65"
                stroke-width="1.5"
              />
            );
          })}
        {boxes.map((b) => (
          <g>
            <rect
              x={COL_X[b.column]}
              y={y(b.row)}
              width={BOX_W}
              height={BOX_H}
              rx={b.kind === "change" ? 14 : 4}
              fill={FILL[b.kind]}
              stroke="#1b1b1b"
              stroke-width="1"
              stroke-dasharray={b.kind === "change" ? "5 3" : undefined}
            />
            {wrap(b.title).map((line, i) => (
              <text
                x={COL_X[b.column]! + 8}
                y={y(b.row) + 16 + i * 15}
                font-size="13"
                fill={b.kind === "aim" ? "#ffffff" : "#1b1b1b"}
              >
                {line}
              </text>
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}
