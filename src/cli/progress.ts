/**
 * Apply progress on stderr: `[n/N] <elapsed> <address>: <action> <status>`. On a terminal it is
 * one line that updates in place (at most every 100 ms) and stays as the last state; otherwise
 * one plain line per change that did something or could not (unchanged objects are only counted,
 * and once the run is interrupted the changes it skips are left to the summary).
 */
import type { ChangeResult } from "../engine/index.ts";

export interface ProgressOptions {
  write: (text: string) => void;
  tty: boolean;
  /** Terminal width: the updating line is cut to fit, or it would wrap and stop updating in place. */
  columns?: number;
  now?: () => number;
}

export interface Progress {
  /** Starts (or restarts) the clock: when applying starts. */
  start(): void;
  onResult(result: ChangeResult, done: number, total: number): void;
  /** A log line between progress lines (the updating line is cleared first, then redrawn). */
  log(line: string): void;
  /** From now on, changes skipped are not listed one by one (Ctrl-C: the summary counts them). */
  interrupted(): void;
  /** Ends the updating line; call once, before the summary. */
  finish(): void;
}

const REDRAW_MS = 100;
const CLEAR_LINE = "\r\u001b[2K";

export function formatElapsed(ms: number): string {
  const seconds = ms / 1_000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds - m * 60);
  return `${m}m${String(s).padStart(2, "0")}s`;
}

export function progressLine(result: ChangeResult, done: number, total: number, elapsedMs: number): string {
  return `[${done}/${total}] ${formatElapsed(elapsedMs)} ${result.address}: ${result.action} ${result.status}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const columns = options.columns !== undefined && options.columns > 0 ? options.columns : 80;
  const width = Math.max(20, columns - 1);
  let started = now();
  let current: string | undefined;
  let drawnAt = -Infinity;
  let drawn = false;
  let quietSkips = false;
  const fit = (line: string): string => (line.length > width ? `${line.slice(0, width - 1)}…` : line);
  const draw = (): void => {
    if (current === undefined) return;
    options.write(`${CLEAR_LINE}${fit(current)}`);
    drawn = true;
    drawnAt = now();
  };
  return {
    start() {
      started = now();
    },
    onResult(result, done, total) {
      const line = progressLine(result, done, total, now() - started);
      if (options.tty) {
        current = line;
        if (done === total || now() - drawnAt >= REDRAW_MS) draw();
        return;
      }
      if (result.status === "unchanged") return;
      if (result.status === "skipped" && quietSkips) return;
      options.write(`${line}${result.message !== undefined ? ` (${result.message})` : ""}\n`);
    },
    log(line) {
      if (options.tty && drawn) {
        options.write(`${CLEAR_LINE}${line}\n`);
        draw();
      } else options.write(`${line}\n`);
    },
    interrupted() {
      quietSkips = true;
    },
    finish() {
      if (!options.tty || current === undefined) return;
      draw();
      options.write("\n");
      current = undefined;
      drawn = false;
    },
  };
}
