/**
 * Digests that are the same on any machine: each change's over its canonical JSON (RFC 8785)
 * without etag and location; the plan's over {format_version, sandbox,
 * namespace, changes}; the inputs' over the resolved desired state (secrets as fingerprints).
 */
import { canonicalJson } from "../model/canonical.ts";
import type { DesiredObject } from "../model/objects.ts";
import { PLAN_FORMAT_VERSION } from "../model/plan.ts";
import type { Change } from "../model/plan.ts";

export type Sha256 = (text: string) => string;

const canonicalTexts = new WeakMap<Change, string>();

function digestView(change: Change): Record<string, unknown> {
  const view: Record<string, unknown> = { ...change };
  delete view.etag;
  delete view.digest;
  delete view.declaredAt;
  return view;
}

/** Sets a change's digest; its canonical text is kept for the plan digest. */
export function sealChange(change: Change, sha256: Sha256): Change {
  const text = canonicalJson(digestView(change));
  canonicalTexts.set(change, text);
  change.digest = sha256(text);
  return change;
}

export function byAddressAndId(a: Change, b: Change): number {
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  const ai = a.id ?? "";
  const bi = b.id ?? "";
  return ai < bi ? -1 : ai > bi ? 1 : 0;
}

/** sha256 of the RFC 8785 JSON of {changes (sorted), format_version, namespace, sandbox}. */
export function planDigest(
  changes: readonly Change[],
  sandbox: string,
  namespace: string,
  sha256: Sha256,
): string {
  const texts = [...changes]
    .sort(byAddressAndId)
    .map((c) => canonicalTexts.get(c) ?? canonicalJson(digestView(c)));
  return sha256(
    `{"changes":[${texts.join(",")}],"format_version":${JSON.stringify(PLAN_FORMAT_VERSION)},"namespace":${JSON.stringify(namespace)},"sandbox":${JSON.stringify(sandbox)}}`,
  );
}

export function inputsDigest(objects: readonly DesiredObject[], sha256: Sha256): string {
  return sha256(
    canonicalJson(objects.map((o) => ({ address: o.address, spec: o.spec, dependsOn: o.dependsOn }))),
  );
}
