/**
 * What "a secret leaked" means for the echo tests: any 6-character piece of a secret, raw or in
 * an encoding a service may echo it in (JSON-escaped once or twice, percent- or form-encoded,
 * percent-encoded twice), or any 8-character piece of its base64 at any byte alignment.
 * Written apart from src/aep/redact.ts on purpose: the test must not share the code it checks.
 */
function piecesOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= text.length; i++) out.push(text.slice(i, i + size));
  return out;
}

function base64Cores(secret: string): string[] {
  const cores: string[] = [];
  for (const lead of ["", "a", "ab"]) {
    const shifted = Buffer.from(`${lead}${secret}`, "utf8");
    const encoded = shifted.toString("base64");
    const skip = Math.ceil((lead.length * 8) / 6);
    const keep = Math.floor((shifted.length * 8) / 6);
    const core = encoded.slice(skip, keep);
    cores.push(core, core.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return cores;
}

export function leakPattern(secrets: readonly string[], short: readonly string[] = []): RegExp {
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  const form = (text: string) => new URLSearchParams({ x: text }).toString().slice(2);
  const pieces = new Set<string>(short);
  for (const secret of secrets) {
    for (const encoded of [
      secret,
      json(secret),
      json(json(secret)),
      encodeURIComponent(secret),
      form(secret),
      encodeURIComponent(encodeURIComponent(secret)),
    ]) {
      for (const piece of piecesOf(encoded, 6)) pieces.add(piece);
    }
    for (const core of [...base64Cores(secret), ...base64Cores(json(secret))]) {
      for (const piece of piecesOf(core, 8)) pieces.add(piece);
    }
  }
  return new RegExp([...pieces].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));
}
