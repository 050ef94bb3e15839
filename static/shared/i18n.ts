// The pages' words in the viewer's language, through Forge's own i18n: the locale and time zone
// come from the view context, the catalogue from the manifest's translation resources
// (locales/<locale>.json, served by Forge beside the page). English is bundled as well, so a page
// whose catalogue cannot be fetched still reads in English rather than in keys.
import en from '../../locales/en-US.json';

type Catalogue = typeof en;

/** "a.b.c" for every leaf of the catalogue, and "a.b" for a plural's {one, other} parent. */
type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${P}${K}`
    : T[K] extends { other: string }
      ? `${P}${K}` | Paths<T[K], `${P}${K}.`>
      : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Paths<Catalogue>;
export type MessageValues = Record<string, string | number>;

interface Words {
  locale: string;
  timeZone: string;
  /** The message for a key, or null when no catalogue in the lookup order has it. */
  lookup: (key: string) => string | null;
}

/** The message at `key` ("a.b.c") of a catalogue, or null. */
function lookupIn(catalogue: unknown) {
  return (key: string): string | null => {
    let node = catalogue;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || node === null) return null;
      node = (node as Record<string, unknown>)[part];
    }
    return typeof node === 'string' ? node : null;
  };
}

const english = lookupIn(en);

let words: Words = { locale: 'en-US', timeZone: 'UTC', lookup: english };

/** Loads the viewer's catalogue; the pages call it once before they render. Never throws. */
export async function initI18n(): Promise<void> {
  try {
    // Loaded here, not at the top: the bridge throws when its module loads outside a Forge frame,
    // and the sentences built from this module are tested in Node.
    const { i18n, view } = await import('@forge/bridge');
    const context = (await view.getContext()) as { locale?: string; timezone?: string };
    const locale = context.locale || 'en-US';
    const timeZone = validTimeZone(context.timezone) ?? 'UTC';
    words = { locale, timeZone, lookup: english };
    const MISSING = '\u0000';
    const translate = await i18n.createTranslationFunction(locale as 'en-US');
    words.lookup = (key) => {
      const v = translate(key, MISSING);
      return v === MISSING ? english(key) : v;
    };
  } catch (err) {
    // A locale Forge does not know, or a catalogue that did not load: English, in their time zone.
    console.warn('translations not loaded; showing English', (err as Error).message);
  }
}

/** Sets the words directly: for unit tests of code that composes sentences. */
export function useWordsForTest(w: Partial<Words> & { catalogue?: unknown }): void {
  const lookup = w.catalogue ? lookupIn(w.catalogue) : (w.lookup ?? english);
  words = { locale: w.locale ?? 'en-US', timeZone: w.timeZone ?? 'UTC', lookup };
}

function validTimeZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

export const currentLocale = (): string => words.locale;
export const currentTimeZone = (): string => words.timeZone;

/**
 * The message for `key` with `{name}` placeholders filled from `values`. With a numeric `count`,
 * a plural key ({one, few, many, other}) picks the form the viewer's language uses for it.
 */
export function t(key: MessageKey, values?: MessageValues): string {
  const template = pick(key, values) ?? key;
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}

function pick(key: string, values?: MessageValues): string | null {
  const count = values?.count;
  if (typeof count === 'number') {
    const form = new Intl.PluralRules(words.locale).select(count);
    const found = words.lookup(`${key}.${form}`) ?? words.lookup(`${key}.other`);
    if (found !== null) return found;
  }
  return words.lookup(key);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(words.locale).format(n);
}
