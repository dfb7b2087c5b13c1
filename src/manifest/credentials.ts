/**
 * Which `${env:NAME}` names may carry a credential. `${env:}` values end up in plans, PR comments
 * and AEP itself; only `${secret:}` values are masked. Pure.
 */

/** aepsync's own settings (AEP_CLIENT_SECRET, AEPSYNC_FINGERPRINT_KEY, …): never read into a manifest. */
export function isReservedEnvName(name: string): boolean {
  return /^(AEP|AEPSYNC)_/i.test(name);
}

// Anywhere in the name (CLIENT_SECRET, APIKEY, GITHUB_TOKEN, DB_PASSWD, SSH_PRIVATE_KEY, …).
const CREDENTIAL_PARTS = [
  "SECRET",
  "TOKEN",
  "PASSWORD",
  "PASSWD",
  "PASSPHRASE",
  "KEY",
  "CREDENTIAL",
  "PRIVATE",
];
// Only as a whole `_`-separated word: as substrings they are parts of ordinary words (PASS in
// PASSENGER, CRED in SACRED, AUTH in AUTHOR). The substrings above can misfire too (KEY in
// MONKEY): such a name is listed under publicEnv in aepsync.yaml.
const CREDENTIAL_WORDS = new Set(["PASS", "PWD", "CRED", "CREDS", "AUTH", "SIGNATURE", "COOKIE", "SESSION"]);

/** The part of `name` that makes it look like a credential (`SECRET`, `KEY`, …), or undefined. */
export function credentialPartOf(name: string): string | undefined {
  const upper = name.toUpperCase();
  const part = CREDENTIAL_PARTS.find((p) => upper.includes(p));
  if (part !== undefined) return part;
  return upper.split("_").find((word) => CREDENTIAL_WORDS.has(word));
}

export function looksLikeCredentialName(name: string): boolean {
  return credentialPartOf(name) !== undefined;
}
