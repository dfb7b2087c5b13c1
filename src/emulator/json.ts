/** JSON values as the emulator stores them, and the JSON Patch / merge patch it applies. */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value != null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asObj(value: unknown): Obj | undefined {
  return isObj(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

export type PatchFailure = "unsupported-op" | "missing-path" | "invalid" | "test-failed";

export class PatchError extends Error {
  readonly failure: PatchFailure;
  readonly path: string;
  constructor(failure: PatchFailure, path: string, message: string) {
    super(message);
    this.name = "PatchError";
    this.failure = failure;
    this.path = path;
  }
}

/** Reads a body as JSON Patch operations, or undefined when it is not an array of `{op, path}`. */
export function readPatchOperations(body: unknown): PatchOperation[] | undefined {
  if (!Array.isArray(body)) return undefined;
  const ops: PatchOperation[] = [];
  for (const item of body) {
    if (!isObj(item) || typeof item.op !== "string" || typeof item.path !== "string") return undefined;
    const op: PatchOperation = { op: item.op, path: item.path };
    if ("value" in item) op.value = item.value;
    if (typeof item.from === "string") op.from = item.from;
    ops.push(op);
  }
  return ops;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new PatchError("invalid", pointer, `invalid JSON pointer '${pointer}'`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/**
 * Applies RFC 6902 operations to a copy of `doc` (op names case-insensitive: Flow Service documents
 * them upper-case in vendor/openapi/flow-service.yaml and lower-case in
 * help/sources/tutorials/api/update-dataflows.md). Throws PatchError.
 */
export function applyPatch<T>(doc: T, operations: readonly PatchOperation[], allowed: readonly string[]): T {
  const result: unknown = clone(doc);
  for (const operation of operations) {
    const op = operation.op.toLowerCase();
    if (!allowed.includes(op)) {
      throw new PatchError("unsupported-op", operation.path, `Unsupported operation '${operation.op}'`);
    }
    const tokens = parsePointer(operation.path);
    if (tokens.length === 0) throw new PatchError("invalid", operation.path, "the root cannot be patched");
    switch (op) {
      case "add":
        addAt(result, tokens, clone(operation.value), operation.path);
        break;
      case "remove":
        removeAt(result, tokens, operation.path);
        break;
      case "replace":
        removeAt(result, tokens, operation.path);
        addAt(result, tokens, clone(operation.value), operation.path);
        break;
      case "move":
      case "copy": {
        const from = operation.from ?? "";
        const fromTokens = parsePointer(from);
        const value = clone(getAt(result, fromTokens, from));
        if (op === "move") removeAt(result, fromTokens, from);
        addAt(result, tokens, value, operation.path);
        break;
      }
      case "test":
        if (!deepEqual(getAt(result, tokens, operation.path), operation.value)) {
          throw new PatchError("test-failed", operation.path, `test failed at '${operation.path}'`);
        }
        break;
      default:
        throw new PatchError("unsupported-op", operation.path, `Unsupported operation '${operation.op}'`);
    }
  }
  return result as T;
}

/** Whether `pointer` names an existing value of `doc`. */
export function hasPointer(doc: unknown, pointer: string): boolean {
  try {
    getAt(doc, parsePointer(pointer), pointer);
    return true;
  } catch {
    return false;
  }
}

function getAt(doc: unknown, tokens: readonly string[], pointer: string): unknown {
  let current = doc;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      const index = arrayIndex(token, current.length - 1, pointer);
      current = current[index];
    } else if (isObj(current) && Object.hasOwn(current, token)) {
      current = current[token];
    } else {
      throw new PatchError("missing-path", pointer, `Missing field "${pointer}"`);
    }
  }
  return current;
}

function addAt(doc: unknown, tokens: readonly string[], value: unknown, pointer: string): void {
  const parent = getAt(doc, tokens.slice(0, -1), pointer);
  const last = tokens[tokens.length - 1] ?? "";
  if (Array.isArray(parent)) {
    if (last === "-") parent.push(value);
    else parent.splice(arrayIndex(last, parent.length, pointer), 0, value);
  } else if (isObj(parent)) {
    parent[last] = value;
  } else {
    throw new PatchError("missing-path", pointer, `Missing field "${pointer}"`);
  }
}

function removeAt(doc: unknown, tokens: readonly string[], pointer: string): void {
  const parent = getAt(doc, tokens.slice(0, -1), pointer);
  const last = tokens[tokens.length - 1] ?? "";
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(last, parent.length - 1, pointer), 1);
  } else if (isObj(parent) && Object.hasOwn(parent, last)) {
    delete parent[last];
  } else {
    throw new PatchError("missing-path", pointer, `Missing field "${pointer}"`);
  }
}

function arrayIndex(token: string, max: number, pointer: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) > max) {
    throw new PatchError("missing-path", pointer, `Missing field "${pointer}"`);
  }
  return Number(token);
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const result: Obj = isObj(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value == null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
