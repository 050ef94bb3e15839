// The pages' message catalogues (locales/*.json): every language has every message with the same
// placeholders, the manifest ships each of them, and no words for a person are left in the pages'
// code outside the catalogue.
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';

import { findUntranslated } from './untranslated';

const ROOT = path.resolve(__dirname, '../../..');
const LOCALES = path.join(ROOT, 'locales');
const SHIPPED = ['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'es-ES'];

type Node = string | { [key: string]: Node };
const read = (locale: string) =>
  JSON.parse(fs.readFileSync(path.join(LOCALES, `${locale}.json`), 'utf8')) as Node;

const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];
const isPlural = (n: Node): n is Record<string, string> =>
  typeof n === 'object' &&
  'other' in n &&
  Object.keys(n).every((k) => PLURAL_FORMS.includes(k) && typeof n[k] === 'string');

/** Each message's key, with a plural's forms together under its parent's key. */
function messages(node: Node, prefix = '', out = new Map<string, Node>()) {
  if (typeof node === 'string' || isPlural(node)) out.set(prefix, node);
  else for (const [k, v] of Object.entries(node)) messages(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const placeholders = (n: Node): string[] => {
  const texts = typeof n === 'string' ? [n] : Object.values(n as Record<string, string>);
  return [...new Set(texts.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
};

const english = messages(read('en-US'));

test('the manifest ships one catalogue per language, and each is in locales/', () => {
  const manifest = YAML.parse(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));
  const resources = manifest.translations.resources as { key: string; path: string }[];
  expect(resources.map((r) => r.key)).toEqual(SHIPPED);
  for (const r of resources) expect(r.path).toBe(`locales/${r.key}.json`);
  expect(fs.readdirSync(LOCALES).sort()).toEqual(SHIPPED.map((l) => `${l}.json`).sort());
  expect(manifest.translations.fallback.default).toBe('en-US');
});

describe.each(SHIPPED.filter((l) => l !== 'en-US'))('the %s catalogue', (locale) => {
  const own = messages(read(locale));

  test('has every English message and nothing else', () => {
    expect([...own.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !own.has(k))).toEqual([]);
  });

  test('fills the same placeholders as English', () => {
    const differ = [...english].filter(([k, n]) => {
      const theirs = own.get(k);
      return theirs !== undefined && placeholders(theirs).join() !== placeholders(n).join();
    });
    expect(differ.map(([k]) => k)).toEqual([]);
  });

  test("gives a plural every form the language's grammar picks", () => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const missing = [...english]
      .filter(([, n]) => isPlural(n))
      .filter(([k]) => {
        const theirs = own.get(k);
        // "many" is for very large numbers in French and Spanish; "other" stands in for it.
        return !isPlural(theirs!) || needed.some((f) => f !== 'many' && !(f in theirs));
      });
    expect(missing.map(([k]) => k)).toEqual([]);
  });
});

test('English plurals have the forms English picks', () => {
  const bad = [...english].filter(([, n]) => isPlural(n) && !('one' in (n as object)));
  expect(bad.map(([k]) => k)).toEqual([]);
});

test("no words for a person are left in the pages' code outside the catalogue", () => {
  const found = findUntranslated(path.join(ROOT, 'static'));
  expect(found.map((f) => `${f.file}:${f.line}  ${JSON.stringify(f.text)}`)).toEqual([]);
});
