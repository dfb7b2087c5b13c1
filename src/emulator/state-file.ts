/** The JSON state file: loaded at start, written atomically, writes coalesced. */
import { readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ConfigError } from "../errors.ts";

const MIN_INTERVAL_MS = 100;

export async function readStateFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError(`cannot read the emulator state file ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`the emulator state file ${path} is not valid JSON`, { cause: error });
  }
}

/**
 * Writes at most one snapshot per interval, and never two at once. The interval grows with the
 * cost of a write (serializing 10,000 flows takes a while), so a burst of changes does not turn
 * into a stream of full rewrites.
 */
export class StateFile {
  readonly #path: string;
  readonly #snapshot: () => unknown;
  readonly #onError: (error: unknown) => void;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #lastWriteMs = 0;
  #sequence = 0;

  constructor(path: string, snapshot: () => unknown, onError: (error: unknown) => void) {
    this.#path = path;
    this.#snapshot = snapshot;
    this.#onError = onError;
  }

  markDirty(): void {
    this.#dirty = true;
    this.#schedule();
  }

  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#writing !== undefined) await this.#writing;
    if (this.#dirty) await this.#write();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#writing !== undefined) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#write().catch(this.#onError);
      },
      Math.max(MIN_INTERVAL_MS, this.#lastWriteMs * 2),
    );
    this.#timer.unref();
  }

  async #write(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    const started = Date.now();
    const text = JSON.stringify(this.#snapshot());
    // Same directory as the target, so that the rename is atomic.
    const temp = join(dirname(this.#path), `.${basename(this.#path)}.${started}-${this.#sequence++}.tmp`);
    const writing = writeFile(temp, text, "utf8").then(() => rename(temp, this.#path));
    this.#writing = writing;
    try {
      await writing;
    } catch (error) {
      // Kept dirty: the next change or flush() tries again.
      this.#dirty = true;
      this.#writing = undefined;
      throw error;
    }
    this.#writing = undefined;
    this.#lastWriteMs = Date.now() - started;
    if (this.#dirty) this.#schedule();
  }
}
