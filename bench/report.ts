import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { machineDescription } from "./support";

const FILE = new URL("../docs/benchmarks.md", import.meta.url);

/**
 * Replaces one suite's section of docs/benchmarks.md (between its markers) with the figures of
 * this run, so the document always shows the latest measured numbers with date and machine.
 */
export function recordSection(suite: string, markdown: string) {
  const start = `<!-- bench:${suite} -->`;
  const end = `<!-- /bench:${suite} -->`;
  const block = `${start}\n_Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machineDescription()}._\n\n${markdown.trim()}\n${end}`;
  let doc = existsSync(FILE) ? readFileSync(FILE, "utf8") : "# Benchmarks\n";
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  doc = pattern.test(doc) ? doc.replace(pattern, block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, doc);
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}
