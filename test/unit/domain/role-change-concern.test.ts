// When a person's role change cannot concern the app, and what the hourly run knows of the rules'
// groups' names from one read to the next.
import {
  cannotConcernApp,
  knownRuleGroupNames,
  namesToKeep,
} from '../../../src/domain/role-change-concern';

const change = (groupsBefore?: string[], groupsAfter?: string[]) => ({
  projectId: '10001',
  roleId: '10101',
  ...(groupsBefore ? { groupsBefore } : {}),
  ...(groupsAfter ? { groupsAfter } : {}),
});
const app = { ruleGroups: ['Contoso Customers'], ruleGroupRenamed: false, ledger: [] };

describe('cannotConcernApp', () => {
  it('is true only for groups the app does not watch, added or removed', () => {
    expect(
      cannotConcernApp(change(['Contoso Customers'], ['Contoso Customers', 'Sales']), app),
    ).toBe(true);
    expect(cannotConcernApp(change(['Sales'], []), app)).toBe(true);
    expect(cannotConcernApp(change(['Contoso Customers'], []), app)).toBe(false);
    expect(cannotConcernApp(change([], ['contoso customers']), app)).toBe(false);
  });

  it('visits a record that does not say which groups changed', () => {
    expect(cannotConcernApp(change(), app)).toBe(false);
    expect(cannotConcernApp(change(['Sales']), app)).toBe(false);
  });

  it("watches the project's ledger, and any name while one is unknown", () => {
    const legacy = { ...app, ledger: [{ groupName: 'Legacy' }] };
    expect(cannotConcernApp(change(['Legacy'], []), legacy)).toBe(false);
    expect(cannotConcernApp(change(['Sales'], []), legacy)).toBe(true);
    expect(cannotConcernApp(change(['Sales'], []), { ...app, ledger: [{}] })).toBe(false);
    expect(cannotConcernApp(change(['Sales'], []), { ...app, ruleGroups: undefined })).toBe(false);
    expect(cannotConcernApp(change(['Sales'], []), { ...app, ruleGroupRenamed: true })).toBe(false);
  });
});

describe("the rules' groups' names", () => {
  const current = { g1: { name: 'Contoso Customers' } };

  it('are the names read now and the ones kept; unknown when a group has neither', () => {
    expect(
      knownRuleGroupNames(['g1', 'g2'], current, { g1: 'Contoso Clients', g2: 'Old' }),
    ).toEqual(['Contoso Customers', 'Contoso Clients', 'Old']);
    expect(knownRuleGroupNames(['g1', 'g2'], current, {})).toBeUndefined();
  });

  it('keep the name read now, else the one kept; null once it may have changed unseen', () => {
    const kept = { g1: 'Contoso Clients', g2: 'Disabled', g3: 'Renamed', g4: null };
    const ids = ['g1', 'g2', 'g3', 'g4', 'g5'];
    expect(namesToKeep(ids, current, kept, { renamed: ['g3'], complete: true }, 10)).toEqual({
      g1: 'Contoso Customers',
      g2: 'Disabled',
      g3: null,
      g4: null,
    });
    // A read that stopped short may have left a rename unread.
    expect(namesToKeep(ids, current, kept, { renamed: [], complete: false }, 10)).toEqual({
      g1: 'Contoso Customers',
      g2: null,
      g3: null,
      g4: null,
    });
    expect(namesToKeep(ids, current, kept, { renamed: [], complete: true }, 2)).toEqual({
      g1: 'Contoso Customers',
      g2: 'Disabled',
    });
    // null is no name: the group is unknown until a run reads it again.
    expect(knownRuleGroupNames(['g4'], current, kept)).toBeUndefined();
  });
});
