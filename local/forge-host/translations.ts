// The manifest's `translations` as Forge serves them to a Custom UI page: each language's
// catalogue at `__LOCALES__/<locale>.json` beside the page, and `__LOCALES__/i18n-info.json`
// (the languages, the fallback order and the module titles' translations) that @forge/bridge's
// i18n reads first. Module titles given as `{i18n: key}` resolve through the same catalogues.
import fs from 'fs';
import path from 'path';

export interface Translations {
  /** Locale code to the catalogue's file, resolved against the app's folder. */
  files: Map<string, string>;
  fallback: { default: string } & Record<string, string[] | string>;
}

export type ModuleTitle = string | { i18n: string };

export function readTranslations(doc: unknown, root: string): Translations | undefined {
  const t = (doc as { translations?: { resources?: unknown[]; fallback?: unknown } }).translations;
  if (!t) return undefined;
  const files = new Map<string, string>();
  for (const r of t.resources ?? []) {
    const { key, path: p } = r as { key?: string; path?: string };
    if (!key || !p)
      throw new Error('manifest.yml: a translations resource needs a key and a path.');
    const file = path.resolve(root, p);
    if (!fs.existsSync(file))
      throw new Error(`manifest.yml: the ${key} translations file ${p} does not exist.`);
    files.set(key, file);
  }
  const fallback = (t.fallback ?? {}) as Translations['fallback'];
  if (!fallback.default || !files.has(fallback.default))
    throw new Error('manifest.yml: translations.fallback.default must name one of its resources.');
  return { files, fallback };
}

function lookup(file: string, key: string): string | undefined {
  let node: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** A module's title in a language (the fallback language's when that one lacks it). */
export function titleIn(title: ModuleTitle, tr: Translations | undefined, locale: string): string {
  if (typeof title === 'string') return title;
  if (!tr) return title.i18n;
  const own = tr.files.get(locale);
  const fallback = tr.files.get(tr.fallback.default)!;
  return (own && lookup(own, title.i18n)) ?? lookup(fallback, title.i18n) ?? title.i18n;
}

/** What Forge puts in `__LOCALES__/i18n-info.json` for the app. */
export function i18nInfo(tr: Translations, titles: ModuleTitle[]) {
  const translations: Record<string, Record<string, string>> = {};
  for (const title of titles) {
    if (typeof title === 'string') continue;
    translations[title.i18n] = Object.fromEntries(
      [...tr.files.keys()].map((locale) => [locale, titleIn(title, tr, locale)]),
    );
  }
  return { translations, config: { locales: [...tr.files.keys()], fallback: tr.fallback } };
}
