// Which audit records become change signals: role changes and project updates mark the project,
// a created project is new, a deleted one is forgotten, a deleted group a rule names asks for a
// full run; the rest is noise.
import { signalOf } from '../../../src/enforce/audit-signals';

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
