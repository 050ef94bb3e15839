// Role changes are read from the record's items (role as object, project associated), whatever
// language the summary is in; the app's own add of a group is told by its author and by the
// group entering the role's Groups.
import {
  isAppsRoleChange,
  isRoleChangeRecord,
  roleChangeOf,
} from '../../../src/domain/audit-match';

const APP = 'app-account';
const roleChange = (over: object = {}) => ({
  summary: 'Project roles changed',
  authorAccountId: APP,
  objectItem: { id: '10101', name: 'Service Desk Customers', typeName: 'PROJECT_ROLE' },
  associatedItems: [{ id: '10001', name: 'IT Help', typeName: 'PROJECT' }],
  changedValues: [
    { fieldName: 'Groups', changedFrom: 'HR Staff', changedTo: 'Contoso Customers, HR Staff' },
  ],
  ...over,
});

describe('roleChangeOf', () => {
  it('reads project, role and the groups before and after, in any language', () => {
    const expected = {
      projectId: '10001',
      roleId: '10101',
      groupsBefore: ['HR Staff'],
      groupsAfter: ['Contoso Customers', 'HR Staff'],
    };
    expect(roleChangeOf(roleChange())).toEqual(expected);
    expect(roleChangeOf(roleChange({ summary: 'Projektrollen geändert' }))).toEqual(expected);
    expect(roleChangeOf(roleChange({ summary: undefined }))).toEqual(expected);
  });

  it('leaves the groups out when only users changed, and an empty side as no groups', () => {
    const users = roleChange({ changedValues: [{ fieldName: 'Users', changedTo: 'acc-1' }] });
    expect(roleChangeOf(users)).toEqual({ projectId: '10001', roleId: '10101' });
    const first = roleChange({ changedValues: [{ fieldName: 'Groups', changedTo: 'HR Staff' }] });
    expect(roleChangeOf(first)).toMatchObject({ groupsBefore: [], groupsAfter: ['HR Staff'] });
  });

  it('is not a role change without the role as object or the project associated', () => {
    const noProject = roleChange({ associatedItems: [{ id: 'g', typeName: 'GROUP' }] });
    const projectObject = roleChange({ objectItem: { id: '10001', typeName: 'PROJECT' } });
    const noId = roleChange({ objectItem: { typeName: 'PROJECT_ROLE' } });
    for (const r of [noProject, projectObject, noId]) expect(isRoleChangeRecord(r)).toBe(false);
    // The summary alone proves nothing.
    expect(isRoleChangeRecord({ summary: 'Project roles changed' })).toBe(false);
    expect(isRoleChangeRecord(roleChange())).toBe(true);
  });
});

describe('isAppsRoleChange', () => {
  it("is the app's change of that role in that project", () => {
    expect(isAppsRoleChange(roleChange(), APP, '10001', '10101')).toBe(true);
    expect(isAppsRoleChange(roleChange(), APP, '10002', '10101')).toBe(false);
    expect(isAppsRoleChange(roleChange(), APP, '10001', '10102')).toBe(false);
    expect(isAppsRoleChange(roleChange({ authorAccountId: 'person' }), APP, '10001', '10101')).toBe(
      false,
    );
    expect(isAppsRoleChange(roleChange({ authorAccountId: undefined }), '', '10001', '10101')).toBe(
      false,
    );
  });

  it('with a group: only when that group entered the role', () => {
    const r = roleChange();
    expect(isAppsRoleChange(r, APP, '10001', '10101', 'Contoso Customers')).toBe(true);
    // Already there before: someone else added it.
    expect(isAppsRoleChange(r, APP, '10001', '10101', 'HR Staff')).toBe(false);
    // Removed, or the record says nothing of groups.
    const removed = roleChange({
      changedValues: [{ fieldName: 'Groups', changedFrom: 'Contoso Customers' }],
    });
    expect(isAppsRoleChange(removed, APP, '10001', '10101', 'Contoso Customers')).toBe(false);
    const users = roleChange({ changedValues: [{ fieldName: 'Users', changedTo: 'acc-1' }] });
    expect(isAppsRoleChange(users, APP, '10001', '10101', 'Contoso Customers')).toBe(false);
  });
});
