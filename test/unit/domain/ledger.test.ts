import { applyResults, ledgerKey } from '../../../src/domain/ledger';
import { planProject } from '../../../src/domain/planner';
import type { ActionResult, ProjectPlan } from '../../../src/domain/schemas';
import {
  applyToActors,
  makeEntry,
  makeInput,
  makeProject,
  makeRule,
  ROLE,
  rolesWith,
} from './fixtures';

const project = makeProject();
const AT = '2026-02-01T00:00:00.000Z';

function ok(plan: ProjectPlan, success = true): ActionResult[] {
  return plan.actions.map((a) => ({
    projectKey: plan.projectKey,
    kind: a.kind,
    groupId: a.groupId,
    ok: success,
    at: AT,
    ...(success ? {} : { error: 'Jira said no' }),
  }));
}

describe('ledgerKey', () => {
  it('identifies a binding by project, role and group', () => {
    expect(ledgerKey({ projectId: '1', roleId: '2', groupId: 'g' })).toBe('1:2:g');
    expect(ledgerKey(makeEntry(project, 'g-1'))).not.toBe(ledgerKey(makeEntry(project, 'g-2')));
  });
});

describe('applyResults', () => {
  it('records successful adds with their rules, the run and the time', () => {
    const [plan] = planProject(
      makeInput({ rules: [makeRule({ id: 'r1', groupIds: ['g-1', 'g-2'] })] }),
    );
    expect(applyResults([], plan, ok(plan), 'run-9')).toEqual([
      {
        projectId: project.id,
        projectKey: 'HELP',
        roleId: ROLE.id,
        groupId: 'g-1',
        groupName: 'name of g-1',
        ruleIds: ['r1'],
        addedAt: AT,
        runId: 'run-9',
      },
      {
        projectId: project.id,
        projectKey: 'HELP',
        roleId: ROLE.id,
        groupId: 'g-2',
        groupName: 'name of g-2',
        ruleIds: ['r1'],
        addedAt: AT,
        runId: 'run-9',
      },
    ]);
  });

  it('forgets successful removals and keeps failed ones', () => {
    const ledger = [makeEntry(project, 'g-1'), makeEntry(project, 'g-2')];
    const [plan] = planProject(makeInput({ rules: [], roles: rolesWith(['g-1', 'g-2']), ledger }));
    const results = ok(plan).map((r) =>
      r.groupId === 'g-2' ? { ...r, ok: false, error: 'boom' } : r,
    );
    expect(applyResults(ledger, plan, results, 'run-9')).toEqual([makeEntry(project, 'g-2')]);
  });

  it('records nothing for failed adds', () => {
    const [plan] = planProject(makeInput());
    expect(applyResults([], plan, ok(plan, false), 'run-9')).toEqual([]);
  });

  it('re-records a drifted binding once it is added again, replacing the old entry', () => {
    const ledger = [makeEntry(project, 'g-1', { runId: 'run-1', pending: true })];
    const [plan] = planProject(makeInput({ ledger }));
    const next = applyResults(ledger, plan, ok(plan), 'run-9');
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ groupId: 'g-1', runId: 'run-9', addedAt: AT });
    expect(next[0].pending).toBeUndefined();
  });

  it('does not take ownership of a wanted group someone added by hand', () => {
    const [plan] = planProject(makeInput({ roles: rolesWith(['g-1']) }));
    // Even a stray success report for it records nothing: the plan had no add.
    const stray: ActionResult[] = [
      { projectKey: 'HELP', kind: 'add', groupId: 'g-1', ok: true, at: AT },
    ];
    expect(applyResults([], plan, stray, 'run-9')).toEqual([]);
  });

  it("forgets stale entries so a later hand-made binding is not mistaken for the app's", () => {
    const ledger = [makeEntry(project, 'g-1')];
    const [plan] = planProject(makeInput({ rules: [], roles: rolesWith([]), ledger }));
    const next = applyResults(ledger, plan, [], 'run-9');
    expect(next).toEqual([]);
    // Someone now adds g-1 by hand: the app leaves it alone.
    const later = (l: typeof ledger) =>
      planProject(makeInput({ rules: [], roles: rolesWith(['g-1']), ledger: l })).flatMap(
        (p) => p.actions,
      );
    expect(later(next)).toEqual([]);
    // Had the ledger kept the stale entry, that hand-made binding would be removed.
    expect(later(ledger).map((a) => a.kind)).toEqual(['remove']);
  });

  it('keeps entries of other roles untouched and ignores results of other projects', () => {
    const other = makeEntry(project, 'g-1', { roleId: '777' });
    const [plan] = planProject(makeInput());
    const elsewhere: ActionResult[] = [
      { projectKey: 'OTHER', kind: 'add', groupId: 'g-1', ok: true, at: AT },
    ];
    expect(applyResults([other], plan, elsewhere, 'run-9')).toEqual([other]);
  });

  it('leaves the ledger as it is for a plan without a role', () => {
    const ledger = [makeEntry(project, 'g-1')];
    const [plan] = planProject(makeInput({ roles: rolesWith(null), ledger }));
    expect(applyResults(ledger, plan, [], 'run-9')).toEqual(ledger);
  });

  it('after applying a plan and its results, planning again finds nothing to do', () => {
    const ledger = [makeEntry(project, 'g-3'), makeEntry(project, 'g-1')];
    const input = makeInput({
      rules: [makeRule({ id: 'r1', groupIds: ['g-1', 'g-2'] })],
      roles: rolesWith(['g-3']),
      ledger,
    });
    const [plan] = planProject(input);
    const next = applyResults(ledger, plan, ok(plan), 'run-9');
    expect(next.map((e) => e.groupId)).toEqual(['g-1', 'g-2']);
    const [again] = planProject({
      ...input,
      ledger: next,
      roles: rolesWith(applyToActors(['g-3'], plan)),
    });
    expect(again.actions).toEqual([]);
    expect(again.staleLedgerGroupIds).toEqual([]);
  });
});
