// Checks 2, 3, 4 and 6, pure: exposures from permission schemes of the projects rules cover.
import { evaluateHealth } from '../../../src/domain/health';
import {
  browseExposures,
  browseGrantsCheck,
  coveredProjects,
  customerPermissionsCheck,
  LARGE_GROUP_MEMBERS,
  openDesksCheck,
  ruleRolesCheck,
} from '../../../src/domain/health-permissions';
import type {
  ApplicationRole,
  Coverage,
  CoveredProject,
  PermissionGrant,
  PermissionScheme,
  Read,
  SchemeFacts,
} from '../../../src/domain/health-schemas';
import { makeProject, makeRule } from './fixtures';

const ok = <T>(value: T, calls = 1): Read<T> => ({ ok: true, value, calls });
const refused = (why: string): Read<never> => ({ ok: false, why, calls: 1 });

const role = (id: string, permission: string): PermissionGrant => ({
  permission,
  holder: { type: 'projectRole', value: id },
});
const PORTAL: PermissionGrant = {
  permission: 'BROWSE_PROJECTS',
  holder: { type: 'sd.customer.portal.only' },
};
const CUSTOMERS = '10101';
const TEAM = '10100';
/** JSM's default grants, reduced: agents through Service Desk Team, customers through the portal. */
const jsmGrants = [
  role(TEAM, 'BROWSE_PROJECTS'),
  role(TEAM, 'SERVICEDESK_AGENT'),
  role('10002', 'ADMINISTER_PROJECTS'),
  PORTAL,
];
const scheme = (id: string, extra: PermissionGrant[] = []): PermissionScheme => ({
  id,
  name: `Scheme ${id}`,
  grants: [...jsmGrants, ...extra],
});
const project = (key: string, over: Partial<CoveredProject> = {}): CoveredProject => ({
  key,
  name: `${key} desk`,
  style: 'classic',
  ruleIds: ['r1'],
  ...over,
});
function facts(schemes: PermissionScheme[], schemeOf: Record<string, string>): SchemeFacts {
  return {
    schemeOf: new Map(Object.entries(schemeOf)),
    schemes: new Map(schemes.map((s) => [s.id, s])),
    unread: [],
    reads: { unread: 0, named: 0, rotation: 0, grantsRead: 0, rotationDays: 7 },
  };
}
const coverage = (projects: CoveredProject[], complete = true): Read<Coverage> =>
  ok({ projects, complete });
const rules = [makeRule({ id: 'r1', name: 'Customers', groupIds: ['contoso'] })];
const roles = ok([
  { id: CUSTOMERS, name: 'Service Desk Customers' },
  { id: TEAM, name: 'Service Desk Team' },
]);
const appRoles: Read<ApplicationRole[]> = ok([
  {
    key: 'jira-software',
    name: 'Jira',
    groupIds: [],
    defaultGroupIds: [],
    selectedByDefault: true,
    groupNames: {},
    userCount: 3400,
  },
]);

describe('which projects rules cover', () => {
  it('lists service projects an enabled rule covers, with those rules', () => {
    const projects = [
      makeProject({ key: 'HR', id: '1' }),
      makeProject({ key: 'MKT', id: '2', style: 'next-gen' }),
      makeProject({ key: 'PLAT', id: '3', typeKey: 'software' }),
    ];
    const r = [
      makeRule({ id: 'a', exclude: ['HR'] }),
      makeRule({ id: 'b', scope: { type: 'keys', keys: ['HR'] } }),
      makeRule({ id: 'off', enabled: false }),
    ];
    expect(coveredProjects(r, projects)).toEqual([
      { id: '1', key: 'HR', name: 'Help desk', style: 'classic', ruleIds: ['b'] },
      { id: '2', key: 'MKT', name: 'Help desk', style: 'next-gen', ruleIds: ['a'] },
    ]);
  });
});

describe('check 2: Browse Projects grants', () => {
  const ctx = { ruleGroupIds: new Set(['contoso']), appRoles: appRoles.ok ? appRoles.value : [] };
  const browse = (holder: PermissionGrant['holder']) => ({ permission: 'BROWSE_PROJECTS', holder });

  it('flags anyone, any logged-in user, a product, and large groups no rule names', () => {
    const s = scheme('1', [
      browse({ type: 'anyone' }),
      browse({ type: 'applicationRole' }),
      browse({ type: 'applicationRole', value: 'jira-software' }),
      browse({ type: 'group', value: 'staff', name: 'All Staff' }),
      browse({ type: 'group', value: 'small', name: 'Small' }),
      browse({ type: 'group', value: 'contoso', name: 'Contoso' }),
    ]);
    const sizes = new Map([
      ['staff', 3400],
      ['small', LARGE_GROUP_MEMBERS],
      ['contoso', 9000],
    ]);
    expect(browseExposures(s, { ...ctx, groupSizes: sizes })).toEqual([
      { what: 'anyone, even people without an account', phrase: { code: 'exposureAnyone' } },
      { what: 'every logged-in user', phrase: { code: 'exposureLoggedIn' }, people: 3400 },
      {
        what: 'every user of Jira',
        phrase: { code: 'exposureProduct', values: { product: 'Jira' } },
        people: 3400,
      },
      {
        what: 'group All Staff (3,400 members)',
        phrase: { code: 'exposureGroup', values: { group: 'All Staff', count: 3400 } },
        people: 3400,
      },
    ]);
  });

  it('fails naming how many people appear as customers of which projects', () => {
    const s = scheme('1', [browse({ type: 'group', value: 'staff', name: 'All Staff' })]);
    const c = browseGrantsCheck({
      rules,
      coverage: coverage([project('HR'), project('IT')]),
      schemes: ok(facts([s], { HR: '1', IT: '1' })),
      groupSizes: ok(new Map([['staff', 3400]])),
      appRoles,
    });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('3,400 people appear as customers of HR (group All Staff');
    expect(c.affected?.items.map((i) => i.id)).toEqual(['HR', 'IT']);
    expect(c.link?.href).toBe('/secure/admin/EditPermissions!default.jspa?schemeId=1');
    expect(c.cost?.calls).toBe(3);
  });

  it('passes on JSM defaults, warns when a project could not be read, and could not check when refused', () => {
    const base = { rules, appRoles, coverage: coverage([project('HR'), project('IT')]) };
    expect(
      browseGrantsCheck({ ...base, schemes: ok(facts([scheme('1')], { HR: '1', IT: '1' })) })
        .status,
    ).toBe('pass');
    const partial = facts([scheme('1')], { HR: '1' });
    partial.unread.push({ key: 'IT', why: 'Jira answered 404' });
    const warn = browseGrantsCheck({ ...base, schemes: ok(partial) });
    expect(warn.status).toBe('warn');
    expect(warn.detail).toContain(
      'Jira would not tell the permission scheme of IT (Jira answered 404)',
    );
    expect(browseGrantsCheck({ ...base, schemes: refused('Could not read (403).') })).toMatchObject(
      {
        status: 'unknown',
        detail: 'Could not check: Could not read (403).',
      },
    );
  });
});

describe('check 3: customer permissions on the customer role', () => {
  it('fails for customer permissions granted to the role a rule names', () => {
    const s = scheme('1', [role(CUSTOMERS, 'BROWSE_PROJECTS'), role(CUSTOMERS, 'CREATE_ISSUES')]);
    const c = customerPermissionsCheck({
      rules,
      roles,
      coverage: coverage([project('HR')]),
      schemes: ok(facts([s], { HR: '1' })),
    });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain(
      'grants Browse Projects and Create Issues to role Service Desk Customers',
    );
    expect(c.affected?.items[0]).toMatchObject({ id: '1', note: expect.stringContaining('HR') });
  });

  it("leaves a role with agent permissions to check 4, and passes on JSM's defaults", () => {
    const agentRule = [makeRule({ id: 'r1', roleName: 'Service Desk Team' })];
    const input = { roles, coverage: coverage([project('HR')]) };
    expect(
      customerPermissionsCheck({
        ...input,
        rules: agentRule,
        schemes: ok(facts([scheme('1')], { HR: '1' })),
      }).status,
    ).toBe('pass');
    expect(
      customerPermissionsCheck({ ...input, rules, schemes: ok(facts([scheme('1')], { HR: '1' })) })
        .status,
    ).toBe('pass');
  });
});

describe('check 4: rules aimed at agent or admin roles', () => {
  it('fails naming the rule whose role holds agent permissions where it applies', () => {
    const r = [
      makeRule({ id: 'r1', name: 'Agents by mistake', roleName: 'Service Desk Team' }),
      makeRule({ id: 'r2', name: 'Customers' }),
    ];
    const c = ruleRolesCheck({
      rules: r,
      roles,
      coverage: coverage([project('HR', { ruleIds: ['r1', 'r2'] })]),
      schemes: ok(facts([scheme('1')], { HR: '1' })),
    });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('Rule "Agents by mistake" adds groups to role Service Desk Team');
    expect(c.detail).toContain('Service Desk Agent');
    expect(c.affected?.items.map((i) => i.label)).toEqual(['Agents by mistake']);
  });

  it('judges a rule only on the schemes of projects it covers, and not when it is disabled', () => {
    const r = [
      makeRule({ id: 'r1', roleName: 'Service Desk Team', enabled: false }),
      makeRule({ id: 'r2', roleName: 'Service Desk Team' }),
    ];
    const c = ruleRolesCheck({
      rules: r,
      roles,
      coverage: coverage([project('HR', { ruleIds: ['r1'] })]),
      schemes: ok(facts([scheme('1')], { HR: '1' })),
    });
    expect(c.status).toBe('pass');
  });
});

describe('check 6: open team-managed desks', () => {
  const tm = (key: string) => project(key, { style: 'next-gen' });
  const open = scheme('9', [
    { permission: 'BROWSE_PROJECTS', holder: { type: 'applicationRole' } },
  ]);

  it('fails for a covered team-managed desk every logged-in user can browse', () => {
    const c = openDesksCheck({
      rules,
      coverage: coverage([tm('MKT'), project('HR')]),
      schemes: ok(facts([open, scheme('1')], { MKT: '9', HR: '1' })),
    });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('Every logged-in user is already a customer of MKT');
    expect(c.link?.href).toBe('/jira/servicedesk/projects/MKT/settings/access');
  });

  it('passes when private or none covered; could not check when Jira tells no access', () => {
    expect(
      openDesksCheck({
        rules,
        coverage: coverage([tm('MKT')]),
        schemes: ok(facts([scheme('1')], { MKT: '1' })),
      }).status,
    ).toBe('pass');
    expect(
      openDesksCheck({ rules, coverage: coverage([]), schemes: ok(facts([], {})) }).detail,
    ).toBe('No rule covers a team-managed service project.');
    const unread = facts([], {});
    unread.unread.push({ key: 'MKT', why: 'Jira answered 403' });
    expect(
      openDesksCheck({ rules, coverage: coverage([tm('MKT')]), schemes: ok(unread) }),
    ).toMatchObject({
      status: 'unknown',
      detail: expect.stringContaining('Jira does not tell the access of MKT'),
    });
  });
});

describe('evaluateHealth', () => {
  it('answers every check once, numbered 1 to 11 in order, each saying what it cost', () => {
    const checks = evaluateHealth({
      rules,
      knownGroupNames: {},
      projectsMissingRole: [],
      appRoles,
      groups: ok({ existing: new Map(), synced: [] }),
      roles,
      coverage: coverage([project('HR')]),
      schemes: ok(facts([scheme('1')], { HR: '1' })),
      recent: ok({ days: 30, created: 0, checked: 0, withServiceDesk: [] }),
    });
    expect(checks.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // Neither reads Jira of its own: the rules, and the guard rails' judgement of them.
    for (const c of checks.filter((x) => x.id !== 'rules' && x.id !== 'guard-rails'))
      expect(c.cost?.calls).toBeGreaterThan(0);
  });
});
