// A health check's words as the page says them (static/admin/src/health-words.ts): from the codes
// the checks carry, English reads exactly as the report's English, and German in German with
// every value filled in; a check without codes shows its stored English.
import fs from 'fs';
import path from 'path';

import { couldNotCheck } from '../../../src/domain/health-common';
import {
  agentSeatsCheck,
  agentsGroupCheck,
  defaultAccessCheck,
} from '../../../src/domain/health-licences';
import { organizationsCheck } from '../../../src/domain/health-orgs';
import {
  browseGrantsCheck,
  customerPermissionsCheck,
  openDesksCheck,
  ruleRolesCheck,
} from '../../../src/domain/health-permissions';
import { schemeReadsText, schemeReadsWords } from '../../../src/domain/health-rotation';
import type {
  AgentOverlap,
  CoveredProject,
  HealthCheck,
  PermissionGrant,
  SchemeFacts,
  SchemeReadsNote,
} from '../../../src/domain/health-schemas';
import {
  changeSignalsCheck,
  groupChecks,
  roleExistsCheck,
  rulesCheck,
} from '../../../src/domain/health-site';
import type { Group } from '../../../src/domain/schemas';
import {
  affectedHeading,
  checkAction,
  checkDetail,
  checkTitle,
  itemNote,
  linkLabel,
} from '../../../static/admin/src/health-words';
import { formatDateTime } from '../../../static/shared/format';
import { useWordsForTest } from '../../../static/shared/i18n';
import { makeRule } from '../domain/fixtures';

// The page's words come through Forge's bridge, which only a page has; the tests set them.
jest.mock('@forge/bridge', () => ({ i18n: {}, view: {} }));

const catalogue = (locale: string) =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../../locales/${locale}.json`), 'utf8'));

const group = (groupId: string, name: string): Group => ({ groupId, name, managedBy: 'EXTERNAL' });
const it1 = makeRule({ id: 'r1', name: 'IT customers', groupIds: ['g-old', 'g-gone'] });
const it2 = makeRule({ id: 'r2', name: 'All customers', groupIds: ['g-old'] });

const serviceDesk = (over: { selectedByDefault: boolean }) => ({
  ok: true as const,
  value: [
    {
      key: 'jira-servicedesk',
      name: 'Jira Service Management',
      groupIds: ['a', 'b'],
      defaultGroupIds: [],
      groupNames: {},
      ...over,
    },
  ],
  calls: 1,
});

const recent = (created: number, checked: number, withServiceDesk: number) => ({
  ok: true as const,
  value: {
    days: 30,
    created,
    checked,
    withServiceDesk: Array.from({ length: withServiceDesk }, (_, i) => ({ accountId: `a${i}` })),
  },
  calls: 1,
});

/** One of each sentence the checks word with codes. */
function checks(): HealthCheck[] {
  const ok = <T>(value: T) => ({ ok: true as const, value, calls: 1 });
  const licence = { customerGroupIds: [], name: (id: string) => id };
  const roles = {
    ok: true as const,
    value: [{ id: '1', name: 'Service Desk Customers' }],
    calls: 1,
  };
  return [
    couldNotCheck({ id: 'x', number: 1, title: 'X' }, 'Jira answered 403.', []),
    rulesCheck([]),
    rulesCheck([it1, it2]),
    roleExistsCheck({
      rules: [makeRule({ id: 'r3', roleName: 'Helpers' })],
      roles,
      projectsMissingRole: [],
    }),
    roleExistsCheck({ rules: [it1], roles, projectsMissingRole: ['A', 'B'] }),
    roleExistsCheck({ rules: [it1], roles, projectsMissingRole: [] }),
    ...groupChecks({
      rules: [it1, it2],
      groups: {
        ok: true,
        value: { existing: new Map(), synced: [group('g-new', 'Contoso')] },
        calls: 1,
      },
      knownGroupNames: { 'g-old': 'Contoso' },
    }),
    changeSignalsCheck({ sweepHours: 6 }),
    changeSignalsCheck({
      auditLog: {
        readable: false,
        checkedAt: '2026-12-06T10:00:00Z',
        message: 'Jira answered 403',
      },
      sweepHours: 1,
    }),
    changeSignalsCheck({
      auditLog: { readable: true, checkedAt: '2026-12-06T10:00:00Z' },
      sweepHours: 6,
    }),
    agentsGroupCheck({
      customerGroupIds: [],
      name: (id) => id,
      appRoles: {
        ok: true,
        value: [
          {
            key: 'jira-servicedesk',
            name: 'Jira Service Management',
            groupIds: ['a', 'b'],
            defaultGroupIds: [],
            selectedByDefault: false,
            groupNames: {},
          },
        ],
        calls: 1,
      },
    }),
    organizationsCheck([{ ...it1, target: 'organization' } as never], [])!,
    defaultAccessCheck({
      ...licence,
      appRoles: serviceDesk({ selectedByDefault: false }),
      recent: recent(12, 12, 0),
    }),
    defaultAccessCheck({
      ...licence,
      appRoles: serviceDesk({ selectedByDefault: true }),
      recent: recent(1, 1, 1),
    }),
    defaultAccessCheck({
      ...licence,
      appRoles: serviceDesk({ selectedByDefault: true }),
      recent: recent(80, 50, 2),
    }),
    defaultAccessCheck({
      ...licence,
      appRoles: serviceDesk({ selectedByDefault: false }),
      recent: { ok: false, why: 'Jira answered 403.', calls: 1 },
    }),
    defaultAccessCheck({
      customerGroupIds: ['a', 'b'],
      name: (id) => `Group ${id}`,
      appRoles: ok(
        serviceDesk({ selectedByDefault: false }).value.map((r) => ({
          ...r,
          defaultGroupIds: ['a', 'b'],
        })),
      ),
      recent: recent(1, 1, 0),
    }),
    defaultAccessCheck({
      customerGroupIds: ['a'],
      name: (id) => `Group ${id}`,
      appRoles: ok(
        serviceDesk({ selectedByDefault: false }).value.map((r) => ({
          ...r,
          defaultGroupIds: ['a'],
        })),
      ),
      recent: recent(1, 1, 0),
    }),
  ];
}

afterEach(() => useWordsForTest({}));

it('says in English what the report says, and in German in German', () => {
  const all = checks();
  expect(all.every((c) => c.words)).toBe(true);

  useWordsForTest({ catalogue: catalogue('en-US') });
  for (const c of all) {
    expect(checkDetail(c)).toBe(c.detail);
    expect(checkAction(c)).toBe(c.action);
    if (c.words?.title) expect(checkTitle(c)).toBe(c.title);
  }

  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  expect(checkDetail(all[all.length - 2])).toContain(
    'Die Standardgruppen Group a und Group b sind Kundengruppen.',
  );
  for (const c of all) {
    for (const words of [checkDetail(c), checkAction(c) ?? '', checkTitle(c)])
      expect(words).not.toMatch(/\{\w+\}/);
    expect(checkDetail(c)).not.toBe(c.detail);
  }
  const deleted = all.find((c) => c.id === 'group-deleted-g-gone')!;
  expect(checkTitle(deleted)).toBe('Gruppe g-gone existiert nicht mehr');
  expect(checkDetail(deleted)).toBe(
    'Die Regel "IT customers" nennt die Gruppe g-gone, die in Jira nicht mehr existiert. ' +
      'Für sie wird nichts angewendet.',
  );
});

it('titles a check by its id, links and lists in the viewer’s words', () => {
  useWordsForTest({ locale: 'fr-FR', catalogue: catalogue('fr-FR') });
  const [, noRule] = checks();
  expect(checkTitle(noRule)).toBe('Au moins une règle est activée');
  expect(linkLabel('Product access')).toBe('Ouvrir Accès au produit dans Jira');
  expect(affectedHeading('people', 50, 80)).toBe('Les 50 premières personnes sur 80\u00a0:');
});

it('shows a check stored before it had codes as it was stored', () => {
  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  const old: HealthCheck = {
    id: 'something-new',
    number: 14,
    title: 'Something',
    status: 'warn',
    detail: 'Stored English.',
    action: 'Do it.',
  };
  expect([checkTitle(old), checkDetail(old), checkAction(old)]).toEqual([
    'Something',
    'Stored English.',
    'Do it.',
  ]);
});

/** The checks judged from permission schemes that found nothing, whole or in part. */
function schemeChecks(): HealthCheck[] {
  const ok = <T>(value: T) => ({ ok: true as const, value, calls: 1 });
  const project = (key: string, style: CoveredProject['style']): CoveredProject => ({
    key,
    name: `${key} desk`,
    style,
    ruleIds: ['r1'],
  });
  const rules = [makeRule({ id: 'r1', groupIds: ['contoso'] })];
  const roles = ok([{ id: '10101', name: 'Service Desk Customers' }]);
  const facts = (unread: SchemeFacts['unread'] = []): SchemeFacts => ({
    schemeOf: new Map([
      ['HR', '1'],
      ['IT', '1'],
      ['MKT', '2'],
    ]),
    schemes: new Map([
      ['1', { id: '1', name: 'Scheme 1', grants: [] }],
      ['2', { id: '2', name: 'Scheme 2', grants: [] }],
    ]),
    unread,
    reads: { unread: 0, named: 0, rotation: 0, grantsRead: 0, rotationDays: 7 },
  });
  const whole = ok({
    projects: [project('HR', 'classic'), project('MKT', 'next-gen')],
    complete: true,
  });
  const part = ok({
    projects: [project('HR', 'classic'), project('IT', 'classic'), project('MKT', 'next-gen')],
    complete: false,
  });
  const some = facts([{ key: 'IT', why: 'Jira answered 404' }]);
  const appRoles = ok([]);
  return [
    browseGrantsCheck({
      rules,
      coverage: ok({ projects: [], complete: true }),
      schemes: ok(facts()),
      appRoles,
    }),
    browseGrantsCheck({ rules, coverage: whole, schemes: ok(facts()), appRoles }),
    browseGrantsCheck({
      rules,
      coverage: part,
      schemes: ok(some),
      appRoles,
      groupSizes: { ok: false, why: 'Jira answered 429', calls: 1 },
    }),
    customerPermissionsCheck({ rules, coverage: whole, schemes: ok(facts()), roles }),
    customerPermissionsCheck({ rules, coverage: whole, schemes: ok(some), roles }),
    ruleRolesCheck({ rules, coverage: whole, schemes: ok(facts()), roles }),
    ruleRolesCheck({
      rules,
      coverage: ok({ ...whole.value, complete: false }),
      schemes: ok(facts()),
      roles,
    }),
    openDesksCheck({ rules, coverage: ok({ projects: [], complete: true }), schemes: ok(facts()) }),
    openDesksCheck({ rules, coverage: whole, schemes: ok(facts()) }),
  ];
}

/** The note on when the schemes were read, as a check's whole detail. */
function schemeAge(r: SchemeReadsNote): HealthCheck {
  return {
    id: 'browse-grants',
    number: 2,
    title: 'X',
    status: 'pass',
    detail: schemeReadsText(r),
    words: { detail: schemeReadsWords(r) },
  };
}

const OLDEST = '2026-12-01T08:30:00.000Z';
const LISTED = '2026-12-06T09:00:00.000Z';
const ages = [
  { unread: 3, named: 0, rotation: 0, grantsRead: 1, rotationDays: 7 },
  { unread: 1, named: 2, rotation: 4, grantsRead: 1, rotationDays: 7, oldest: OLDEST },
  { unread: 0, named: 0, rotation: 1, grantsRead: 1, rotationDays: 7, oldest: OLDEST },
  {
    unread: 0,
    named: 0,
    rotation: 0,
    grantsRead: 0,
    rotationDays: 7,
    oldest: OLDEST,
    signalsUnreadable: 'Jira answered 403',
    listedAt: LISTED,
  },
].map(schemeAge);

it('says the scheme checks and when their schemes were read as the report does', () => {
  const all = [...schemeChecks(), ...ages];
  expect(all.every((c) => c.words)).toBe(true);

  useWordsForTest({ catalogue: catalogue('en-US') });
  // The page shows a moment in the viewer's time zone, not the report's UTC.
  const inViewerTime = (english: string) =>
    english
      .replace('2026-12-01 08:30 UTC', formatDateTime(OLDEST))
      .replace('2026-12-06 09:00 UTC', formatDateTime(LISTED));
  for (const c of all) {
    expect(checkDetail(c)).toBe(inViewerTime(c.detail));
    expect(checkAction(c)).toBe(c.action);
  }
  expect(checkDetail(ages[1])).toContain('(1 new, 2 named by the audit log, 4 in rotation)');
  expect(checkDetail(ages[1])).not.toContain('UTC');

  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  for (const c of all) {
    expect(checkDetail(c)).not.toMatch(/\{\w+\}/);
    expect(checkDetail(c)).not.toBe(c.detail);
    if (c.action) expect(checkAction(c)).not.toBe(c.action);
  }
  expect(checkDetail(schemeChecks()[2])).toContain(
    'Jira nannte das Berechtigungsschema von IT nicht',
  );
});

/** Check 1 in each of its shapes: seats, customer groups in the product role, people in both. */
function seatChecks(): HealthCheck[] {
  const READ = '2026-12-06T07:45:00.000Z';
  const sd = (over: object) => ({
    ok: true as const,
    value: [
      {
        key: 'jira-servicedesk',
        name: 'Jira Service Management',
        groupIds: ['agents', 'contoso'],
        defaultGroupIds: [],
        selectedByDefault: false,
        groupNames: {},
        userCount: 12,
        ...over,
      },
    ],
    calls: 1,
  });
  const names: Record<string, string> = { contoso: 'Contoso', agents: 'Agents', fab: 'Fabrikam' };
  const name = (id: string) => names[id] ?? id;
  const overlap = (over: Partial<AgentOverlap>) => ({
    ok: true as const,
    value: {
      fingerprint: 'x',
      readAt: READ,
      people: [],
      total: 0,
      membersRead: 1,
      complete: true,
      calls: 1,
      ...over,
    },
    calls: 1,
  });
  const ada = {
    accountId: 'a1',
    displayName: 'Ada',
    customerGroupIds: ['contoso', 'fab'],
    accessGroupIds: ['agents'],
  };
  return [
    agentSeatsCheck({ customerGroupIds: ['fab'], name, appRoles: sd({ numberOfSeats: 15 }) }),
    agentSeatsCheck({
      customerGroupIds: ['contoso'],
      name,
      appRoles: sd({ hasUnlimitedSeats: true, userCount: 1 }),
      overlap: overlap({ people: [ada], total: 1, membersRead: 40 }),
    }),
    agentSeatsCheck({
      customerGroupIds: ['fab'],
      name,
      appRoles: sd({}),
      overlap: overlap({ complete: false }),
    }),
    agentSeatsCheck({
      customerGroupIds: ['contoso'],
      name,
      appRoles: sd({ numberOfSeats: 15 }),
      overlap: overlap({ people: [ada], total: 1, membersRead: 3, agentsLookedUp: 3 }),
    }),
    agentSeatsCheck({
      customerGroupIds: ['fab'],
      name,
      appRoles: sd({ numberOfSeats: 15, remainingSeats: 2 }),
      overlap: { ok: false, why: 'Jira answered 429', calls: 1 },
    }),
  ];
}

it('says check 1 and the notes on what it lists as the report does', () => {
  const all = seatChecks();
  expect(all.every((c) => c.words)).toBe(true);
  const notes = all.flatMap((c) => c.affected?.items ?? []);
  expect(notes.length).toBeGreaterThan(0);

  useWordsForTest({ catalogue: catalogue('en-US') });
  const inViewerTime = (english: string) =>
    english.replace('2026-12-06 07:45 UTC', formatDateTime('2026-12-06T07:45:00.000Z'));
  for (const c of all) {
    expect(checkDetail(c)).toBe(inViewerTime(c.detail));
    expect(checkAction(c)).toBe(c.action);
  }
  for (const i of notes) expect(itemNote(i)).toBe(i.note);
  expect(checkDetail(all[1])).toContain('(40 members)');
  expect(checkDetail(all[3])).toContain(
    '(3 members of the agent groups, then the groups of 3 agents instead of',
  );

  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  for (const c of all) {
    expect(checkDetail(c)).not.toMatch(/\{\w+\}/);
    expect(checkDetail(c)).not.toBe(c.detail);
    if (c.action) expect(checkAction(c)).not.toBe(c.action);
  }
  for (const i of notes) expect(itemNote(i)).not.toBe(i.note);
  expect(checkDetail(all[1])).toContain(
    'Contoso ist in der Produktrolle von Jira Service Management',
  );
  expect(itemNote(all[1].affected!.items[0])).toBe(
    'Kunde über Contoso und Fabrikam; Agentenzugriff über Agents',
  );
  expect(checkDetail(all[3])).toContain(
    '(3 Mitglieder der Agentengruppen, dann die Gruppen von 3 Agenten statt',
  );
});

it('shows a listed item’s stored note when it has no code', () => {
  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  expect(itemNote({ id: 'x', label: 'X', note: 'stored' })).toBe('stored');
});

/** Checks 2, 3, 4 and 6 when they find something. */
function schemeFindings(): HealthCheck[] {
  const ok = <T>(value: T) => ({ ok: true as const, value, calls: 1 });
  const project = (key: string, style: CoveredProject['style']): CoveredProject => ({
    key,
    name: `${key} desk`,
    style,
    ruleIds: ['r1', 'r2'],
  });
  const grant = (permission: string, holder: PermissionGrant['holder']) => ({
    permission,
    holder,
  });
  const role = { type: 'projectRole' as const, value: '10101' };
  const schemes = new Map([
    [
      '1',
      {
        id: '1',
        name: 'Scheme 1',
        grants: [
          grant('BROWSE_PROJECTS', { type: 'anyone' }),
          grant('BROWSE_PROJECTS', { type: 'group', value: 'staff', name: 'All Staff' }),
          grant('CREATE_ISSUES', role),
          grant('ADD_COMMENTS', role),
        ],
      },
    ],
    [
      '2',
      {
        id: '2',
        name: 'Scheme 2',
        grants: [
          grant('BROWSE_PROJECTS', { type: 'group', value: 'staff', name: 'All Staff' }),
          grant('CREATE_ISSUES', role),
        ],
      },
    ],
    ['3', { id: '3', name: 'Scheme 3', grants: [grant('ADMINISTER_PROJECTS', role)] }],
    ['4', { id: '4', name: 'Open', grants: [grant('BROWSE_PROJECTS', { type: 'anyone' })] }],
    [
      '5',
      {
        id: '5',
        name: 'Logged in',
        grants: [grant('BROWSE_PROJECTS', { type: 'applicationRole' })],
      },
    ],
  ]);
  const facts = (schemeOf: Record<string, string>, unread: SchemeFacts['unread'] = []) =>
    ok<SchemeFacts>({
      schemeOf: new Map(Object.entries(schemeOf)),
      schemes,
      unread,
      reads: { unread: 0, named: 0, rotation: 0, grantsRead: 1, rotationDays: 7 },
    });
  const cover = (...projects: CoveredProject[]) => ok({ projects, complete: true });
  const rules = [
    makeRule({ id: 'r1', name: 'IT customers', groupIds: ['contoso'] }),
    makeRule({ id: 'r2', name: 'HR customers', groupIds: ['contoso'] }),
  ];
  const roles = ok([{ id: '10101', name: 'Service Desk Customers' }]);
  const appRoles = ok([]);
  const sizes = ok(new Map([['staff', 3400]]));
  const [hr, it, ops] = [
    project('HR', 'classic'),
    project('IT', 'classic'),
    project('OPS', 'classic'),
  ];
  return [
    browseGrantsCheck({
      rules,
      coverage: cover(hr, it),
      schemes: facts({ HR: '1', IT: '1' }),
      appRoles,
      groupSizes: sizes,
    }),
    browseGrantsCheck({
      rules,
      coverage: cover(hr, ops),
      schemes: facts({ HR: '2' }, [{ key: 'OPS', why: 'Jira answered 404' }]),
      appRoles,
      groupSizes: sizes,
    }),
    browseGrantsCheck({
      rules,
      coverage: cover(hr),
      schemes: facts({ HR: '1' }),
      appRoles,
      groupSizes: { ok: false, why: 'Jira answered 429', calls: 1 },
    }),
    customerPermissionsCheck({
      rules,
      coverage: cover(hr, it, ops),
      schemes: facts({ HR: '1', IT: '1', OPS: '2' }),
      roles,
    }),
    ruleRolesCheck({ rules, coverage: cover(hr), schemes: facts({ HR: '3' }), roles }),
    openDesksCheck({
      rules,
      coverage: cover(project('MKT', 'next-gen')),
      schemes: facts({ MKT: '4' }),
    }),
    openDesksCheck({
      rules,
      coverage: cover(project('MKT', 'next-gen'), project('SAL', 'next-gen')),
      schemes: facts({ MKT: '5', SAL: '5' }),
    }),
  ];
}

it('says what checks 2, 3, 4 and 6 found, and the notes on what they list, as the report does', () => {
  const all = schemeFindings();
  expect(all.map((c) => c.status)).toEqual([
    'fail',
    'fail',
    'fail',
    'fail',
    'fail',
    'fail',
    'fail',
  ]);
  expect(all.every((c) => c.words && c.affected?.items.every((i) => i.sentence))).toBe(true);
  const notes = all.flatMap((c) => c.affected!.items);

  useWordsForTest({ catalogue: catalogue('en-US') });
  for (const c of all) {
    expect(checkDetail(c)).toBe(c.detail);
    expect(checkAction(c)).toBe(c.action);
  }
  for (const i of notes) expect(itemNote(i)).toBe(i.note);

  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  for (const c of all) {
    expect(checkDetail(c)).not.toMatch(/\{\w+\}/);
    expect(checkDetail(c)).not.toBe(c.detail);
    expect(checkAction(c)).not.toBe(c.action);
  }
  for (const i of notes) expect(itemNote(i)).not.toBe(i.note);
  expect(checkDetail(all[1])).toContain('3.400 Personen erscheinen als Kunden von HR');
  expect(itemNote(all[0].affected!.items[0])).toBe(
    'Schema „Scheme 1“ gewährt „Projekte durchsuchen“ an jeden, auch Personen ohne Konto; ' +
      'Gruppe All Staff (3.400 Mitglieder)',
  );
});
