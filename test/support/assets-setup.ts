import { ensureAssets } from "../../scripts/build-assets";

/** Pages link the built stylesheet and script: build them first when dist/ is missing or stale. */
export default function setup() {
  ensureAssets();
}
