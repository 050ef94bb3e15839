// Finds words meant for a person in the pages' code: JSX text, and string literals (or template
// parts) that read as English: two words, a capitalised word, or a sentence's punctuation. What is
// not shown to anyone (module names, keys, class names, test ids, log lines, the argument of
// t()) is left out; a line that must keep its English says why in an `i18n-exempt:` comment on
// it or on the line above (the audit CSV's column names, brand names).
import fs from 'fs';
import path from 'path';
import ts from 'typescript';

export interface Untranslated {
  file: string;
  line: number;
  text: string;
}

/** Attributes no one reads on the page. */
const SILENT_ATTRIBUTES = new Set([
  'className',
  'key',
  'id',
  'testId',
  'data-testid',
  'name',
  'href',
  'appearance',
  'type',
  'role',
  'htmlFor',
  'spacing',
  'size',
  'width',
  'position',
  'placement',
  'iconBefore',
  'iconAfter',
  'xcss',
  'lang',
  'dateTime',
  'target',
  'rel',
  'autoComplete',
  'inputMode',
  'headingLevel',
  // A tab's identifier (the admin page's Panel and TabBoundary); its label comes from the catalogue.
  'tab',
  'accept',
]);

/** Calls whose string arguments are not shown: translation keys, logs, DOM and routing. */
const SILENT_CALLS = new Set([
  't',
  'console.log',
  'console.warn',
  'console.error',
  'console.info',
  'invoke',
  'callAdmin',
  'callProject',
  'querySelector',
  'getElementById',
  'addEventListener',
  'removeEventListener',
  'setAttribute',
  'getAttribute',
  'require',
  'token',
  // The admin page's navigation, whose first argument is a tab's identifier.
  'navigate',
  'go',
]);

const WORDS = /[A-Za-z]{2,}[^A-Za-z{}]+[A-Za-z]{2,}/;
const CAPITALISED = /^[A-Z][a-z]{2,}/;
const SENTENCE_END = /[a-z]{2,}[.:?!]\s*$/;

function readsAsWords(raw: string): boolean {
  const s = raw.trim();
  if (!/[A-Za-z]{2,}/.test(s)) return false;
  // Identifiers, paths, selectors, CSS values, ISO-ish formats, URLs.
  if (/^[\w.{}-]+$/.test(s) && !CAPITALISED.test(s)) return false;
  // Media types ("text/csv;charset=utf-8", "application/json,.json").
  if (/^[a-z]+\/[a-z0-9.+-]+(;\s*charset=[\w-]+)?(,\s*[a-z0-9.+/-]+)*$/.test(s)) return false;
  if (/^(https?:|\/|\.|#|\[|@|--|var\(|calc\(|repeat\()/.test(s)) return false;
  if (/^[a-z-]+(\s+[a-z-]+)*$/.test(s) && /^(\w+-)+\w+/.test(s)) return false;
  if (/^[\d\s.%a-z()-]*px|^\d/.test(s) && !WORDS.test(s.replace(/\d+(px|%)?/g, ''))) return false;
  return WORDS.test(s) || CAPITALISED.test(s) || SENTENCE_END.test(s);
}

function callName(call: ts.CallExpression): string {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) {
    const obj = ts.isIdentifier(e.expression) ? `${e.expression.text}.` : '';
    return obj && SILENT_CALLS.has(`${obj}${e.name.text}`) ? `${obj}${e.name.text}` : e.name.text;
  }
  return '';
}

function silent(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) return true;
    if (ts.isLiteralTypeNode(p) || ts.isTypeNode(p)) return true;
    if (ts.isJsxAttribute(p)) return SILENT_ATTRIBUTES.has(p.name.getText());
    if (ts.isCallExpression(p) && n !== p.expression && SILENT_CALLS.has(callName(p))) return true;
    if (ts.isPropertyAssignment(p) && p.name === n) return true;
    // { testId: `row-${id}` }: an attribute no one reads, passed in an object (table rows).
    if (ts.isPropertyAssignment(p) && ['testId', 'key', 'id'].includes(p.name.getText()))
      return true;
    if (ts.isElementAccessExpression(p) && p.argumentExpression === n) return true;
    if (ts.isCaseClause(p) && p.expression === n) return true;
    if (
      ts.isBinaryExpression(p) &&
      [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
        p.operatorToken.kind,
      )
    )
      return true;
    if (ts.isBlock(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

function exempt(lines: string[], line: number): boolean {
  return /i18n-exempt:/.test(lines[line] ?? '') || /i18n-exempt:/.test(lines[line - 1] ?? '');
}

function scanFile(file: string, root: string): Untranslated[] {
  const source = fs.readFileSync(file, 'utf8');
  const lines = source.split('\n');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: Untranslated[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart()).line;
    if (!exempt(lines, line))
      out.push({ file: path.relative(root, file), line: line + 1, text: text.trim() });
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      if (/[A-Za-z]{2,}/.test(node.text)) report(node, node.text);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (readsAsWords(node.text) && !silent(node)) report(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      const joined = parts.join('{}');
      if (parts.some((p) => /[A-Za-z]{2,}/.test(p)) && readsAsWords(joined) && !silent(node))
        report(node, joined);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'build' || d.name === 'node_modules' ? [] : sources(p);
    return /\.tsx?$/.test(d.name) && !/\.d\.ts$/.test(d.name) ? [p] : [];
  });
}

/** Every literal under `dir` that reads as words for a person and is not in the catalogue. */
export function findUntranslated(dir: string): Untranslated[] {
  const root = path.resolve(dir, '..');
  return sources(dir).flatMap((f) => scanFile(f, root));
}
