// What a site-wide switch would remove, counted from the ledger: only bindings no enabled rule
// may want; scopes the ledger cannot judge (all, categories) count as wanting.
import { unwantedBindings } from '../../../src/domain/removal-impact';
import type { LedgerEntry, Rule } from '../../../src/domain/schemas';

const entry = (projectKey: string, groupId: string): LedgerEntry => ({
  projectId: `id-${projectKey}`,
  projectKey,
  roleId: '10101',
  groupId,
  ruleIds: ['r1'],
  addedAt: '2026-01-01T00:00:00.000Z',
  runId: 'run-1',
});
const rule = (over: Partial<Rule>): Pick<Rule, 'enabled' | 'groupIds' | 'scope' | 'exclude'> => ({
  enabled: true,
  groupIds: ['g1'],
  scope: { type: 'all' },
  exclude: [],
  ...over,
});
const ledger = [entry('ITHELP', 'g1'), entry('HR', 'g1'), entry('HR', 'g2')];

test('with no rule, every app-made binding is unwanted', () => {
  expect(unwantedBindings([], ledger)).toEqual({
    bindings: 3,
    projects: ['HR', 'ITHELP'],
    ledgerBindings: 3,
  });
});

test('an enabled rule keeps its groups where its scope may cover them', () => {
  expect(unwantedBindings([rule({})], ledger).bindings).toBe(1);
  expect(unwantedBindings([rule({ scope: { type: 'keys', keys: ['HR'] } })], ledger)).toEqual({
    bindings: 2,
    projects: ['HR', 'ITHELP'],
    ledgerBindings: 3,
  });
  expect(
    unwantedBindings([rule({ scope: { type: 'pattern', pattern: 'IT*' } })], ledger).projects,
  ).toEqual(['HR']);
});

test('a disabled rule, or one excluding the project, wants nothing there', () => {
  expect(unwantedBindings([rule({ enabled: false })], ledger).bindings).toBe(3);
  expect(unwantedBindings([rule({ exclude: ['ITHELP'] })], ledger).projects).toEqual([
    'HR',
    'ITHELP',
  ]);
});
