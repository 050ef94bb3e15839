// Before a preview is applied, what changed in Jira since is shown: the
// re-check reads again only the projects the preview changes, names each difference, and the
// apply then makes exactly the previewed changes that are still needed.
import { APP_ACCOUNT_ID } from '../../local/jira-emulator';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const ITHELP_HR = { type: 'keys', keys: ['ITHELP', 'HR'] };

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

/** The app's own requests since the log was cleared, as "GET /rest/api/3/…". */
async function appRequests(): Promise<string[]> {
  const { requests } = await stack.control('GET', 'requests');
  return requests
    .filter((r: any) => r.caller === APP_ACCOUNT_ID)
    .map((r: any) => `${r.method} ${r.path}`);
}

/** Contoso enforced on ITHELP and HR, then a preview that adds Fabrikam to both. */
async function previewAfterAChange(): Promise<string> {
  await stack.admin('saveRule', {
    rule: demoRule({ name: 'Contoso', groupIds: [CONTOSO], scope: ITHELP_HR }),
  });
  const { runId: first } = await stack.admin('startRun', {});
  expect(await stack.waitForRun(first)).toMatchObject({ status: 'succeeded' });
  await stack.admin('saveRule', {
    rule: demoRule({ name: 'Fabrikam', groupIds: [FABRIKAM], scope: ITHELP_HR }),
  });
  const { runId } = await stack.admin('previewPlan', {});
  expect(await stack.waitForRun(runId)).toMatchObject({ counts: { adds: 2, removals: 0 } });
  return runId;
}

describe('recheckPreview, then applyPreview', () => {
  it('names what changed since the preview, and Apply makes exactly the rest', async () => {
    const previewId = await previewAfterAChange();

    // Behind the app: one previewed binding made by hand, another (app-made) binding removed.
    const added = await stack.jira('POST', '/rest/api/3/project/ITHELP/role/10101', {
      groupId: [FABRIKAM],
    });
    expect(added.status).toBe(200);
    const removed = await stack.jira(
      'DELETE',
      `/rest/api/3/project/HR/role/10101?groupId=${CONTOSO}`,
    );
    expect(removed.status).toBe(204);

    await stack.control('DELETE', 'requests');
    const recheck = await stack.admin('recheckPreview', { runId: previewId });
    expect(recheck).toMatchObject({
      runId: previewId,
      previewed: 2,
      willApply: 1,
      projects: { checked: 2, total: 2 },
      goneProjects: [],
      unreadable: [],
    });
    // In the preview's project order (as listed: by project id, ITHELP before HR).
    expect(recheck.differences.map((d: any) => [d.change, d.message])).toEqual([
      [
        'done',
        'Fabrikam Customers is already in Service Desk Customers of IT Help Desk (ITHELP): ' +
          'it will not be added.',
      ],
      [
        'new',
        'Contoso Customers is now missing from Service Desk Customers of HR Services (HR) ' +
          '(someone removed it since the app added it); the preview did not show adding it, ' +
          'so Apply leaves it out. Preview again to include it.',
      ],
    ]);
    expect(Date.parse(recheck.previewedAt)).toBeLessThanOrEqual(Date.parse(recheck.checkedAt));

    // Its cost: the run's site facts and one role read per changed project, nothing site-wide;
    // and it counts what it made.
    const made = await appRequests();
    expect(made.filter((r) => /\/project\/\w+\/role\//.test(r)).sort()).toEqual([
      'GET /rest/api/3/project/HR/role/10101',
      'GET /rest/api/3/project/ITHELP/role/10101',
    ]);
    expect(made.some((r) => r.includes('/project/search'))).toBe(false);
    expect(recheck.calls).toBe(made.length);
    // Nothing was written.
    expect(made.filter((r) => !r.startsWith('GET'))).toEqual([]);

    const hrBefore = await stack.roleGroups('HR');
    const ithelpBefore = await stack.roleGroups('ITHELP');
    expect(hrBefore).not.toContain(CONTOSO);
    await stack.control('DELETE', 'requests');
    const { runId } = await stack.admin('applyPreview', { runId: previewId });
    expect(await stack.waitForRun(runId)).toMatchObject({
      status: 'succeeded',
      counts: { adds: 1, removals: 0, errors: 0 },
    });
    // Compared with the emulator: Fabrikam added to HR only; Contoso not put back (not previewed).
    const writes = (await appRequests()).filter((r) => !r.startsWith('GET'));
    expect(writes).toEqual(['POST /rest/api/3/project/HR/role/10101']);
    expect(await stack.roleGroups('HR')).toEqual([...hrBefore, FABRIKAM].sort());
    expect(await stack.roleGroups('ITHELP')).toEqual(ithelpBefore);
    expect(ithelpBefore).toEqual(expect.arrayContaining([CONTOSO, FABRIKAM]));
  });

  it('says a project deleted since the preview is left out', async () => {
    const previewId = await previewAfterAChange();
    const deleted = await stack.jira('DELETE', '/rest/api/3/project/HR');
    expect(deleted.status).toBe(204);
    const recheck = await stack.admin('recheckPreview', { runId: previewId });
    expect(recheck).toMatchObject({
      previewed: 2,
      willApply: 1,
      projects: { checked: 2, total: 2 },
      goneProjects: [{ key: 'HR', name: 'HR Services' }],
      differences: [],
    });
  });

  it('says a project Jira refuses to show now is checked again as it is applied', async () => {
    const previewId = await previewAfterAChange();
    await stack.control('PUT', 'faults', {
      failPaths: [{ method: 'GET', pathRegex: '/project/HR/role/', status: 403 }],
    });
    const recheck = await stack.admin('recheckPreview', { runId: previewId });
    expect(recheck).toMatchObject({
      willApply: 2,
      projects: { checked: 1, total: 2 },
      unreadable: [
        { key: 'HR', name: 'HR Services', message: expect.stringMatching(/^Jira answered 403/) },
      ],
    });
    // Jira's words are kept; the app's own words name no role by id.
    expect(recheck.unreadable[0].message).not.toMatch(/Could not read role/);
  });

  it('says the organization links the preview showed are re-checked as they are applied', async () => {
    const org = await stack.jira('POST', '/rest/servicedeskapi/organization', { name: 'Acme' });
    expect(org.status).toBe(201);
    await stack.admin('saveRule', {
      rule: demoRule({
        name: 'Contoso and Acme on IT',
        groupIds: [CONTOSO],
        scope: { type: 'keys', keys: ['ITHELP'] },
        target: 'both',
        organization: { id: String(org.body.id), name: 'Acme' },
      }),
    });
    const { runId } = await stack.admin('previewPlan', {});
    await stack.waitForRun(runId);
    await stack.control('DELETE', 'requests');
    const recheck = await stack.admin('recheckPreview', { runId });
    expect(recheck).toMatchObject({ previewed: 1, willApply: 1, orgLinks: 1, differences: [] });
    // The members the preview would add are counted from its record: Apply leaves them alone.
    expect(recheck.orgMembers.adds).toBeGreaterThan(0);
    // Organization members are not read here: the apply re-checks what it links.
    expect((await appRequests()).filter((r) => r.includes('/servicedeskapi/'))).toEqual([]);

    // A one-rule preview of another rule shows no organization of this one.
    const other = await stack.admin('saveRule', {
      rule: demoRule({
        name: 'Fabrikam on HR',
        groupIds: [FABRIKAM],
        scope: { type: 'keys', keys: ['HR'] },
      }),
    });
    const focused = await stack.admin('previewPlan', { ruleId: other.id });
    await stack.waitForRun(focused.runId);
    expect(await stack.admin('getRunOrganizations', { runId: focused.runId })).toMatchObject({
      plans: [],
    });
    expect((await stack.admin('recheckPreview', { runId: focused.runId })).orgMembers).toEqual({
      adds: 0,
      removals: 0,
    });
  });

  it('applies a project whose only previewed change is an organization link', async () => {
    const org = await stack.jira('POST', '/rest/servicedeskapi/organization', { name: 'Acme' });
    await stack.admin('saveRule', {
      rule: demoRule({
        name: 'Acme on IT',
        groupIds: [CONTOSO],
        scope: { type: 'keys', keys: ['ITHELP'] },
        target: 'organization',
        organization: { id: String(org.body.id), name: 'Acme' },
      }),
    });
    const { runId } = await stack.admin('previewPlan', {});
    await stack.waitForRun(runId);
    expect((await stack.admin('recheckPreview', { runId })).orgLinks).toBe(1);
    const desk = DEMO.projects.ITHELP.serviceDeskId;
    const deskOrgs = async () =>
      (
        await stack.jira('GET', `/rest/servicedeskapi/servicedesk/${desk}/organization`)
      ).body.values.map((o: any) => o.name);
    expect(await deskOrgs()).not.toContain('Acme');
    const roles = await stack.roleGroups('ITHELP');
    const applied = await stack.admin('applyPreview', { runId });
    expect(await stack.waitForRun(applied.runId)).toMatchObject({ status: 'succeeded' });
    expect(await deskOrgs()).toContain('Acme');
    expect(await stack.roleGroups('ITHELP')).toEqual(roles);
  });

  it('refuses a project admin, a bad run id and a run that is not a finished preview', async () => {
    const previewId = await previewAfterAChange();
    await expect(
      stack.admin('recheckPreview', { runId: previewId }, DEMO.users.pa.accountId),
    ).rejects.toThrow(/Only Jira admins can manage Customer Role Sync/);
    await expect(stack.admin('recheckPreview', { runId: '../runs' })).rejects.toThrow(
      /not a run id/,
    );
    await expect(stack.admin('recheckPreview', { runId: 'R-0000-missing' })).rejects.toThrow(
      /That preview was not found/,
    );
    const { runId: realRun } = await stack.admin('startRun', {});
    await stack.waitForRun(realRun);
    await expect(stack.admin('recheckPreview', { runId: realRun })).rejects.toThrow(
      /Only a preview can be applied; this run has run/,
    );
  });
});
