// The project page's words for its part of a run (static/project/src/run-words.ts), and the
// record they read (src/domain/project-visit.ts): what a project admin reads after a run.
import { type ProjectVisit, projectVisit } from '../../../src/domain/project-visit';
import type { ActionResult } from '../../../src/domain/schemas';
import {
  checkedBy,
  failureSentence,
  partCountsSentence,
  partStatus,
  siteRunMissed,
  visitReasonSentence,
  whatToDo,
} from '../../../static/project/src/run-words';

const RUN = { id: 'r1', trigger: 'scheduled' as const, createdAt: '2026-01-01T10:00:00.000Z' };
const zero = { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };

function action(over: Partial<ActionResult>): ActionResult {
  return {
    projectKey: 'ITHELP',
    projectName: 'IT Help Desk',
    kind: 'add',
    groupId: 'g1',
    groupName: 'Contoso Customers',
    roleId: '10101',
    roleName: 'Service Desk Customers',
    ok: true,
    at: '2026-01-01T10:00:01.000Z',
    ...over,
  };
}

function part(over: Partial<ProjectVisit> = {}): ProjectVisit {
  return {
    runId: 'r1',
    trigger: 'scheduled',
    runCreatedAt: RUN.createdAt,
    checkedAt: '2026-01-01T10:00:02.000Z',
    counts: zero,
    actions: [],
    ...over,
  };
}

describe('projectVisit', () => {
  it('keeps this project’s results only, failures first, with the visit reasons', () => {
    const v = projectVisit(
      RUN,
      { id: '10000', key: 'ITHELP', visit: ['changed-in-jira'] },
      {
        plans: [],
        actions: [
          action({ groupId: 'g1' }),
          action({ groupId: 'g2', groupName: 'Fabrikam', ok: false, error: 'Jira answered 403.' }),
          action({ projectKey: 'HR', projectName: 'HR Services', groupId: 'g3' }),
        ],
        counts: { ...zero, adds: 1, errors: 1 },
      },
      '2026-01-01T10:00:02.000Z',
      true,
    );
    expect(v).toEqual({
      runId: 'r1',
      projectId: '10000',
      trigger: 'scheduled',
      runCreatedAt: RUN.createdAt,
      checkedAt: '2026-01-01T10:00:02.000Z',
      visit: ['changed-in-jira'],
      counts: { ...zero, adds: 1, errors: 1 },
      actions: [
        {
          kind: 'add',
          groupId: 'g2',
          groupName: 'Fabrikam',
          roleName: 'Service Desk Customers',
          ok: false,
          error: 'Jira answered 403.',
        },
        {
          kind: 'add',
          groupId: 'g1',
          groupName: 'Contoso Customers',
          roleName: 'Service Desk Customers',
          ok: true,
        },
      ],
      complete: true,
    });
    expect(JSON.stringify(v)).not.toContain('HR');
  });

  it('names an organization link by the name the plan gave it', () => {
    const v = projectVisit(
      RUN,
      { id: '10000', key: 'ITHELP' },
      {
        plans: [
          {
            projectId: '1',
            projectKey: 'ITHELP',
            projectName: 'IT Help Desk',
            roleName: 'Service Desk Customers',
            actions: [],
            skips: [],
            unmanagedGroupIds: [],
            orgLinks: [{ organizationId: '7', name: 'Contoso Ltd' }],
          },
        ],
        actions: [
          {
            projectKey: 'ITHELP',
            kind: 'org-link',
            organizationId: '7',
            ok: true,
            at: RUN.createdAt,
          },
        ],
        counts: zero,
      },
      RUN.createdAt,
      false,
    );
    expect(v.complete).toBeUndefined();
    expect(v.actions).toEqual([
      { kind: 'org-link', organizationId: '7', organizationName: 'Contoso Ltd', ok: true },
    ]);
    expect(v.visit).toBeUndefined();
  });
});

describe('the words', () => {
  it('who checked the project, and why it came', () => {
    expect(checkedBy(part({ visit: ['sweep'] }))).toBe('the verification sweep');
    expect(checkedBy(part({ visit: ['changed-in-jira', 'sweep'] }))).toBe('the hourly run');
    expect(checkedBy(part({ trigger: 'project' }))).toBe('Enforce now on this page');
    expect(visitReasonSentence(part({ visit: ['sweep'] }), 24)).toBe(
      'Nothing had changed here: the verification sweep re-checks every project at least ' +
        'once every 24 hours, and it was this project’s turn.',
    );
    expect(visitReasonSentence(part({ visit: ['changed-in-jira', 'rule-changed'] }))).toBe(
      'It came here because its roles or settings changed in Jira and a rule that covers it ' +
        'changed.',
    );
    expect(visitReasonSentence(part({ visit: ['new-project', 'sweep'] }))).toBe(
      'It came here because it is a new project (it was also this project’s turn in the ' +
        'verification sweep).',
    );
    expect(visitReasonSentence(part())).toBe(
      'The hourly run checked every service project (a full check).',
    );
  });

  it('counts and status from what Jira answered', () => {
    expect(partCountsSentence(part())).toBe('nothing needed changing.');
    const failedOnly = part({ counts: { ...zero, errors: 2 } });
    expect(partCountsSentence(failedOnly)).toBe('0 groups added, 0 removed, 2 changes failed.');
    expect(partStatus(failedOnly)).toBe('failed');
    const some = part({ counts: { ...zero, adds: 1, drift: 1, errors: 1 } });
    expect(partStatus(some)).toBe('partly-failed');
    expect(partCountsSentence(some)).toBe(
      '1 group added, 0 removed, 1 put back after someone removed it, 1 change failed.',
    );
    expect(partStatus(part({ counts: { ...zero, adds: 2 } }))).toBe('succeeded');
  });

  it('a failure names group, role and project, then what to do', () => {
    const a = {
      kind: 'add' as const,
      groupId: 'g1',
      groupName: 'Contoso Customers',
      roleName: 'Service Desk Customers',
      ok: false,
      error: 'Jira answered 403.',
    };
    expect(failureSentence(a, 'IT Help Desk (ITHELP)', 'x')).toBe(
      'Could not add Contoso Customers to “Service Desk Customers” in IT Help Desk (ITHELP): ' +
        'Jira answered 403.',
    );
    expect(whatToDo(24)).toMatch(/press Enforce now to try again; the verification sweep/);
    expect(whatToDo(undefined)).not.toMatch(/sweep/);
  });

  it('the last hourly run that passed the project by', () => {
    const now = Date.parse('2026-01-01T12:00:00.000Z');
    const site = { trigger: 'scheduled' as const, createdAt: '2026-01-01T11:40:00.000Z' };
    expect(siteRunMissed({ ...site, changeDriven: true }, now)).toMatch(
      /^The last hourly run \(.+\) did not need to check this project: nothing changed here/,
    );
    expect(siteRunMissed({ ...site, trigger: 'manual', changeDriven: false }, now)).toMatch(
      /^The last run a Jira admin started \(.+\) did not include this project\.$/,
    );
  });
});
