// Group names as a reader sees them, for the refusals by name (guard-rails.ts). An identity
// provider names groups freely: `jіra-administrators` with a Cyrillic і, a zero-width space after
// `jira`, or `JIRA_Administrators` read as Jira's administration group to a
// person, so they must be refused like it. The folded form is only ever compared, never shown.
// Pure: no I/O.

// Characters that show nothing: format characters (zero-width spaces and joiners, U+200B–U+200F,
// U+2060–U+2064, U+FEFF, the soft hyphen, bidi controls, tags), controls, combining marks (after
// decomposition: accents too, so `jíra` reads as `jira`) and the blank letters (Hangul fillers,
// the braille blank).
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800]/gu;

// What separates words: spaces, dashes of every kind, underscores, dots and the like.
const SEPARATORS = /[\p{Z}\p{Pd}\p{Pc}.·・,:;/\\'"`]+/gu;

// Letters of other scripts that look like the Latin letters of the names refused (lower case:
// folded after case folding), and Latin letters and digits that read alike (`l`, `I` and `1`;
// `0` and `o`; `rn` and `m`). Both sides of a comparison are folded, so a class of look-alikes
// only needs to land on one letter.
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ɡ: 'g',
  һ: 'h',
  н: 'h',
  і: 'i',
  ӏ: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  п: 'n',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  г: 'r',
  ѕ: 's',
  т: 't',
  у: 'y',
  ԝ: 'w',
  х: 'x',
  // Armenian
  ո: 'n',
  ս: 'u',
  օ: 'o',
  ց: 'g',
  հ: 'h',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  // Latin and digits that read as another letter
  ı: 'i',
  ɩ: 'i',
  ɪ: 'i',
  l: 'i',
  '1': 'i',
  '|': 'i',
  '0': 'o',
};

/**
 * A name folded so that names a person reads alike compare equal: NFKC (fullwidth and styled
 * letters), invisible characters and accents removed, case folded, separators removed, and
 * look-alike letters mapped to one Latin letter.
 */
export function foldLookAlikes(name: string): string {
  const letters = name
    .normalize('NFKC')
    .normalize('NFD')
    .replace(INVISIBLE, '')
    .toLowerCase()
    // Lower-casing can decompose again (`İ` is `i` and a dot above): drop what it left.
    .normalize('NFD')
    .replace(INVISIBLE, '')
    .replace(SEPARATORS, '');
  let out = '';
  for (const ch of letters) out += LOOK_ALIKES[ch] ?? ch;
  return out.replace(/rn/g, 'm');
}

/** Whether `name` reads as `prefix`, or as `prefix` followed by more (`jira-admins-<site>`). */
export function readsAsPrefix(name: string, prefix: string): boolean {
  return foldLookAlikes(name).startsWith(foldLookAlikes(prefix));
}
