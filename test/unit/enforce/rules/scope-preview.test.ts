// previewScope answers inside the resolver's limit at any site size: all pages when it can,
// otherwise what it read by its deadline, saying so.
import { PREVIEW_DEADLINE_MS, previewScope } from '../../../../src/enforce/rules/scope-preview';
import { fakeClient, FakeJira, page } from '../../jira/fake-jira';

const project = (n: number) => ({
  id: String(10000 + n),
  key: `P${String(n).padStart(4, '0')}`,
  name: `Service ${n}`,
  projectTypeKey: 'service_desk',
  style: 'classic',
});

function site(count: number, pageCap = Infinity) {
  return new FakeJira().otherwise((req) => {
    const startAt = Number(req.query.get('startAt'));
    const max = Math.min(Number(req.query.get('maxResults')), pageCap);
    const values = Array.from({ length: Math.max(0, Math.min(max, count - startAt)) }, (_, i) =>
      project(startAt + i + 1),
    );
    return { status: 200, body: page(values, startAt, startAt + values.length >= count, count) };
  });
}

describe('previewScope', () => {
  it('reads every page once on a large site and counts what the scope covers', async () => {
    const jira = site(1234);
    const { client } = fakeClient(jira);
    const r = await previewScope({ type: 'all' }, ['P0002'], client);
    expect(jira.requests).toHaveLength(13);
    expect(jira.requests.every((q) => q.query.get('typeKey') === 'service_desk')).toBe(true);
    expect(new Set(jira.requests.map((q) => q.query.get('startAt'))).size).toBe(13);
    expect(r).toMatchObject({
      total: 1233,
      excluded: ['P0002'],
      complete: true,
      scanned: 1234,
      serviceProjects: 1234,
    });
    expect(r.projects[0].key).toBe('P0001');
    expect(r.projects[1].key).toBe('P0003');
    expect(r.projects).toHaveLength(200);
  });

  it('reads every project when Jira answers shorter pages than asked', async () => {
    const jira = site(95, 30);
    const { client } = fakeClient(jira);
    const r = await previewScope({ type: 'all' }, [], client);
    expect(jira.requests.map((q) => q.query.get('startAt'))).toEqual(['0', '30', '60', '90']);
    expect(r).toMatchObject({ total: 95, complete: true, scanned: 95, serviceProjects: 95 });
  });

  it('stops starting pages at its deadline and says how far it got', async () => {
    const jira = site(5000);
    const { client } = fakeClient(jira);
    let t = 0;
    // Each call to the clock moves it on 1 s: the deadline passes after a few pages.
    const now = () => (t += 1000);
    const r = await previewScope({ type: 'all' }, [], client, now);
    expect(r.complete).toBe(false);
    expect(r.serviceProjects).toBe(5000);
    expect(r.scanned).toBeLessThan(5000);
    expect(r.total).toBe(r.scanned);
    expect(jira.requests.length).toBeLessThanOrEqual(PREVIEW_DEADLINE_MS / 1000 + 1);
  });
});
