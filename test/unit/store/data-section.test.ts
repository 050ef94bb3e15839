// The README's data section lists every key family the app stores, read from the code, so the
// list stays true: a new family in src/store that the section does not name fails here, and so
// does a family the section names that the code no longer writes.
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const STORE = path.join(ROOT, 'src/store');

const withoutComments = (code: string) =>
  code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

// The store's kv helpers (kv.ts, versioned.ts) and @forge/kvs calls whose first argument is a key.
const KEY_CALL =
  /\b(?:getValue|setValue|createValue|deleteValue|readLatest|writeNext|listPage|listAll|listLatest|kvs\.(?:get|set|delete))\(\s*(\w+|'[^']*')/g;

/**
 * Key families in one store module: every literal that starts a key (`'rule:'`, `` `run:${id}` ``,
 * `'health:report'`: the part up to its first colon), and keys of one name held in a constant
 * (`const SETTINGS_KEY = 'settings'`) that a kv call or a transaction's `key:` is given.
 */
export function keyFamilies(code: string): string[] {
  const src = withoutComments(code);
  const consts = new Map(
    [...src.matchAll(/const\s+(\w+)\s*=\s*'([^']*)'/g)].map((m) => [m[1], m[2]]),
  );
  const out = new Set<string>();
  const add = (key: string) => {
    const family = /^[a-z][a-z0-9-]*:/.exec(key)?.[0] ?? key;
    if (/^[a-z][a-z0-9:-]*$/.test(family)) out.add(family);
  };
  for (const m of src.matchAll(/['`]([a-z][a-z0-9-]*:)/g)) add(m[1]);
  for (const m of [...src.matchAll(KEY_CALL), ...src.matchAll(/\bkey:\s*(\w+|'[^']*')/g)]) {
    const arg = m[1];
    const literal = arg.startsWith("'") ? arg.slice(1, -1) : consts.get(arg);
    if (literal !== undefined) add(literal);
  }
  return [...out];
}

function codeFamilies(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sources(STORE))
    for (const f of keyFamilies(fs.readFileSync(file, 'utf8')))
      found.set(f, [...(found.get(f) ?? []), path.relative(ROOT, file)]);
  return found;
}

/** Custom Entities the manifest declares (Forge's other hosted store). */
function entities(): string[] {
  const manifest = YAML.parse(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));
  return (manifest.app?.storage?.entities ?? []).map((e: { name: string }) => e.name);
}

/** The first cell of each table row in the README's "Data the app stores" section. */
function readmeFamilies(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Data the app stores');
  expect(start).toBeGreaterThan(0);
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return section
    .split('\n')
    .filter((l) => /^\|\s*`/.test(l))
    .flatMap((l) => [...l.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

/** `run:<id>` as the README writes a family: the part before the first `<`, or the whole key. */
const familyOf = (shown: string) => {
  const plain = shown.split('<')[0];
  return /^[a-z][a-z0-9-]*:/.exec(plain)?.[0] ?? plain;
};

test('the key families are found in the code (the reading works)', () => {
  const found = codeFamilies();
  // One of each way a family is written: a prefix constant, a template, one key in a constant,
  // a key given to a transaction.
  expect([...found.keys()]).toEqual(
    expect.arrayContaining(['rule:', 'run:', 'settings', 'dirty-all', 'orgledger-index']),
  );
  expect(found.size).toBeGreaterThan(30);
});

test("every key family in src/store, and every entity, is in the README's data section", () => {
  const listed = new Set(readmeFamilies().map(familyOf));
  const missing = [...codeFamilies()]
    .filter(([family]) => !listed.has(family))
    .map(([family, files]) => `${family} (${files.join(', ')})`);
  expect(missing).toEqual([]);
  expect(entities().filter((e) => !listed.has(`entity ${e}`))).toEqual([]);
});

test("the README's data section names no family the code does not store", () => {
  const known = new Set([...codeFamilies().keys(), ...entities().map((e) => `entity ${e}`)]);
  expect(
    readmeFamilies()
      .map(familyOf)
      .filter((f) => !known.has(f)),
  ).toEqual([]);
});

test('only src/store reaches the storage, so its families are all there are', () => {
  const outside = sources(path.join(ROOT, 'src'))
    .filter((f) => !f.startsWith(STORE + path.sep))
    .filter((f) => {
      const code = withoutComments(fs.readFileSync(f, 'utf8'));
      return (
        /from '@forge\/kvs'/.test(code) ||
        /\b(?:getValue|setValue|createValue|deleteValue)\(\s*['`]/.test(code)
      );
    });
  expect(outside.map((f) => path.relative(ROOT, f))).toEqual([]);
});
