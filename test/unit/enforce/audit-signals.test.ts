// Which audit records become change signals: role changes and project updates mark the project,
// a created project is new, a deleted one is forgotten, a deleted group a rule names asks for a
// full run; the rest is noise. Records naming a rule's group hint its organizations changed.
import { groupHintOf, signalOf } from '../../../src/enforce/audit-signals';

const RULE_GROUP = 'g-rule';
const groups = new Set([RULE_GROUP]);
const project = { id: '10001', typeName: 'PROJECT' };

describe('signalOf', () => {
  it('marks the project whose roles changed', () => {
    const r = {
      summary: 'Project roles changed',
      objectItem: { id: '10101', typeName: 'PROJECT_ROLE' },
      associatedItems: [project],
    };
    expect(signalOf(r, groups)).toEqual({ kind: 'changed', ref: { projectId: '10001' } });
  });

  it('marks a created project as new and an updated one as changed', () => {
    expect(signalOf({ summary: 'Project created', objectItem: project }, groups)).toEqual({
      kind: 'created',
      ref: { projectId: '10001' },
    });
    expect(signalOf({ summary: 'Project updated', objectItem: project }, groups)).toEqual({
      kind: 'changed',
      ref: { projectId: '10001' },
    });
  });

  it('asks for a full run only when a group a rule names is deleted', () => {
    const deleted = (id: string) => ({
      summary: 'Group deleted',
      objectItem: { id, typeName: 'GROUP' },
    });
    expect(signalOf(deleted(RULE_GROUP), groups)).toBe('full-run');
    expect(signalOf(deleted('g-other'), groups)).toBeUndefined();
  });

  it('names a deleted project by id, and by the key it had when the record says it', () => {
    expect(signalOf({ summary: 'Project deleted', objectItem: project }, groups)).toEqual({
      kind: 'deleted',
      project: { id: '10001' },
    });
    const withKey = {
      summary: 'Project deleted',
      objectItem: project,
      changedValues: [
        { fieldName: 'Name', changedFrom: 'IT Help' },
        { fieldName: 'Key', changedFrom: 'ITHELP' },
      ],
    };
    expect(signalOf(withKey, groups)).toEqual({
      kind: 'deleted',
      project: { id: '10001', key: 'ITHELP' },
    });
  });

  it('ignores renamed groups and records without a project', () => {
    const renamed = { summary: 'Group renamed', objectItem: { id: RULE_GROUP } };
    expect(signalOf(renamed, groups)).toBeUndefined();
    expect(signalOf({ summary: 'Project roles changed', associatedItems: [] }, groups)).toBe(
      undefined,
    );
    expect(signalOf({ summary: 'User created' }, groups)).toBeUndefined();
  });
});

describe('groupHintOf', () => {
  const group = (id: string) => ({ id, typeName: 'GROUP' });
  const user = { id: 'acc-1', typeName: 'USER' };

  it("names a rule's group whose members or name changed, wherever the record puts it", () => {
    for (const summary of ['User added to group', 'User removed from group', 'Group renamed'])
      expect(
        groupHintOf({ summary, objectItem: group(RULE_GROUP), associatedItems: [user] }, groups),
      ).toBe(RULE_GROUP);
    const swapped = {
      summary: 'User added to group',
      objectItem: user,
      associatedItems: [group(RULE_GROUP)],
    };
    expect(groupHintOf(swapped, groups)).toBe(RULE_GROUP);
  });

  it('ignores other groups and other records', () => {
    const other = { summary: 'User added to group', objectItem: group('g-other') };
    expect(groupHintOf(other, groups)).toBeUndefined();
    expect(groupHintOf({ summary: 'Group created', objectItem: group(RULE_GROUP) }, groups)).toBe(
      undefined,
    );
    expect(groupHintOf({ summary: 'User created', objectItem: user }, groups)).toBeUndefined();
  });
});
