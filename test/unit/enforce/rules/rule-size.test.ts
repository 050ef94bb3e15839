// What the rules accept, a run carries. The largest set of rules a save or an import accepts
// saves and runs (its context no longer fits one 240 KiB value: the platform's store refuses
// such a value, as Forge does); a set over the limit is refused at save and at import with the
// limit named, and nothing is stored. The two shapes a probe found failing every run (four
// rules of 5,000 ten-character keys; two of 5,000 forty-character exclusions) are within the
// limit, by design: they run.
import { UserFacingError } from '../../../../src/domain/errors';
import { RULES_MAX_BYTES, storedBytes } from '../../../../src/domain/rule-size';
import { type RuleInput, RuleInputSchema } from '../../../../src/domain/schemas';
import { importRules, saveRule } from '../../../../src/enforce/rules/rules-service';
import { listSavedRules } from '../../../../src/store/rules';
import { Engine } from '../harness/engine';

let engine: Engine;
beforeEach(() => {
  engine = new Engine({ projects: 3, groups: 2 });
  engine.platform.install();
});
afterEach(() => engine.platform.uninstall());

const ADMIN = 'acc-admin';
const group = (n: number) => engine.site.groups[n].groupId;

/** `count` distinct keys of `length` characters, numbered from `from`. */
const keys = (count: number, length: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `K${String(from + i).padStart(length - 1, '0')}`);

/** Calls a use case as the admin page's resolver would (its own invocation). */
async function asAdmin<T>(fn: () => Promise<T>): Promise<T> {
  const inv = engine.platform.invoke('admin', fn);
  await inv.settled;
  if (inv.state !== 'done') throw inv.error;
  return inv.result as T;
}

const save = (rule: RuleInput) => asAdmin(() => saveRule(rule, ADMIN));
const refusal = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e);

const audit = () => engine.platform.values<{ entries: any[] }>('audit:').flatMap((c) => c.entries);
const stored = () => ({
  rules: engine.platform.keys('rule:'),
  audit: audit().length,
  scopeMarks: engine.platform.keys('dirty-scope:'),
});

/**
 * Four rules of the schema's most keys and exclusions (5,000 each, ten characters), and a fifth
 * that fills what is left to the last key: the largest set a save accepts.
 */
async function saveLargestSet() {
  for (let r = 0; r < 4; r++)
    await save({
      name: `Listed ${r + 1}`,
      groupIds: [group(r % 2)],
      // The first rule covers P1 and P2 of the site, and excludes P3 (listed too).
      scope: {
        type: 'keys',
        keys: [
          ...(r === 0 ? ['P1', 'P2', 'P3'] : []),
          ...keys(r === 0 ? 4997 : 5000, 10, r * 10_000),
        ],
      },
      exclude: [...(r === 0 ? ['P3'] : []), ...keys(r === 0 ? 4999 : 5000, 10, r * 10_000 + 5000)],
    });
  const fifth = await save({
    name: 'Filler',
    groupIds: [group(1)],
    scope: { type: 'keys', keys: keys(1, 10, 90_000) },
  });
  const used = (await asAdmin(listSavedRules)).reduce((sum, r) => sum + storedBytes(r), 0);
  // Each key more takes 13 bytes stored: its ten characters, two quotes and a comma.
  const room = Math.floor((RULES_MAX_BYTES - used) / 13);
  const filled = await save({
    id: fifth.id,
    version: fifth.version,
    name: 'Filler',
    groupIds: [group(1)],
    scope: { type: 'keys', keys: keys(1 + room, 10, 90_000) },
  });
  return { filled };
}

describe('the largest set of rules a save accepts', () => {
  it('saves, and a run with it succeeds', async () => {
    await saveLargestSet();
    const rules = await asAdmin(listSavedRules);
    const total = rules.reduce((sum, r) => sum + storedBytes(r), 0);
    expect(total).toBeLessThanOrEqual(RULES_MAX_BYTES);
    expect(total).toBeGreaterThan(RULES_MAX_BYTES - 13);

    const run = await engine.run();
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 2, errors: 0 } });
    // The listed projects got the first rule's group; the excluded one did not.
    expect(engine.site.bindings()).toEqual([`P1:${group(0)}`, `P2:${group(0)}`]);
    engine.expectSettled();
  });

  it('one key more is refused at save, naming the limit, and nothing is stored', async () => {
    const { filled } = await saveLargestSet();
    const before = stored();
    const scope = filled.scope as { type: 'keys'; keys: string[] };

    const err = await refusal(
      save({
        id: filled.id,
        version: filled.version,
        name: 'Filler',
        groupIds: [group(1)],
        scope: { type: 'keys', keys: [...scope.keys, 'ONEMORE123'] },
      }),
    );
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err).toMatchObject({ code: 'invalid-input', field: 'scope' });
    expect((err as Error).message).toBe(
      'All rules together may hold at most about 40,000 project keys and exclusions (512 KB; ' +
        'fewer when keys are long); this rule would make it 40,203 (513 KB). Use a project ' +
        'category or a key pattern instead of listing keys.',
    );
    // The same numbers, for a page to say them in its language.
    expect(err).toMatchObject({
      words: {
        id: 'rules-too-large',
        values: { keys: 40_203, kb: 513, maxKeys: 40_000, maxKb: 512 },
      },
    });
    // A new rule of a few keys is refused the same way.
    const added = await refusal(
      save({ name: 'One more', groupIds: [group(0)], scope: { type: 'keys', keys: ['P1', 'P2'] } }),
    );
    expect(added).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^All rules together may hold at most about 40,000 /),
    });
    expect(stored()).toEqual(before);
    expect((await asAdmin(listSavedRules)).find((r) => r.id === filled.id)).toEqual(filled);
  });

  it('an import that would pass it is refused, previewed or not, and nothing is stored', async () => {
    await saveLargestSet();
    const before = stored();
    const file: RuleInput[] = [
      { name: 'Imported', groupIds: [group(0)], scope: { type: 'keys', keys: keys(200, 10) } },
    ];
    for (const preview of [true, false]) {
      const err = await refusal(
        asAdmin(() => importRules(file, { replace: false, preview }, ADMIN)),
      );
      expect(err).toBeInstanceOf(UserFacingError);
      expect(err).toMatchObject({ code: 'invalid-input' });
      expect((err as Error).message).toMatch(
        /^All rules together may hold at most about 40,000 project keys and exclusions \(512 KB; fewer when keys are long\); the rules in this file would make it 40,402 \(515 KB\)\. Use a project category or a key pattern instead of listing keys\. Nothing was imported\.$/,
      );
      expect(stored()).toEqual(before);
    }
    // Replacing every rule by the file leaves a set that fits: imported.
    const replaced = await asAdmin(() => importRules(file, { replace: true }, ADMIN));
    expect(replaced).toMatchObject({ imported: 1 });
  });

  it('imported whole (the export of it, replacing), runs', async () => {
    await saveLargestSet();
    const rules = await asAdmin(listSavedRules);
    const file = rules.map(({ createdAt: _c, updatedAt: _u, updatedBy: _b, ...r }) => r);
    const result = await asAdmin(() => importRules(file, { replace: true }, ADMIN));
    expect(result).toMatchObject({ imported: 5 });
    expect(await engine.run()).toMatchObject({ status: 'succeeded', counts: { adds: 2 } });
  });
});

describe('the shapes a probe found failing every run run now', () => {
  it('four rules of 5,000 ten-character project keys', async () => {
    for (let r = 0; r < 4; r++)
      await save({
        name: `Keys ${r + 1}`,
        groupIds: [group(r % 2)],
        scope: {
          type: 'keys',
          keys: [...(r < 2 ? ['P1'] : []), ...keys(r < 2 ? 4999 : 5000, 10, r * 5000)],
        },
      });
    expect(await engine.run()).toMatchObject({ status: 'succeeded', counts: { adds: 2 } });
    expect(engine.site.bindings()).toEqual([`P1:${group(0)}`, `P1:${group(1)}`].sort());
    engine.expectSettled();
  });

  it('two rules of 5,000 forty-character exclusions; an edit of one is saved and audited', async () => {
    const saved = [];
    for (let r = 0; r < 2; r++)
      saved.push(
        await save({
          name: `Everything but ${r + 1}`,
          groupIds: [group(r)],
          scope: { type: 'all' },
          exclude: [...(r === 0 ? ['P3'] : []), ...keys(r === 0 ? 4999 : 5000, 40, r * 5000)],
        }),
      );
    expect(await engine.run()).toMatchObject({ status: 'succeeded', counts: { adds: 5 } });
    expect(engine.site.bindings()).toEqual(
      [
        `P1:${group(0)}`,
        `P2:${group(0)}`,
        `P1:${group(1)}`,
        `P2:${group(1)}`,
        `P3:${group(1)}`,
      ].sort(),
    );

    // P3 is included again and another key excluded: the audit says what changed, briefly.
    const first = saved[0];
    const exclude = [...first.exclude.filter((k) => k !== 'P3'), 'P9'];
    const edited = await save({
      id: first.id,
      version: first.version,
      name: first.name,
      groupIds: first.groupIds,
      scope: first.scope,
      exclude,
    });
    expect(edited.exclude).toContain('P9');
    const entry = audit().find((e) => e.kind === 'rule-saved' && e.message.startsWith('Changed'));
    expect(entry.message).toMatch(
      /What changed: exclusions 5000 projects → 5000 projects \(added P9; removed P3\)\.$/,
    );
    expect(await engine.run()).toMatchObject({ status: 'succeeded', counts: { adds: 1 } });
    expect(engine.site.bindings()).toContain(`P3:${group(0)}`);
    engine.expectSettled();
  });
});

describe('one rule too large to store', () => {
  const tooLong = () => ({
    name: 'Long keys',
    groupIds: [group(0)],
    scope: { type: 'keys' as const, keys: keys(5000, 60) },
  });
  const words =
    'A rule may hold at most about 18,000 project keys and exclusions (232 KB; fewer when ' +
    'keys are long); this one would hold 5,000 (308 KB). Use a project category or a key ' +
    'pattern instead of listing keys';

  it('is refused by the rule schema (the editor and every resolver payload), at its field', () => {
    const parsed = RuleInputSchema.safeParse(tooLong());
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['scope'], message: words }),
    ]);
  });

  it('is refused at import with the limit named, and nothing is stored', async () => {
    await save({ name: 'Small', groupIds: [group(0)], scope: { type: 'all' } });
    const before = stored();
    const err = await refusal(asAdmin(() => importRules([tooLong()], { replace: true }, ADMIN)));
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err).toMatchObject({
      code: 'invalid-input',
      message: `Rule 1 ("Long keys") is not valid: Projects: ${words}. Nothing was imported.`,
    });
    expect(stored()).toEqual(before);
  });
});
