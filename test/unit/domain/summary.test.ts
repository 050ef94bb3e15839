import { planProject } from '../../../src/domain/planner';
import { summarisePlans } from '../../../src/domain/summary';
import { makeEntry, makeInput, makeProject, makeRule, rolesWith } from './fixtures';

describe('summarisePlans', () => {
  it('is all zero for no plans', () => {
    expect(summarisePlans([])).toEqual({ adds: 0, removals: 0, skips: 0, drift: 0, projects: 0, projectsWithChanges: 0 });
  });

  it('counts actions, drift, skips and distinct projects', () => {
    const help = makeProject();
    const ops = makeProject({ id: '2', key: 'OPS' });
    const quiet = makeProject({ id: '3', key: 'QUIET' });
    const rules = [makeRule({ id: 'r1', groupIds: ['g-1', 'g-2', 'gone'] })];
    const plans = [
      ...planProject(makeInput({ project: help, rules, roles: rolesWith(['g-3']), ledger: [makeEntry(help, 'g-1'), makeEntry(help, 'g-3')] })),
      ...planProject(makeInput({ project: ops, rules, roles: rolesWith(['g-1']) })),
      ...planProject(makeInput({ project: quiet, rules, roles: rolesWith(['g-1', 'g-2']) })),
    ];
    // HELP: add g-1 (drift), add g-2, remove g-3, skip gone; OPS: add g-2, skip gone; QUIET: skip gone.
    expect(summarisePlans(plans)).toEqual({ adds: 3, removals: 1, skips: 3, drift: 1, projects: 3, projectsWithChanges: 2 });
  });
});
