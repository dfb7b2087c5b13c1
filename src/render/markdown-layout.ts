/** Fitting Markdown blocks into a length limit (GitHub's comment limit, a job summary's share). */

/** GitHub's limit for an issue or pull-request comment body. */
export const COMMENT_MAX_LENGTH = 65_536;

/** Blocks separated by blank lines; undefined and empty blocks left out. */
export function join(blocks: readonly (string | undefined)[]): string {
  return blocks.filter((b): b is string => b !== undefined && b !== "").join("\n\n");
}

/** How many of the first `items`, joined as blocks, fit `budget`. */
export function fitPrefix(items: readonly string[], budget: number): number {
  let used = 0;
  let kept = 0;
  for (const item of items) {
    const cost = item.length + 2;
    if (used + cost > budget) break;
    used += cost;
    kept += 1;
  }
  return kept;
}

/** fitPrefix for lines joined by a single newline. */
export function fitPrefixLines(lines: readonly string[], budget: number): number {
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    used += line.length + 1;
    kept += 1;
  }
  return kept;
}

/**
 * Last resort when even the fixed parts do not fit: the head (the caller's hidden marker) survives,
 * the rest is cut, never inside the head.
 */
export function limit(body: string, maxLength: number, head = ""): string {
  if (body.length <= maxLength) return body;
  const tail = "\n\n_Cut: too long for a comment; see the job summary._";
  if (head.length + tail.length > maxLength) return head.length <= maxLength ? head : "";
  const cut = body.slice(0, maxLength - tail.length);
  return (cut.startsWith(head) ? cut : head) + tail;
}
