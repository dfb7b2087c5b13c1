/**
 * Characters that make text display differently from what it is: bidirectional controls (the
 * "Trojan Source" reordering, CVE-2021-42574) and invisible characters (zero-width, fillers,
 * non-ASCII spaces). Two datasets named "Orders" and "Orders\u200B" look the same in a plan. Pure.
 */

/** Where a string is used decides what it may hold. */
export type TextUse =
  /** Names, titles, ids, paths, keys, variable values: anything that identifies or is compared. */
  | "name"
  /** Descriptions and expressions: prose, may span lines and use scripts that need joiners. */
  | "text";

// Explicit embeddings, overrides, isolates and marks. Refused everywhere: they reorder whatever
// follows on the line (in a description, the aepsync marker appended to it; in a plan, the line).
const BIDI_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

// Every format (Cf) and control (Cc) character, line and paragraph separator, space other than
// U+0020, the Default_Ignorable_Code_Point characters of other categories (combining grapheme
// joiner, Hangul fillers, Khmer inherent vowels, Mongolian selectors, variation selectors) and the
// braille blank.
const UNSAFE_IN_NAMES = /(?! )[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}\u2800]/u;
// Prose keeps tabs and line breaks, non-ASCII spaces, variation selectors (emoji) and the zero-width
// joiner and non-joiner that Persian, Indic scripts and emoji sequences need.
const UNSAFE_IN_TEXT = /(?![\t\n\r\u200C\u200D])[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/u;

const PRINTABLE_ASCII = /^[ -~]*$/;

const NAMES: Record<number, string> = {
  0x0009: "TAB",
  0x000a: "LINE FEED",
  0x000d: "CARRIAGE RETURN",
  0x00a0: "NO-BREAK SPACE",
  0x00ad: "SOFT HYPHEN",
  0x034f: "COMBINING GRAPHEME JOINER",
  0x061c: "ARABIC LETTER MARK",
  0x115f: "HANGUL CHOSEONG FILLER",
  0x1160: "HANGUL JUNGSEONG FILLER",
  0x180e: "MONGOLIAN VOWEL SEPARATOR",
  0x200b: "ZERO WIDTH SPACE",
  0x200c: "ZERO WIDTH NON-JOINER",
  0x200d: "ZERO WIDTH JOINER",
  0x200e: "LEFT-TO-RIGHT MARK",
  0x200f: "RIGHT-TO-LEFT MARK",
  0x2028: "LINE SEPARATOR",
  0x2029: "PARAGRAPH SEPARATOR",
  0x202a: "LEFT-TO-RIGHT EMBEDDING",
  0x202b: "RIGHT-TO-LEFT EMBEDDING",
  0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE",
  0x202e: "RIGHT-TO-LEFT OVERRIDE",
  0x202f: "NARROW NO-BREAK SPACE",
  0x2060: "WORD JOINER",
  0x2061: "FUNCTION APPLICATION",
  0x2062: "INVISIBLE TIMES",
  0x2063: "INVISIBLE SEPARATOR",
  0x2064: "INVISIBLE PLUS",
  0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE",
  0x2068: "FIRST STRONG ISOLATE",
  0x2069: "POP DIRECTIONAL ISOLATE",
  0x2800: "BRAILLE PATTERN BLANK",
  0x3000: "IDEOGRAPHIC SPACE",
  0x3164: "HANGUL FILLER",
  0xfeff: "ZERO WIDTH NO-BREAK SPACE",
  0xffa0: "HALFWIDTH HANGUL FILLER",
};

export interface UnsafeCharacter {
  /** UTF-16 offset in the string. */
  index: number;
  codePoint: number;
  bidi: boolean;
  /** `U+202E RIGHT-TO-LEFT OVERRIDE`. */
  label: string;
}

/** The first character of `text` that may not appear in a string used as `use`, or undefined. */
export function findUnsafeCharacter(text: string, use: TextUse): UnsafeCharacter | undefined {
  // Fast path: nearly every manifest string is printable ASCII.
  if (PRINTABLE_ASCII.test(text)) return undefined;
  const match = (use === "name" ? UNSAFE_IN_NAMES : UNSAFE_IN_TEXT).exec(text);
  if (match === null) return undefined;
  const codePoint = text.codePointAt(match.index) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, "0");
  const name = NAMES[codePoint];
  return {
    index: match.index,
    codePoint,
    bidi: BIDI_CONTROLS.has(codePoint),
    label: name === undefined ? `U+${hex}` : `U+${hex} ${name}`,
  };
}

const UNSAFE_GLOBAL = new RegExp(UNSAFE_IN_NAMES.source, "gu");

/**
 * `text` with every invisible or bidirectional character written as `<U+202E>`, for output that
 * quotes values from manifests (a file name, a JSON Pointer, a rejected value): what is printed
 * is what is there.
 */
export function escapeUnsafeCharacters(text: string): string {
  return text.replace(
    UNSAFE_GLOBAL,
    (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`,
  );
}

/** What is wrong with the character, for a diagnostic (never quotes the text around it). */
export function describeUnsafeCharacter(found: UnsafeCharacter, what: string): string {
  const position = `character ${found.index + 1}`;
  if (found.bidi) {
    return `${what} holds ${found.label} at ${position}, a bidirectional control that reorders how the text displays (two different values can look the same in a plan or in AEP): remove it`;
  }
  return `${what} holds ${found.label} at ${position}, an invisible or look-alike character (two different values can look the same in a plan or in AEP): remove it or use a plain space`;
}
