#!/usr/bin/env node
// Runs the bundled CLI (lib/aepsync.js, built by `npm ci` through the `prepare` script).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = fileURLToPath(new URL("../lib/aepsync.js", import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write("aepsync: lib/aepsync.js is missing; run `npm ci` (or `npm run build`) first.\n");
  process.exit(1);
}
await import(bundle);
