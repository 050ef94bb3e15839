// The rule editor's note on other rules covering the same projects.
import type { Rule } from '../../../src/domain/schemas';
import { overlaps } from '../../../static/admin/src/overlap';

// The page's words need no Forge bridge here: English is bundled.
jest.mock('@forge/bridge', () => ({}));

const other = (name: string, scope: Rule['scope'], over: Partial<Rule> = {}) => ({
  name,
  scope,
  exclude: [],
  enabled: true,
  ...over,
});

test('keys named here that another rule covers are pointed out, by key and rule', () => {
  const notes = overlaps(
    { scope: { type: 'keys', keys: ['ITHELP', 'HR'] }, exclude: [], keys: ['ITHELP', 'HR'] },
    [
      other('IT desks', { type: 'pattern', pattern: 'IT*' }),
      other('HR only', { type: 'keys', keys: ['HR'] }),
      other('Off', { type: 'all' }, { enabled: false }),
      other('All but HR', { type: 'all' }, { exclude: ['HR'] }),
    ],
  );
  expect(notes).toEqual([
    'ITHELP is also covered by rule “IT desks”.',
    'HR is also covered by rule “HR only”.',
    'ITHELP is also covered by rule “All but HR”.',
  ]);
});

test('no other rule, or none sharing a project: nothing to say', () => {
  const editing = { scope: { type: 'keys', keys: ['FAC'] }, exclude: [], keys: ['FAC'] };
  expect(overlaps(editing, [])).toEqual([]);
  expect(overlaps(editing, [other('HR only', { type: 'keys', keys: ['HR'] })])).toEqual([]);
});
