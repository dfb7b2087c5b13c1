/**
 * Digests that are the same on any machine: each change's over its canonical JSON (RFC 8785)
 * without etag and location; the plan's over {format_version, sandbox,
 * namespace, changes}; the inputs' over the resolved desired state (secrets as fingerprints).
 *
 * Each value is serialized once per plan: a desired spec's canonical text serves the inputs digest
 * and the `after` of its change (and the `before` of a change whose live object is identical),
 * and the texts are hashed as pieces, never joined into one string of the whole plan.
 */
import { canonicalJson, canonicalPieces } from "../model/canonical.ts";
import type { DesiredObject } from "../model/objects.ts";
import { PLAN_FORMAT_VERSION } from "../model/plan.ts";
import type { Change } from "../model/plan.ts";

export type Sha256 = (text: string) => string;

/** sha256 (hex) of the concatenation of `pieces`, fed to the hash one after another. */
export type Sha256Pieces = (pieces: readonly string[]) => string;

/** Pieces whose concatenation is a change's canonical text, kept for the plan digest. */
const canonicalTexts = new WeakMap<Change, readonly string[]>();

function digestView(change: Change): Record<string, unknown> {
  const view: Record<string, unknown> = { ...change };
  delete view.etag;
  delete view.digest;
  delete view.declaredAt;
  return view;
}

function joinedSha256(sha256: Sha256): Sha256Pieces {
  return (pieces) => sha256(pieces.join(""));
}

/** Sets a change's digest; its canonical text is kept for the plan digest. */
export function sealChange(change: Change, sha256: Sha256): Change {
  const text = canonicalJson(digestView(change));
  canonicalTexts.set(change, [text]);
  change.digest = sha256(text);
  return change;
}

export function byAddressAndId(a: Change, b: Change): number {
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  const ai = a.id ?? "";
  const bi = b.id ?? "";
  return ai < bi ? -1 : ai > bi ? 1 : 0;
}

function planPieces(changes: readonly Change[], sandbox: string, namespace: string): string[] {
  const pieces = ['{"changes":['];
  const sorted = [...changes].sort(byAddressAndId);
  for (let i = 0; i < sorted.length; i++) {
    const change = sorted[i]!;
    if (i > 0) pieces.push(",");
    const texts = canonicalTexts.get(change);
    if (texts === undefined) pieces.push(canonicalJson(digestView(change)));
    else for (let t = 0; t < texts.length; t++) pieces.push(texts[t]!);
  }
  pieces.push(
    `],"format_version":${JSON.stringify(PLAN_FORMAT_VERSION)},"namespace":${JSON.stringify(namespace)},"sandbox":${JSON.stringify(sandbox)}}`,
  );
  return pieces;
}

/** sha256 of the RFC 8785 JSON of {changes (sorted), format_version, namespace, sandbox}. */
export function planDigest(
  changes: readonly Change[],
  sandbox: string,
  namespace: string,
  sha256: Sha256,
  sha256Pieces: Sha256Pieces = joinedSha256(sha256),
): string {
  return sha256Pieces(planPieces(changes, sandbox, namespace));
}

/**
 * The digests of one plan, sharing canonical texts: a desired spec is serialized once, for the
 * inputs digest and for its change. Specs are not changed once built (the planner copies a spec
 * it completes), so a text stays the spec's for the plan's lifetime.
 */
export interface PlanDigests {
  /** sha256 of the RFC 8785 JSON of [{address, dependsOn, spec}] of every desired object. */
  inputs(objects: readonly DesiredObject[]): string;
  /**
   * Sets a change's digest. `identical`: its `before` is the same JSON as its `after` (no
   * top-level key differs or is present on one side only), so the text of `after` serves both.
   */
  seal(change: Change, identical?: boolean): Change;
  plan(changes: readonly Change[], sandbox: string, namespace: string): string;
}

export function planDigests(sha256: Sha256, sha256Pieces: Sha256Pieces = joinedSha256(sha256)): PlanDigests {
  const specTexts = new Map<object, string>();
  const specText = (spec: object): string => {
    let text = specTexts.get(spec);
    if (text === undefined) {
      text = canonicalJson(spec);
      specTexts.set(spec, text);
    }
    return text;
  };
  return {
    inputs(objects) {
      return sha256Pieces(inputPieces(objects, specText));
    },
    seal(change, identical = false) {
      const after = change.after;
      const afterText = typeof after === "object" && after !== null ? specText(after) : undefined;
      const before = change.before;
      const pieces = canonicalPieces(digestView(change), (value) => {
        if (value === after) return afterText;
        if (value === before && identical) return afterText;
        return undefined;
      });
      canonicalTexts.set(change, pieces);
      change.digest = sha256Pieces(pieces);
      return change;
    },
    plan: (changes, sandbox, namespace) => planDigest(changes, sandbox, namespace, sha256, sha256Pieces),
  };
}

function inputPieces(objects: readonly DesiredObject[], specText: (spec: object) => string): string[] {
  const pieces = ["["];
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    // {address, dependsOn, spec}: the members in RFC 8785 order.
    pieces.push(
      `${i > 0 ? "," : ""}{"address":${canonicalJson(o.address)},"dependsOn":${canonicalJson(o.dependsOn)},"spec":`,
      specText(o.spec),
      "}",
    );
  }
  pieces.push("]");
  return pieces;
}

export function inputsDigest(
  objects: readonly DesiredObject[],
  sha256: Sha256,
  sha256Pieces?: Sha256Pieces,
): string {
  return planDigests(sha256, sha256Pieces).inputs(objects);
}
