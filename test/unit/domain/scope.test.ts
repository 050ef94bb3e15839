import fc from 'fast-check';

import { matchesKeyPattern, ruleCoversProject } from '../../../src/domain/scope';
import { makeProject, makeRule } from './fixtures';

describe('matchesKeyPattern', () => {
  it.each([
    ['HELP', 'HELP', true],
    ['HELP', 'help', true],
    ['help', 'HE*', true],
    ['HELP', 'H*', true],
    ['HELP', '*', true],
    ['', '*', true],
    ['', '', true],
    ['', '?', false],
    ['HELP', '', false],
    ['HELP', 'H?LP', true],
    ['HELP', 'H?P', false],
    ['HELP', '????', true],
    ['HELP', '?????', false],
    ['HELP', '*P', true],
    ['HELP', '*L', false],
    ['HELPDESK', 'HELP', false], // whole key, not a prefix
    ['MYHELP', 'HELP', false], // whole key, not a substring
    ['HR_SUPPORT', '*_SUPPORT', true],
    ['HR_SUPPORT', 'HR*SUPPORT', true],
    ['HRSUPPORT', 'HR*SUPPORT', true],
    ['AAAB', '*A*B', true],
    ['ABAB', '*AB', true],
    ['ABABC', '*AB', false],
    ['A1', 'A?*', true],
    ['A', 'A?*', false],
    ['A', 'A**', true],
  ])('%s against %s is %s', (key, pattern, expected) => {
    expect(matchesKeyPattern(key, pattern)).toBe(expected);
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    const started = Date.now();
    expect(matchesKeyPattern('A'.repeat(255), '*A'.repeat(100) + 'B')).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('agrees with a regex oracle on random keys and patterns', () => {
    const ch = fc.constantFrom('A', 'B', '_', '1', 'a');
    const key = fc.string({ unit: ch, maxLength: 8 });
    const pattern = fc.string({
      unit: fc.constantFrom('A', 'B', '_', '1', 'b', '*', '?'),
      maxLength: 6,
    });
    fc.assert(
      fc.property(key, pattern, (k, p) => {
        const oracle = new RegExp(`^${p.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'is');
        expect(matchesKeyPattern(k, p)).toBe(oracle.test(k));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ruleCoversProject', () => {
  const help = makeProject({ key: 'HELP', categoryId: '10' });

  it('covers every service project with scope all', () => {
    expect(ruleCoversProject(makeRule({ id: 'r' }), help)).toEqual({ covered: true });
  });

  it('covers by key, case-insensitively', () => {
    expect(
      ruleCoversProject(makeRule({ id: 'r', scope: { type: 'keys', keys: ['OPS', 'HELP'] } }), help)
        .covered,
    ).toBe(true);
    expect(
      ruleCoversProject(makeRule({ id: 'r', scope: { type: 'keys', keys: ['OPS'] } }), help),
    ).toMatchObject({ covered: false, code: 'not-in-scope' });
    expect(
      ruleCoversProject(
        makeRule({ id: 'r', scope: { type: 'keys', keys: ['HELP'] } }),
        makeProject({ key: 'help' }),
      ).covered,
    ).toBe(true);
  });

  it('covers by category, and never a project without one', () => {
    const byCategory = makeRule({
      id: 'r',
      scope: { type: 'categories', categoryIds: ['10', '11'] },
    });
    expect(ruleCoversProject(byCategory, help).covered).toBe(true);
    expect(ruleCoversProject(byCategory, makeProject({ categoryId: '12' })).covered).toBe(false);
    expect(ruleCoversProject(byCategory, makeProject({ categoryId: undefined })).covered).toBe(
      false,
    );
  });

  it('covers by key pattern', () => {
    const hr = makeRule({ id: 'r', scope: { type: 'pattern', pattern: 'HR*' } });
    expect(ruleCoversProject(hr, makeProject({ key: 'HRIT' })).covered).toBe(true);
    expect(ruleCoversProject(hr, makeProject({ key: 'XHR' })).covered).toBe(false);
  });

  it('explains an excluded project, and how to include it again', () => {
    const verdict = ruleCoversProject(
      makeRule({ id: 'r', name: 'Customers', exclude: ['help'] }),
      help,
    );
    expect(verdict).toMatchObject({ covered: false, code: 'project-excluded' });
    if (!verdict.covered)
      expect(verdict.reason).toMatch(
        /HELP is excluded from rule 'Customers'.*remove HELP from the rule's exclusions/,
      );
  });

  it('reports a software project named by key as not a service project', () => {
    const dev = makeProject({ key: 'DEV', typeKey: 'software' });
    const verdict = ruleCoversProject(
      makeRule({ id: 'r', scope: { type: 'keys', keys: ['DEV'] } }),
      dev,
    );
    expect(verdict).toMatchObject({ covered: false, code: 'not-service-desk' });
    if (!verdict.covered) expect(verdict.reason).toContain("take it out of rule 'Rule r'");
  });

  it('treats a software project as simply outside an "all service projects" scope', () => {
    expect(
      ruleCoversProject(makeRule({ id: 'r' }), makeProject({ typeKey: 'software' })),
    ).toMatchObject({ covered: false, code: 'not-in-scope' });
  });

  it("only looks at scope: enabled or not is the planner's concern", () => {
    expect(ruleCoversProject(makeRule({ id: 'r', enabled: false }), help).covered).toBe(true);
  });
});
