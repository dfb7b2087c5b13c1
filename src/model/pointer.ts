/** JSON Pointers (RFC 6901): the one escape every module uses for keys that hold `/` or `~`. */

export function escapePointer(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

export function unescapePointer(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** The value at a JSON Pointer; undefined where the path does not exist. */
export function valueAt(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let node: unknown = value;
  for (const raw of pointer.slice(1).split("/")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[unescapePointer(raw)];
  }
  return node;
}
