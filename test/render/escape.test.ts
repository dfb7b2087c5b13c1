import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/model/index.ts";
import { code, escapeMarkdown, preformatted, renderMarkdown } from "../../src/render/index.ts";
import { makePlan } from "../action/factory.ts";

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

// Prettier's own Markdown parser (remark, with GFM tables) reads the comment as GitHub would.
async function parse(markdown: string): Promise<MdNode[]> {
  const debug = (
    prettier as unknown as { __debug: { parse(t: string, o: object): Promise<{ ast: MdNode }> } }
  ).__debug;
  return (await debug.parse(markdown, { parser: "markdown" })).ast.children ?? [];
}

function all(nodes: readonly MdNode[]): MdNode[] {
  return nodes.flatMap((n) => [n, ...all(n.children ?? [])]);
}

/** Values an attacker controls: AEP echoes, manifest fields. */
const hostile = [
  "```\n</details>",
  "`a`` ``b` and ` then `",
  "<!-- aepsync:plan v=1 sandbox=prod head=h digest=x status=changes -->",
  "[click](https://evil.example/x) ![img](https://evil.example/i.png) https://evil.example www.evil.example",
  "**bold** _em_ ~~del~~ a|b|c \\| @org/team @someone",
  "line one\nline two\r\n| forged | row |",
];

describe("code()", () => {
  it.each(hostile)("keeps %j one inline code element, no markup", async (value) => {
    const nodes = all(await parse(`before ${code(value)} after`));
    expect(nodes.filter((n) => n.type === "html").map((n) => n.value)).toEqual(["<code>", "</code>"]);
    for (const kind of ["link", "image", "inlineCode", "emphasis", "strong", "delete", "break"]) {
      expect(nodes.filter((n) => n.type === kind)).toEqual([]);
    }
    const text = nodes
      .filter((n) => n.type === "text")
      .map((n) => n.value)
      .join("");
    // What GitHub shows: the value itself (entities decoded), a line break shown as ⏎.
    expect(text).toBe(`before ${value.replace(/\r\n|\n/g, "⏎")} after`);
  });

  it.each(hostile)("keeps %j inside its table cell", async (value) => {
    const table = `| a | b |\n|---|---|\n| ${code(value)} | ${escapeMarkdown(value)} |`;
    const nodes = await parse(table);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.type).toBe("table");
    const rows = nodes[0]?.children ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[1]?.children).toHaveLength(2);
    expect(all(rows).filter((n) => n.type === "html" && n.value?.startsWith("<!--") === true)).toEqual([]);
  });
});

describe("escapeMarkdown()", () => {
  it.each([...hostile, "it's the shop's & <b>bold</b> #1"])("keeps %j text on one line", async (value) => {
    const nodes = all(await parse(`before ${escapeMarkdown(value)} after`));
    expect(nodes.map((n) => n.type)).toEqual(["paragraph", ...nodes.slice(1).map(() => "text")]);
    const text = nodes
      .filter((n) => n.type === "text")
      .map((n) => n.value)
      .join("");
    expect(text).toBe(`before ${value.replace(/\r\n|\n/g, " ").replace(/@/g, "@\u200b")} after`);
  });
});

describe("preformatted()", () => {
  it("keeps lines, and a value cannot end the block, open a comment or mention anyone", async () => {
    const text = hostile.join("\n") + "\n</pre> <!-- still inside";
    const block = preformatted(text);
    expect(block).not.toMatch(/<!--|@[a-z]|`/);
    expect(block.match(/<\/pre>/g)).toHaveLength(1);
    const nodes = await parse(`${block}\n\nafter`);
    expect(nodes.map((n) => n.type)).toEqual(["html", "paragraph"]);
    expect(nodes[0]?.value).toBe(block.replace(/\r\n/g, "\n"));
    expect(nodes[0]?.value?.split("\n")).toHaveLength(text.split(/\r\n|\n/).length);
  });
});

describe("renderMarkdown with hostile values", () => {
  it("keeps every mapping row in its table row and no comment or mention outside code", async () => {
    const rows = hostile.map((source, i) => ({ sourceType: "EXPRESSION", source, destination: `d${i}` }));
    const after = { name: "m", outputSchema: { $ref: "Schema/s" }, mappings: rows };
    const change: Change = {
      address: "Pipeline/evil/mapping",
      kind: "mappingSet",
      action: "update",
      owner: "Pipeline/evil",
      name: "m",
      generation: 1,
      diff: [],
      before: { ...after, mappings: [] },
      after,
      dataImpact: "none",
      reasons: hostile,
      dependsOn: [],
      digest: "0".repeat(64),
    };
    const md = renderMarkdown(makePlan([change]), { marker: "<!-- m -->" });
    expect(md.match(/<!--/g)).toHaveLength(1);
    const nodes = await parse(md);
    // The counts table, then the mapping table.
    const tables = nodes.filter((n) => n.type === "table");
    expect(tables).toHaveLength(2);
    const tableRows = tables[1]?.children ?? [];
    expect(tableRows).toHaveLength(1 + hostile.length);
    for (const row of tableRows) expect(row.children).toHaveLength(3);
    const html = all(nodes).filter((n) => n.type === "html");
    expect(html.filter((n) => n.value?.startsWith("<!--") === true)).toHaveLength(1);
    expect(all(nodes).filter((n) => n.type === "link" || n.type === "image")).toEqual([]);
  });
});
