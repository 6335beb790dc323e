import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { machineDescription } from "./support";

const FILE = new URL("../docs/benchmarks.md", import.meta.url);

/** When a suite began and how busy the machine was then (the 1-minute load average). */
export interface SuiteStart {
  load1: number;
}

export function beginSuite(): SuiteStart {
  return { load1: loadavg()[0]! };
}

/** The line that opens every section: when, on what machine, and how busy it was. */
export function stamp(start: SuiteStart, now = new Date(), load1After = loadavg()[0]!): string {
  const when = now.toISOString().slice(0, 16).replace("T", " ");
  return `_Measured ${when} UTC on ${machineDescription()}; 1-minute load average ${start.load1.toFixed(2)} at the start, ${load1After.toFixed(2)} at the end._`;
}

/**
 * Replaces one suite's section of docs/benchmarks.md (between its markers) with the figures of
 * this run, so the document always shows the latest measured numbers with date, machine and load.
 */
export function recordSection(suite: string, markdown: string, start: SuiteStart) {
  const begin = `<!-- bench:${suite} -->`;
  const end = `<!-- /bench:${suite} -->`;
  const block = `${begin}\n${stamp(start)}\n\n${markdown.trim()}\n${end}`;
  let doc = existsSync(FILE) ? readFileSync(FILE, "utf8") : "# Benchmarks\n";
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  doc = pattern.test(doc) ? doc.replace(pattern, block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, doc);
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}
