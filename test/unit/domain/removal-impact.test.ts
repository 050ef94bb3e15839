// What the next run removes once a change is made, planned as the run plans: other rules keep a
// binding only where they really cover the project (category, type, exclusions), organizations
// lose only members no remaining rule's group holds, and pending entries are never counted.
import type { OrgLedgerEntry } from '../../../src/domain/org-plan';
import { plannedRemovals, summariseRemovals } from '../../../src/domain/removal-impact';
import type { Group, LedgerEntry, Project, Rule } from '../../../src/domain/schemas';

const CUSTOMERS = 'Service Desk Customers';
const project = (id: string, key: string, over: Partial<Project> = {}): Project => ({
  id,
  key,
  name: `${key} desk`,
  typeKey: 'service_desk',
  style: 'classic',
  ...over,
});
const PROJECTS = [
  project('1', 'ITHELP', { categoryId: 'c1' }),
  project('2', 'HR', { categoryId: 'c2' }),
  project('3', 'MKT', { style: 'next-gen' }),
];
const entry = (p: Project, groupId: string, over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  projectId: p.id,
  projectKey: p.key,
  roleId: p.style === 'next-gen' ? `own-${p.id}` : '10101',
  groupId,
  ruleIds: ['r1'],
  addedAt: '2026-01-01T00:00:00.000Z',
  runId: 'run-1',
  ...over,
});
const rule = (over: Partial<Rule>): Rule => ({
  id: 'r2',
  name: 'Other',
  enabled: true,
  groupIds: ['g1'],
  scope: { type: 'all' },
  exclude: [],
  roleName: CUSTOMERS,
  version: 1,
  createdAt: '',
  updatedAt: '',
  allowUnsyncedGroups: false,
  ...over,
});
const groups = new Map<string, Group>([
  ['g1', { groupId: 'g1', name: 'Contoso Customers' }],
  ['g2', { groupId: 'g2', name: 'Fabrikam Customers' }],
]);
const ledger = PROJECTS.flatMap((p) => [entry(p, 'g1'), entry(p, 'g2')]);

function removals(rules: Rule[], over: Partial<Parameters<typeof plannedRemovals>[0]> = {}) {
  return plannedRemovals({
    rules,
    projects: new Map(PROJECTS.map((p) => [p.id, p])),
    ledger,
    roleNames: new Map([['10101', CUSTOMERS]]),
    customerRoleName: CUSTOMERS,
    groups,
    organizations: [],
    ...over,
  });
}
const where = (r: ReturnType<typeof removals>) =>
  r.bindings.map((b) => `${b.projectKey} ${b.groupName}`);

test('with no rule left, every binding the app made goes, team-managed projects included', () => {
  expect(where(removals([]))).toEqual([
    'HR Contoso Customers',
    'HR Fabrikam Customers',
    'ITHELP Contoso Customers',
    'ITHELP Fabrikam Customers',
    'MKT Contoso Customers',
    'MKT Fabrikam Customers',
  ]);
});

test('another rule naming the group keeps it only in the projects it covers', () => {
  // By category: only ITHELP is in c1.
  const byCategory = rule({ scope: { type: 'categories', categoryIds: ['c1'] } });
  expect(where(removals([byCategory]))).toEqual([
    'HR Contoso Customers',
    'HR Fabrikam Customers',
    'ITHELP Fabrikam Customers',
    'MKT Contoso Customers',
    'MKT Fabrikam Customers',
  ]);
  // All service projects, minus an exclusion; a disabled rule keeps nothing.
  expect(where(removals([rule({ exclude: ['HR'] }), rule({ id: 'r3', enabled: false })]))).toEqual([
    'HR Contoso Customers',
    'HR Fabrikam Customers',
    'ITHELP Fabrikam Customers',
    'MKT Fabrikam Customers',
  ]);
});

test('a project that stopped being a service project, or that Jira no longer has, is planned as the run plans it', () => {
  const projects = new Map([
    ['1', { ...PROJECTS[0], typeKey: 'software' }],
    ['2', PROJECTS[1]],
  ]);
  // ITHELP is no service project now: the all-projects rule does not cover it. MKT is gone: no run visits it.
  expect(where(removals([rule({ groupIds: ['g1', 'g2'] })], { projects }))).toEqual([
    'ITHELP Contoso Customers',
    'ITHELP Fabrikam Customers',
  ]);
});

test('a pending entry proves nothing: it is never counted', () => {
  const pending = [entry(PROJECTS[0], 'g1', { pending: true })];
  expect(removals([], { ledger: pending }).bindings).toEqual([]);
});

const orgEntry = (accountId: string, pending?: true): OrgLedgerEntry => ({
  organizationId: 'o1',
  accountId,
  ruleIds: ['r1'],
  addedAt: '',
  runId: 'run-1',
  ...(pending ? { pending } : {}),
});

test("organization members go when no remaining rule's group holds them; none when a group could not be read", () => {
  const org = {
    organizationId: 'o1',
    organizationName: 'Acme Partners',
    ledger: [orgEntry('a'), orgEntry('b'), orgEntry('c', true)],
    wanted: new Set(['a']),
    complete: true,
  };
  const planned = removals([], { ledger: [], organizations: [org] });
  expect(planned.orgMembers).toEqual([
    { organizationId: 'o1', organizationName: 'Acme Partners', accountId: 'b', ruleIds: ['r1'] },
  ]);
  expect(
    removals([], { ledger: [], organizations: [{ ...org, complete: false }] }).orgMembers,
  ).toEqual([]);
  const summary = summariseRemovals(removals([]), {
    removalEnabled: true,
    ledgerBindings: 6,
    cost: { calls: 0, points: 0 },
    orgsNotCounted: [],
  });
  expect(summary.groups.map((g) => [g.groupName, g.projects.map((p) => p.key)])).toEqual([
    ['Contoso Customers', ['HR', 'ITHELP', 'MKT']],
    ['Fabrikam Customers', ['HR', 'ITHELP', 'MKT']],
  ]);
  expect(summary.projects).toEqual(['HR', 'ITHELP', 'MKT']);
});
