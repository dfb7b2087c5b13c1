/**
 * Rules that keep hostile or careless manifests from leaking credentials or misleading a reviewer:
 * `${env:}` never carries a credential, no invisible characters, numbers within AEP's bounds. Pure.
 */
import { escapePointer, isPlainObject } from "../schema/index.ts";
import { credentialPartOf, isReservedEnvName } from "./credentials.ts";
import type { Diagnostic } from "./diagnostic.ts";
import {
  describeUnsafeCharacter,
  findUnsafeCharacter,
  type TextUse,
  type UnsafeCharacter,
} from "./invisible.ts";
import type { LoadedManifest } from "./model.ts";
import { parseSingleReference, scanReferences } from "./references.ts";
import { report } from "./rules.ts";
import type { Locatable, ManifestDocument, Rule, RuleContext } from "./rules.ts";

/** Called for every string value and mapping key; `pointer()` builds its JSON Pointer on demand. */
type Visitor = (value: string, key: boolean, pointer: () => string) => void;

/**
 * Every string and mapping key under `value`, in document order. Pointers are only built for
 * the few strings a rule reports on: building one per node costs more than the checks.
 */
function visitStrings(value: unknown, pointer: () => string, visit: Visitor): void {
  if (typeof value === "string") {
    visit(value, false, pointer);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visitStrings(value[i], () => `${pointer()}/${i}`, visit);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const child = () => `${pointer()}/${escapePointer(key)}`;
      visit(key, true, child);
      visitStrings(value[key], child, visit);
    }
  }
}

const root = () => "";

const AUTH_PARAM = /^\/spec\/auth\/params\/[^/]+$/;

/** Prose fields: a description anywhere, a mapping expression, an annotation value. */
function useOf(pointer: string): TextUse {
  const last = pointer.slice(pointer.lastIndexOf("/") + 1);
  if (last === "description" || last === "expression") return "text";
  return /^\/metadata\/annotations\/[^/]+$/.test(pointer) ? "text" : "name";
}

interface Unsafe {
  pointer: string;
  key: boolean;
  found: UnsafeCharacter;
}

/** The first character of a key or value that may not be there (names allow the least). */
function unsafeIn(value: string, key: boolean, pointer: () => string): Unsafe | undefined {
  // What passes as a name passes as text: the pointer, needed to tell them apart, is rarely built.
  let found = findUnsafeCharacter(value, "name");
  if (found === undefined) return undefined;
  const path = pointer();
  if (!key && useOf(path) === "text") found = findUnsafeCharacter(value, "text");
  return found === undefined ? undefined : { pointer: path, key, found };
}

/** What the rules of this file need from the strings of every manifest, gathered in one walk. */
interface Scan {
  envUses: { doc: ManifestDocument; pointer: string; name: string }[];
  /** `${secret:NAME}` names with where each is first used (`file:line`). */
  secretNames: Map<string, string>;
  unsafe: { doc: ManifestDocument; at: Unsafe }[];
}

const scans = new WeakMap<RuleContext, Scan>();

function scanOf(ctx: RuleContext): Scan {
  const cached = scans.get(ctx);
  if (cached !== undefined) return cached;
  const scan: Scan = { envUses: [], secretNames: new Map(), unsafe: [] };
  for (const doc of ctx.documents) {
    visitStrings(doc.data, root, (value, key, pointer) => {
      const at = unsafeIn(value, key, pointer);
      if (at !== undefined) scan.unsafe.push({ doc, at });
      if (key || !value.includes("${")) return;
      for (const { scheme, name } of scanReferences(value).references) {
        if (scheme === "env") scan.envUses.push({ doc, pointer: pointer(), name });
        else if (scheme === "secret" && !scan.secretNames.has(name))
          scan.secretNames.set(name, `${doc.file}:${doc.locate(pointer()).line}`);
      }
    });
  }
  scans.set(ctx, scan);
  return scan;
}

// ---------------------------------------------------------------------------------------------
// ${env:NAME} never carries a credential

/** publicEnv of aepsync.yaml, read from the raw file so that one broken environment does not hide it. */
function publicEnvOf(ctx: RuleContext): Set<string> {
  const raw = ctx.rawConfig?.data;
  const list = isPlainObject(raw) && Array.isArray(raw.publicEnv) ? raw.publicEnv : [];
  return new Set(list.filter((name): name is string => typeof name === "string"));
}

/**
 * `${env:NAME}` values are printed by plan (text, Markdown, JSON), in PR comments and job
 * summaries, and sent to AEP. A credential read that way leaks; refuse the names that are or may
 * be credentials: aepsync's own settings, names also used as `${secret:}`, and credential-like
 * names not declared harmless under publicEnv.
 */
export const checkEnvCredentials: Rule = (ctx) => {
  const { envUses, secretNames: secrets } = scanOf(ctx);
  const publicEnv = publicEnvOf(ctx);
  for (const { doc, pointer, name } of envUses) {
    if (isReservedEnvName(name)) {
      report(
        ctx,
        doc,
        pointer,
        "env-credential",
        `\${env:${name}} reads one of aepsync's own settings (AEP_* and AEPSYNC_* hold its AEP credentials), which manifests never read: use another variable, or \${var:NAME} from aepsync.yaml`,
      );
      continue;
    }
    const secretAt = secrets.get(name);
    if (secretAt !== undefined) {
      report(
        ctx,
        doc,
        pointer,
        "env-credential",
        `${name} is a secret (used as \${secret:${name}} at ${secretAt}): \${env:} values are printed in plans and comments, so a secret is only read as \${secret:${name}} in a Connection's auth.params`,
      );
      continue;
    }
    const part = credentialPartOf(name);
    if (part === undefined || publicEnv.has(name)) continue;
    const inAuth = doc.kind === "Connection" && AUTH_PARAM.test(pointer);
    const asSecret = inAuth ? ` (in auth.params: \${secret:${name}})` : "";
    report(
      ctx,
      doc,
      pointer,
      "env-credential",
      `\${env:${name}} looks like a credential (its name contains ${part}) and \${env:} values are printed in plans and comments and sent to AEP: pass credentials as \${secret:NAME}${asSecret}; if ${name} is not a credential, list it under publicEnv in aepsync.yaml`,
    );
  }
};

/** publicEnv lists what is not a credential: never aepsync's own settings or a `${secret:}` name. */
export const checkPublicEnv: Rule = (ctx) => {
  const raw = ctx.rawConfig;
  if (raw === undefined || !isPlainObject(raw.data) || !Array.isArray(raw.data.publicEnv)) return;
  const secrets = scanOf(ctx).secretNames;
  raw.data.publicEnv.forEach((name: unknown, i) => {
    if (typeof name !== "string") return;
    const pointer = `/publicEnv/${i}`;
    if (isReservedEnvName(name)) {
      report(
        ctx,
        raw,
        pointer,
        "public-env",
        `${name} cannot be public: AEP_* and AEPSYNC_* variables are aepsync's own settings and hold its credentials; remove it`,
      );
    } else if (secrets.has(name)) {
      report(
        ctx,
        raw,
        pointer,
        "public-env",
        `${name} cannot be public: it is used as \${secret:${name}} at ${secrets.get(name)}; remove it from publicEnv`,
      );
    }
  });
};

// ---------------------------------------------------------------------------------------------
// Invisible and bidirectional characters

function reportUnsafe(ctx: RuleContext, at: Locatable, unsafe: Unsafe): void {
  const what = unsafe.key ? "the key" : "the value";
  report(ctx, at, unsafe.pointer, "invisible-character", describeUnsafeCharacter(unsafe.found, what));
}

/**
 * No bidirectional controls anywhere, and no invisible characters in names, titles, ids, keys or
 * variables (descriptions and expressions keep the joiners that some scripts and emoji need).
 * aepsync.yaml is checked too: its variables are substituted into dataset names.
 */
export const checkInvisibleCharacters: Rule = (ctx) => {
  for (const { doc, at } of scanOf(ctx).unsafe) reportUnsafe(ctx, doc, at);
  const raw = ctx.rawConfig;
  if (raw === undefined) return;
  visitStrings(raw.data, root, (value, key, pointer) => {
    const at = unsafeIn(value, key, pointer);
    if (at !== undefined) reportUnsafe(ctx, raw, at);
  });
};

// ---------------------------------------------------------------------------------------------
// Numbers

// Adobe documents no maximum interval (the flow spec's scheduleSpec only says `type: integer` with
// minimums; vendor/openapi/flow-service.yaml, ScheduleSpecDTO: "no constraints on interval for
// other frequency settings"). aepsync allows at most one year between runs, per frequency.
const MAX_INTERVAL: Record<string, number> = { minute: 525_600, hour: 8_760, day: 365, week: 52 };
/** 2100-01-01T00:00:00Z in epoch seconds: a later first run is a typo. */
export const MAX_START_TIME_SECONDS = 4_102_444_800;
/** Epoch seconds above this are milliseconds (checked by the startTime rule of rules.ts). */
const MAX_EPOCH_SECONDS = 1e11;

export const checkScheduleBounds: Rule = (ctx) => {
  for (const p of ctx.manifests) {
    if (p.kind !== "Pipeline") continue;
    const schedule = p.manifest.spec.schedule;
    const max = MAX_INTERVAL[schedule.frequency];
    if (max !== undefined && schedule.interval !== undefined && schedule.interval > max) {
      report(
        ctx,
        p,
        "/spec/schedule/interval",
        "schedule",
        `a '${schedule.frequency}' schedule runs at least once a year: the interval is at most ${max}, got ${schedule.interval}`,
      );
    }
    const start = schedule.startTime;
    if (typeof start === "number" && start > MAX_EPOCH_SECONDS) continue;
    const seconds = typeof start === "number" ? start : Date.parse(start) / 1000;
    if (!Number.isFinite(seconds)) continue;
    if (seconds >= MAX_START_TIME_SECONDS) {
      report(
        ctx,
        p,
        "/spec/schedule/startTime",
        "start-time",
        "startTime is in the year 2100 or later: a first run that far away is a typo; set the date the flow should start",
      );
    } else if (seconds < 0) {
      report(
        ctx,
        p,
        "/spec/schedule/startTime",
        "start-time",
        "startTime is before 1970: AEP takes epoch seconds from 1970 on; set the date the flow should start",
      );
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Secrets too short to mask

/** Below this length, a secret cannot be masked reliably: its encoded forms match ordinary text. */
export const MIN_SAFE_SECRET_LENGTH = 8;

/**
 * Warnings for `${secret:NAME}` auth params whose value is known and shorter than
 * MIN_SAFE_SECRET_LENGTH (or empty: an unset GitHub secret arrives as ""). Redaction masks a
 * 3-character secret only where it appears verbatim. Never quotes the value or its length.
 */
export function checkResolvedSecrets(
  manifests: readonly LoadedManifest[],
  valueOf: (name: string) => string | undefined,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const m of manifests) {
    if (m.kind !== "Connection") continue;
    for (const [key, raw] of Object.entries(m.manifest.spec.auth.params)) {
      const reference = raw === undefined ? undefined : parseSingleReference(raw);
      if (reference?.scheme !== "secret") continue;
      const value = valueOf(reference.name);
      if (value === undefined || value.length >= MIN_SAFE_SECRET_LENGTH) continue;
      const pointer = `/spec/auth/params/${escapePointer(key)}`;
      const message =
        value === ""
          ? `secret ${reference.name} is set but empty (an unset GitHub secret arrives as an empty string): set it`
          : `secret ${reference.name} is shorter than ${MIN_SAFE_SECRET_LENGTH} characters: aepsync masks it only where it appears verbatim, not in the encoded forms AEP may echo; use a longer credential`;
      diagnostics.push({
        file: m.file,
        ...m.locate(pointer),
        pointer,
        message,
        severity: "warning",
        rule: "short-secret",
      });
    }
  }
  return diagnostics;
}

/** The rules of this file, run after rules.ts's. */
export const securityRules: readonly Rule[] = [
  checkEnvCredentials,
  checkPublicEnv,
  checkInvisibleCharacters,
  checkScheduleBounds,
];
