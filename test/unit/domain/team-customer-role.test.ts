// The guard rails on team-managed projects: only the hidden customer role, never Viewer, Member
// or Administrator, and never a global role's id.
import { onlyCustomerAdds, teamCustomerRole } from '../../../src/domain/guard-rails';
import type { ProjectPlan } from '../../../src/domain/schemas';

const own = (id: string, name: string, projectId = '10004') => ({
  id,
  name,
  scopeType: 'PROJECT',
  scopeProjectId: projectId,
});
const MKT_ROLES = [
  own('10201', 'Administrator'),
  own('10202', 'Member'),
  own('10203', 'Viewer'),
  own('10204', 'Service Desk Customers'),
];

describe('teamCustomerRole', () => {
  it("picks the project's own customer role and nothing else", () => {
    expect(teamCustomerRole(MKT_ROLES, '10004')?.id).toBe('10204');
    expect(teamCustomerRole(MKT_ROLES.slice(0, 3), '10004')).toBeUndefined();
  });

  it('accepts the singular name some sites show, in any case', () => {
    expect(teamCustomerRole([own('7', 'service desk customer')], '10004')?.id).toBe('7');
  });

  it("refuses a global role, another project's role, and an ambiguous pair", () => {
    const global = { id: '10101', name: 'Service Desk Customers' };
    expect(teamCustomerRole([global], '10004')).toBeUndefined();
    expect(teamCustomerRole([own('9', 'Service Desk Customers', '1')], '10004')).toBeUndefined();
    expect(
      teamCustomerRole(
        [own('8', 'Service Desk Customers'), own('9', 'Service Desk Customer')],
        '10004',
      ),
    ).toBeUndefined();
  });
});

describe('onlyCustomerAdds on a team-managed project', () => {
  const plan = (roleName: string): ProjectPlan => ({
    projectId: '10004',
    projectKey: 'MKT',
    projectName: 'Marketing',
    roleId: '10203',
    roleName,
    actions: [{ kind: 'add', groupId: 'g-1', ruleIds: ['r1'], reason: 'wanted' }],
    skips: [],
    unmanagedGroupIds: [],
  });

  it('drops adds to Viewer, Member and Administrator, showing them as refused', () => {
    for (const name of ['Viewer', 'Member', 'Administrator']) {
      const [out] = onlyCustomerAdds([plan(name)], 'next-gen');
      expect(out.actions).toEqual([]);
      expect(out.skips).toEqual([
        expect.objectContaining({ code: 'refused', groupId: 'g-1', ruleId: 'r1' }),
      ]);
    }
  });

  it('keeps adds to the hidden customer role, by either of its names', () => {
    for (const name of ['Service Desk Customers', 'Service Desk Customer'])
      expect(onlyCustomerAdds([plan(name)], 'next-gen')[0].actions).toHaveLength(1);
  });

  it('keeps the exact customer role name on company-managed projects', () => {
    expect(onlyCustomerAdds([plan('Service Desk Customer')])[0].actions).toEqual([]);
    expect(onlyCustomerAdds([plan('Service Desk Customers')])[0].actions).toHaveLength(1);
  });
});
