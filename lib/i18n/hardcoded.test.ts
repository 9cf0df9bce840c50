import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API } from "typescript/unstable/sync";
import { SyntaxKind, type Node, type SourceFile } from "typescript/unstable/ast";

/**
 * "A test fails when a string is hard-coded in a page" (issue 14). Every
 * page, component and server action under app/ is parsed with the TypeScript
 * compiler (tsgo's API) and searched for words a reader would see that do not
 * come from a catalogue:
 *   text      JSX text, and string literals rendered as JSX children
 *             (`{pending ? "Sending…" : label}`);
 *   attribute string literals in attributes a reader or screen reader meets
 *             (aria-label, title, placeholder, alt, label, *Label, message…);
 *   metadata  the page title and description in `metadata`/`generateMetadata`;
 *   string    any other literal that reads like prose (two words, or a
 *             capitalised sentence), e.g. a table of notices, "3 minutes ago".
 * Words are letters in any script; punctuation, numbers, class names, test
 * ids, URLs, keys passed to `t()` and comparisons are not reported.
 */

const ROOT = path.resolve(__dirname, "../..");

/** Developer tools, machine-facing routes and benchmarks: not pages a person reads. */
const IGNORED = [/^app\/dev\//, /^app\/bench\//, /^app\/api\//, /(^|\/)route(\.bench)?\.ts$/, /\.test\.tsx?$/, /\.bench\.tsx?$/];

/** Literal strings allowed in pages: the same in every language (exact, trimmed). Keep this short. */
const ALLOWED = new Set<string>([]);

const USER_FACING_ATTRIBUTES = /^(aria-(label|description|roledescription|valuetext|placeholder)|title|placeholder|alt|label|message|messages|heading|hint|lead|notice|description|children)$|[a-z](Label|Title|Text|Message|Heading|Hint)$/;

const COMPARISONS = new Set<SyntaxKind>([
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
  SyntaxKind.InKeyword,
]);

type Finding = { file: string; line: number; kind: "text" | "attribute" | "metadata" | "string"; text: string };

const hasWord = (s: string) => /\p{L}/u.test(s);
/** Two words, or one capitalised word ending a sentence: "just now", "Check your inbox.", "Done!". */
const looksLikeProse = (s: string) => /\p{L}\s+\p{L}/u.test(s) || (/^\p{Lu}/u.test(s) && /[.!?…]$/.test(s));

// The AST's node shapes, as far as this scan reads them.
type AnyNode = Node & {
  text?: string;
  name?: AnyNode;
  expression?: AnyNode;
  arguments?: readonly AnyNode[];
  operatorToken?: AnyNode;
  argumentExpression?: AnyNode;
};

function identifierText(node: AnyNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.StringLiteral) return node.text;
  if (node.kind === SyntaxKind.JsxNamespacedName) return node.getText();
  return undefined;
}

/** Where a literal ends up: a JSX child, a user-facing attribute, metadata, or nowhere a reader sees (undefined). */
function placeOf(literal: AnyNode): Finding["kind"] | "other" | undefined {
  let child: AnyNode = literal;
  for (let node = literal.parent as AnyNode | undefined; node; child = node, node = node.parent as AnyNode | undefined) {
    switch (node.kind) {
      case SyntaxKind.ImportDeclaration:
      case SyntaxKind.ExportDeclaration:
      case SyntaxKind.ImportType:
      case SyntaxKind.ExternalModuleReference:
      case SyntaxKind.LiteralType:
      case SyntaxKind.ElementAccessExpression:
      case SyntaxKind.CaseClause:
        return undefined;
      case SyntaxKind.PropertyAssignment:
        if (node.name === child) return undefined; // a key, not a value
        if (isMetadata(node)) return "metadata";
        break;
      case SyntaxKind.BinaryExpression:
        if (node.operatorToken && COMPARISONS.has(node.operatorToken.kind)) return undefined;
        break;
      case SyntaxKind.CallExpression:
      case SyntaxKind.NewExpression: {
        if (node.expression === child) break;
        // Arguments: a catalogue key (t("…")), a URL (redirect("…")), an Error or a log line: none of them shown as is.
        return undefined;
      }
      case SyntaxKind.TaggedTemplateExpression:
        return undefined;
      case SyntaxKind.JsxAttribute: {
        const name = identifierText(node.name) ?? "";
        return USER_FACING_ATTRIBUTES.test(name) ? "attribute" : undefined;
      }
      case SyntaxKind.JsxExpression:
        if (node.parent && (node.parent.kind === SyntaxKind.JsxElement || node.parent.kind === SyntaxKind.JsxFragment)) return "text";
        break;
      case SyntaxKind.ExpressionStatement:
        if (child.kind === SyntaxKind.StringLiteral) return undefined; // a directive ("use client")
        break;
      default:
        break;
    }
  }
  return "other";
}

function isMetadata(property: AnyNode): boolean {
  const key = identifierText(property.name);
  if (!key || !["title", "description", "default", "template", "absolute"].includes(key)) return false;
  for (let node = property.parent as AnyNode | undefined; node; node = node.parent as AnyNode | undefined) {
    if (node.kind === SyntaxKind.VariableDeclaration && identifierText(node.name) === "metadata") return true;
    if (node.kind === SyntaxKind.FunctionDeclaration && identifierText(node.name) === "generateMetadata") return true;
  }
  return false;
}

function findHardcodedStrings(sourceFile: SourceFile, file: string): Finding[] {
  const found: Finding[] = [];
  const report = (node: Node, kind: Finding["kind"], text: string) => {
    const clean = text.replace(/\s+/g, " ").trim();
    if (!clean || ALLOWED.has(clean)) return;
    found.push({ file, line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1, kind, text: clean });
  };
  const visit = (node: AnyNode) => {
    switch (node.kind) {
      case SyntaxKind.JsxText:
        if (hasWord(node.text ?? "")) report(node, "text", node.text ?? "");
        break;
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
      case SyntaxKind.TemplateHead:
      case SyntaxKind.TemplateMiddle:
      case SyntaxKind.TemplateTail: {
        const text = node.text ?? "";
        const place = placeOf(node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral ? node : (node.parent as AnyNode).kind === SyntaxKind.TemplateSpan ? (node.parent.parent as AnyNode) : (node.parent as AnyNode));
        if (!place) break;
        if (place === "metadata") {
          if (hasWord(text.replace(/%s/g, ""))) report(node, "metadata", text);
        } else if (place === "other") {
          if (looksLikeProse(text.trim())) report(node, "string", text);
        } else if (hasWord(text)) {
          report(node, place, text);
        }
        break;
      }
      default:
        break;
    }
    node.forEachChild((c) => void visit(c as AnyNode));
  };
  visit(sourceFile as AnyNode);
  return found;
}

function pageFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((file) => !IGNORED.some((re) => re.test(file)))
    .sort();
}

let api: API;
let program: { getSourceFile(file: string): SourceFile | undefined };

beforeAll(() => {
  api = new API({ cwd: ROOT });
  const snapshot = api.updateSnapshot({ openProjects: [path.join(ROOT, "tsconfig.json")] });
  program = snapshot.getProjects()[0]!.program as unknown as typeof program;
}, 60_000);

afterAll(() => api?.close());

function scanFile(file: string): Finding[] {
  const sourceFile = program.getSourceFile(path.join(ROOT, file));
  if (!sourceFile) throw new Error(`${file} is not in the TypeScript project (tsconfig.json include)`);
  return findHardcodedStrings(sourceFile, file);
}

describe("no hard-coded strings in pages", () => {
  it("the scanner finds each kind and ignores what a reader never sees", () => {
    const found = scanFile("lib/i18n/fixtures/hardcoded-sample.tsx").map(({ line, kind, text }) => `${line} ${kind}: ${text}`);
    expect(found).toEqual([
      "6 string: Check your inbox.",
      "10 metadata: Sample page",
      "17 text: Hello there",
      "18 attribute: Close the panel",
      "19 attribute: Type here",
      "21 text: Sending…",
      "21 text: Send",
      "22 attribute: Sign out device",
      "23 attribute: Continue anyway",
      "33 string: just now",
      "33 string: minutes ago",
    ]);
  });

  it("every word in app/ comes from a catalogue", () => {
    const found = pageFiles("app").flatMap(scanFile);
    const listing = found.map(({ file, line, kind, text }) => `${file}:${line} ${kind}: ${JSON.stringify(text)}`);
    expect(listing, `${found.length} hard-coded strings: move each into messages/<locale>/<namespace>.json`).toEqual([]);
  });
});
