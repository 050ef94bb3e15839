// A run whose reads fail says so as failed reads, not as failed changes: every error it counts
// is listed with the run's actions (an organization's included), and a read that failed lists
// no removal and removes nothing.
import { saveRule } from '../../../../src/enforce/rules/rules-service';
import { Engine } from '../harness/engine';
import type { SiteRequest } from '../harness/fake-site';

const roleRead = (key: string) => (r: SiteRequest) =>
  r.method === 'GET' && r.path.startsWith(`/rest/api/3/project/${key}/role`);

it('counts and lists failed reads of a project and an organization as reads, changing nothing there', async () => {
  const engine = new Engine({ projects: 2, groups: 1, instantSleeps: true });
  const { platform, site } = engine;
  platform.install();
  try {
    const group = site.groups[0].groupId;
    site.groupMembers.set(group, ['acct-1', 'acct-2']);
    const save = platform.invoke('admin', () =>
      saveRule(
        {
          name: 'Into Acme',
          groupIds: [group],
          scope: { type: 'all' },
          target: 'both',
          organization: { name: 'Acme' },
        },
        'admin',
      ),
    );
    await save.settled;
    if (save.state !== 'done') throw save.error;
    // Jira does not answer P2's roles, nor the organization's members, however often asked.
    site.scripted.push({ match: roleRead('P2'), answer: '503', times: 1000 });
    const orgMembers = /^\/rest\/servicedeskapi\/organization\/\d+\/user$/;
    site.beforeJsm = (method, path) =>
      method === 'GET' && orgMembers.test(path) ? { status: 503 } : undefined;

    const run = await engine.run();
    const actions = platform.values<any>(`runact:${run.id}:`).flatMap((c: any) => c.actions);
    const failed = actions.filter((a: any) => !a.ok);
    expect(run.status).toBe('partly-failed');
    // The count the page shows is the rows it lists.
    expect(run.counts.errors).toBe(failed.length);
    expect(run.counts.failedReads).toBe(2);
    expect(failed.map((a: any) => [a.kind, a.projectKey, a.organizationName])).toEqual(
      expect.arrayContaining([
        ['project', 'P2', undefined],
        ['org', '', 'Acme'],
      ]),
    );
    expect(failed).toHaveLength(2);
    expect(actions.filter((a: any) => a.kind === 'remove')).toEqual([]);
    expect(run.message).toMatch(
      /2 failed \(2 of them could not be read, so nothing changed there\)/,
    );
    // P1 was read and changed; P2 was not touched.
    expect(site.bindings()).toEqual([`P1:${group}`]);
  } finally {
    platform.uninstall();
  }
});
