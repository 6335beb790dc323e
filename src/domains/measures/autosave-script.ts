import { readFileSync } from "node:fs";

/**
 * The section form's autosave script (assets/autosave.js), which pages link under its
 * fingerprinted /assets/ name. Still answered at /measures/autosave.js for pages rendered before
 * it moved there.
 */
export const AUTOSAVE_SCRIPT = readFileSync(new URL("./assets/autosave.js", import.meta.url), "utf8");
