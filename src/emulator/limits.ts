/**
 * Bounds on what a request may carry. Adobe documents none of these for the four APIs the emulator
 * serves, so each is a choice, made small enough to catch a runaway client and large enough for
 * any object aepsync writes.
 */
import { isObj } from "./json.ts";

/**
 * Platform request bodies: 1 MiB, answered 413 in the gateway's `{error_code, message}` shape
 * (help/landing/troubleshooting.md documents that shape for the gateway's own refusals; the limit
 * itself is not published). The largest body aepsync sends, a mapping set or a schema, is a few KiB.
 */
export const MAX_PLATFORM_BODY_BYTES = 1024 * 1024;
/** The admin API seeds in bulk (10,000 objects per request in the scale tests): a larger bound. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024 * 1024;
/** Past this much, an oversized body is not even drained: the socket is closed. */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/** Names and titles of stored objects (Adobe silent; the UI's fields are short). */
export const MAX_NAME_LENGTH = 256;
/** Descriptions of stored objects (Adobe silent). */
export const MAX_DESCRIPTION_LENGTH = 4096;
/** Any other string in a body: an expression, a path, a tag value (Adobe silent). */
export const MAX_STRING_LENGTH = 64 * 1024;
/** Nesting of a JSON body (Adobe silent): deep enough for any XDM field group aepsync writes. */
export const MAX_JSON_DEPTH = 64;

/**
 * What is wrong with a body's strings or nesting, as `<pointer>: <problem>`, or undefined. Walks
 * without recursion, so that a hostile nesting cannot exhaust the stack.
 */
export function bodyShapeProblem(body: unknown): string | undefined {
  const stack: { value: unknown; pointer: string; depth: number }[] = [
    { value: body, pointer: "", depth: 0 },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, pointer, depth } = next;
    if (typeof value === "string") {
      if (value.length > MAX_STRING_LENGTH) {
        return `${pointer || "/"}: a string longer than ${MAX_STRING_LENGTH} characters`;
      }
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return `${pointer || "/"}: nested deeper than ${MAX_JSON_DEPTH} levels`;
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    for (const [key, child] of entries) {
      if (key.length > MAX_STRING_LENGTH)
        return `${pointer}/…: a key longer than ${MAX_STRING_LENGTH} characters`;
      stack.push({
        value: child,
        pointer: `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`,
        depth: depth + 1,
      });
    }
  }
  return undefined;
}

/**
 * The checks every stored object's display fields get, on create and after every update: `name`
 * (or `title`) a non-empty string when `required`, `description` a string, both bounded. Returns
 * the problem, or undefined.
 */
export function textFieldProblem(
  item: unknown,
  nameField: "name" | "title",
  required: boolean,
): string | undefined {
  if (!isObj(item)) return undefined;
  const name = item[nameField];
  if (name !== undefined || required) {
    if (typeof name !== "string" || name.trim() === "") return `'${nameField}' must be a non-empty string`;
    if (name.length > MAX_NAME_LENGTH) return `'${nameField}' must be at most ${MAX_NAME_LENGTH} characters`;
  }
  const description = item.description;
  if (description !== undefined) {
    if (typeof description !== "string") return "'description' must be a string";
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      return `'description' must be at most ${MAX_DESCRIPTION_LENGTH} characters`;
    }
  }
  return undefined;
}
