/**
 * Names for exported manifests: `metadata.name` from AEP display names (lowercase letters, digits
 * and '-', unique per kind), and environment variable names for credentials.
 */

const MAX_NAME = 63;

/** `HubSpot – Contacts (EU)` → `hubspot-contacts-eu`; "" when nothing usable is left. */
export function slugOf(display: string): string {
  const slug = display
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, MAX_NAME).replace(/-+$/, "");
}

/** Hands out names unique per kind, never one of the reserved names (this namespace's own). */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  /** The slug of `display`, or `fallback` when it has none, with `-2`, `-3`, … when taken. */
  allocate(display: string, fallback: string): string {
    const base = slugOf(display) || fallback;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) {
      const suffix = `-${n}`;
      name = `${base.slice(0, MAX_NAME - suffix.length).replace(/-+$/, "")}${suffix}`;
    }
    this.taken.add(name);
    return name;
  }
}

/** `clientSecret` → `CLIENT_SECRET`, `hubspot-account` → `HUBSPOT_ACCOUNT`. */
export function upperSnake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

/**
 * The variable prefix of a connection's params: its manifest name, led by the connector alias
 * unless the name holds a word of it (`HUBSPOT_ACCOUNT_MARKETING`, `ELOQUA_PROD`). Never `AEP_*`/`AEPSYNC_*` (aepsync's own settings) and never
 * starting with a digit.
 */
export function variablePrefix(connectionName: string, alias: string | undefined): string {
  let prefix = upperSnake(connectionName) || "CONNECTION";
  const lead = alias === undefined ? "" : upperSnake(alias);
  const words = new Set(prefix.split("_"));
  // Led by the connector unless the name says it already (`eloqua-prod` for oracle-eloqua).
  if (lead !== "" && !lead.split("_").some((w) => words.has(w))) prefix = `${lead}_${prefix}`;
  if (/^AEP(SYNC)?(_|$)/.test(prefix) || /^[0-9]/.test(prefix)) prefix = `SOURCE_${prefix}`;
  return prefix;
}

/** Unique environment variable names across the whole export. */
export class VariableAllocator {
  private readonly taken = new Set<string>();

  allocate(prefix: string, param: string): string {
    const base = `${prefix}_${upperSnake(param) || "PARAM"}`;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}
