/**
 * Regular expressions for `property=field~pattern` filters, matched in time linear in the text.
 *
 * Catalog and the Schema Registry take a regular expression in `~` filters (help/catalog/api/filter-data.md,
 * help/xdm/api/appendix.md). JavaScript's own engine backtracks: `(a+)+$` against a few dozen `a`s
 * and a `!` runs for seconds and blocks every other request. This engine compiles the pattern to a
 * Thompson automaton and simulates it state set by state set (Pike's method without captures),
 * so a match costs at most (text length × pattern size) steps, whatever the pattern.
 *
 * It takes what a filter needs: literals, `.`, classes (`[a-z]`, `[^…]`, `\d \w \s` and their
 * negations), groups `(…)` and `(?:…)`, alternation `|`, the quantifiers `* + ? {n} {n,} {n,m}`
 * (lazy forms match the same set of texts), anchors `^ $` and `\b \B`. Back-references and
 * look-arounds cannot be matched in linear time: they are refused as invalid patterns (400).
 */

export class RegexSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegexSyntaxError";
  }
}

/** The largest automaton a pattern may compile to (a bound on `{n,m}` expansion). */
const MAX_STATES = 20_000;
const MAX_REPEAT = 1000;

type CharTest = (code: number) => boolean;

type Node =
  | { kind: "char"; test: CharTest }
  | { kind: "seq"; items: Node[] }
  | { kind: "alt"; options: Node[] }
  | { kind: "repeat"; node: Node; min: number; max: number }
  | { kind: "assert"; test: Assertion };

type Assertion = "bol" | "eol" | "boundary" | "not-boundary";

type State =
  | { kind: "char"; test: CharTest; next: number }
  | { kind: "split"; next: number; alt: number }
  | { kind: "assert"; test: Assertion; next: number }
  | { kind: "match" };

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACES = new Set([9, 10, 11, 12, 13, 32, 160, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CharTest = (c) => SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const not =
  (test: CharTest): CharTest =>
  (c) =>
    !test(c);

class Parser {
  #pos = 0;
  readonly #src: string;

  constructor(src: string) {
    this.#src = src;
  }

  parse(): Node {
    const node = this.#alternation();
    if (this.#pos < this.#src.length) throw new RegexSyntaxError(`unmatched ')' at ${this.#pos}`);
    return node;
  }

  #peek(): string | undefined {
    return this.#src[this.#pos];
  }

  #alternation(): Node {
    const options = [this.#sequence()];
    while (this.#peek() === "|") {
      this.#pos++;
      options.push(this.#sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: "alt", options };
  }

  #sequence(): Node {
    const items: Node[] = [];
    for (let c = this.#peek(); c !== undefined && c !== "|" && c !== ")"; c = this.#peek()) {
      items.push(this.#quantified(this.#atom()));
    }
    return { kind: "seq", items };
  }

  #quantified(atom: Node): Node {
    let node = atom;
    for (;;) {
      const c = this.#peek();
      let min: number;
      let max: number;
      if (c === "*" || c === "+" || c === "?") {
        this.#pos++;
        [min, max] = c === "*" ? [0, Infinity] : c === "+" ? [1, Infinity] : [0, 1];
      } else if (c === "{" && this.#braces() !== undefined) {
        [min, max] = this.#braces() ?? [0, 0];
        this.#pos = this.#src.indexOf("}", this.#pos) + 1;
      } else {
        return node;
      }
      if (atom.kind === "assert") throw new RegexSyntaxError("nothing to repeat");
      if (this.#peek() === "?") this.#pos++; // lazy: the same texts match
      node = { kind: "repeat", node, min, max };
    }
  }

  /** `{n}`, `{n,}` or `{n,m}` at the current position; anything else is a literal `{`. */
  #braces(): [number, number] | undefined {
    const end = this.#src.indexOf("}", this.#pos);
    if (end === -1) return undefined;
    const body = this.#src.slice(this.#pos + 1, end);
    const parts = body.split(",");
    if (parts.length > 2 || !parts.every((p, i) => /^\d+$/.test(p) || (i === 1 && p === "")))
      return undefined;
    const min = Number(parts[0]);
    const max = parts.length === 1 ? min : parts[1] === "" ? Infinity : Number(parts[1]);
    if (min > max) throw new RegexSyntaxError(`numbers out of order in {${body}}`);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
      throw new RegexSyntaxError(`a repetition of more than ${MAX_REPEAT}`);
    }
    return [min, max];
  }

  #atom(): Node {
    const c = this.#src[this.#pos++] ?? "";
    switch (c) {
      case "(":
        return this.#group();
      case "[":
        return { kind: "char", test: this.#charClass() };
      case ".":
        return { kind: "char", test: not(isLineBreak) };
      case "^":
        return { kind: "assert", test: "bol" };
      case "$":
        return { kind: "assert", test: "eol" };
      case "\\":
        return this.#escape();
      case "*":
      case "+":
      case "?":
        throw new RegexSyntaxError("nothing to repeat");
      default: {
        const code = c.charCodeAt(0);
        return { kind: "char", test: (x) => x === code };
      }
    }
  }

  #group(): Node {
    if (this.#peek() === "?") {
      if (this.#src[this.#pos + 1] !== ":") {
        throw new RegexSyntaxError("look-arounds and named groups are not supported");
      }
      this.#pos += 2;
    }
    const inner = this.#alternation();
    if (this.#peek() !== ")") throw new RegexSyntaxError("unterminated group");
    this.#pos++;
    return inner;
  }

  #escape(): Node {
    const c = this.#src[this.#pos++];
    if (c === undefined) throw new RegexSyntaxError("\\ at end of pattern");
    if (c === "b" || c === "B") return { kind: "assert", test: c === "b" ? "boundary" : "not-boundary" };
    if (/[1-9k]/.test(c)) throw new RegexSyntaxError("back-references are not supported");
    return { kind: "char", test: this.#escapeTest(c) };
  }

  /** The test of `\c` outside or inside a class. */
  #escapeTest(c: string): CharTest {
    switch (c) {
      case "d":
        return isDigit;
      case "D":
        return not(isDigit);
      case "w":
        return isWord;
      case "W":
        return not(isWord);
      case "s":
        return isSpace;
      case "S":
        return not(isSpace);
      default: {
        const code = this.#escapedCode(c);
        return (x) => x === code;
      }
    }
  }

  #escapedCode(c: string): number {
    const simple: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, "0": 0 };
    const known = simple[c];
    if (known !== undefined) return known;
    const digits = c === "x" ? 2 : c === "u" ? 4 : 0;
    if (digits > 0) {
      const hex = this.#src.slice(this.#pos, this.#pos + digits);
      if (new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) {
        this.#pos += digits;
        return parseInt(hex, 16);
      }
    }
    return c.charCodeAt(0);
  }

  #charClass(): CharTest {
    const negate = this.#peek() === "^";
    if (negate) this.#pos++;
    const tests: CharTest[] = [];
    for (;;) {
      const c = this.#src[this.#pos++];
      if (c === undefined) throw new RegexSyntaxError("unterminated character class");
      // As in JavaScript: `[]` matches nothing and `[^]` anything.
      if (c === "]") break;
      const low = this.#classAtom(c);
      if (typeof low !== "number") {
        tests.push(low);
        continue;
      }
      if (
        this.#peek() === "-" &&
        this.#src[this.#pos + 1] !== "]" &&
        this.#src[this.#pos + 1] !== undefined
      ) {
        this.#pos++;
        const high = this.#classAtom(this.#src[this.#pos++] ?? "");
        if (typeof high !== "number") throw new RegexSyntaxError("invalid range in character class");
        if (high < low) throw new RegexSyntaxError("range out of order in character class");
        tests.push((x) => x >= low && x <= high);
      } else {
        tests.push((x) => x === low);
      }
    }
    const test: CharTest = (x) => tests.some((t) => t(x));
    return negate ? not(test) : test;
  }

  /** One class member: a code, or a test for `\d` and the like. */
  #classAtom(c: string): number | CharTest {
    if (c !== "\\") return c.charCodeAt(0);
    const e = this.#src[this.#pos++];
    if (e === undefined) throw new RegexSyntaxError("\\ at end of pattern");
    if (e === "b") return 8;
    if ("dDwWsS".includes(e)) return this.#escapeTest(e);
    return this.#escapedCode(e);
  }
}

class Compiler {
  readonly states: State[] = [];

  add(state: State): number {
    if (this.states.length >= MAX_STATES) throw new RegexSyntaxError("the pattern is too large");
    this.states.push(state);
    return this.states.length - 1;
  }

  /** Compiles `node` to states that continue at `next`; returns the entry state. */
  compile(node: Node, next: number): number {
    switch (node.kind) {
      case "char":
        return this.add({ kind: "char", test: node.test, next });
      case "assert":
        return this.add({ kind: "assert", test: node.test, next });
      case "seq": {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) entry = this.compile(node.items[i] as Node, entry);
        return entry;
      }
      case "alt": {
        let entry = this.compile(node.options[node.options.length - 1] as Node, next);
        for (let i = node.options.length - 2; i >= 0; i--) {
          entry = this.add({ kind: "split", next: this.compile(node.options[i] as Node, next), alt: entry });
        }
        return entry;
      }
      case "repeat":
        return this.#repeat(node.node, node.min, node.max, next);
    }
  }

  #repeat(node: Node, min: number, max: number, next: number): number {
    let entry = next;
    if (max === Infinity) {
      // A loop: the split state is created first so that the body can come back to it.
      const loop = this.add({ kind: "split", next: -1, alt: next });
      const body = this.compile(node, loop);
      (this.states[loop] as { next: number }).next = body;
      entry = loop;
    } else {
      // (x(x(x)?)?)?: each optional copy may end the repetition.
      for (let i = 0; i < max - min; i++) {
        entry = this.add({ kind: "split", next: this.compile(node, entry), alt: next });
      }
    }
    for (let i = 0; i < min; i++) entry = this.compile(node, entry);
    return entry;
  }
}

export interface LinearRegex {
  /** Whether the pattern matches anywhere in `text`, as `RegExp.prototype.test` does. */
  test(text: string): boolean;
}

/** Compiles a pattern; throws RegexSyntaxError for a pattern it refuses. */
export function compileLinearRegex(pattern: string): LinearRegex {
  const compiler = new Compiler();
  const match = compiler.add({ kind: "match" });
  const start = compiler.compile(new Parser(pattern).parse(), match);
  const states = compiler.states;
  return { test: (text) => simulate(states, start, text) };
}

function simulate(states: readonly State[], start: number, text: string): boolean {
  const marks = new Int32Array(states.length).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  let generation = 0;
  const add = (list: number[], id: number, pos: number): boolean => {
    // Iterative closure: a pattern like ((a*)*)* would otherwise recurse deeply.
    const stack = [id];
    for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
      if (marks[s] === generation) continue;
      marks[s] = generation;
      const state = states[s] as State;
      if (state.kind === "match") return true;
      if (state.kind === "split") stack.push(state.alt, state.next);
      else if (state.kind === "assert") {
        if (holds(state.test, text, pos)) stack.push(state.next);
      } else list.push(s);
    }
    return false;
  };
  for (let pos = 0; ; pos++) {
    // A new attempt starts at every position (the search is unanchored, as RegExp.test is).
    if (add(current, start, pos)) return true;
    if (pos >= text.length) return false;
    const code = text.charCodeAt(pos);
    generation++;
    next.length = 0;
    for (const s of current) {
      const state = states[s] as Extract<State, { kind: "char" }>;
      if (state.test(code) && add(next, state.next, pos + 1)) return true;
    }
    [current, next] = [next, current];
  }
}

function holds(assertion: Assertion, text: string, pos: number): boolean {
  switch (assertion) {
    case "bol":
      return pos === 0;
    case "eol":
      return pos === text.length;
    case "boundary":
    case "not-boundary": {
      const before = pos > 0 && isWord(text.charCodeAt(pos - 1));
      const after = pos < text.length && isWord(text.charCodeAt(pos));
      return (before !== after) === (assertion === "boundary");
    }
  }
}
