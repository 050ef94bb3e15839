// The audit trail does not grow without bound. Entries older than the retention
// are pruned within a budget; newer ones are kept.
import { pruneAudit } from '../../../src/store/audit-retention';
import { newestFirstId } from '../../../src/store/ids';
import { Platform } from '../enforce/harness/platform';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2028-06-01T12:00:00.000Z');
let kvs: Platform;
beforeEach(() => {
  kvs = Platform.ambient();
});

function entryAged(days: number, name: string): string {
  const key = `audit:${newestFirstId(new Date(NOW.getTime() - days * DAY))}:0000`;
  kvs.seed(key, {
    entries: [{ id: name, at: 'x', kind: 'run-started', actor: 'app', message: name }],
  });
  return key;
}

it('deletes entries older than the retention and keeps the rest; a later pass finishes the edge', async () => {
  const old = [entryAged(500, 'a'), entryAged(450, 'b'), entryAged(402, 'c')];
  const kept = [entryAged(399, 'd'), entryAged(10, 'e'), entryAged(0, 'f')];
  expect(await pruneAudit(400, { maxDeletes: 100 }, NOW)).toMatchObject({ complete: true });
  const left = kvs.keys('audit:');
  for (const k of kept) expect(left).toContain(k);
  for (const k of old.slice(0, 2)) expect(left).not.toContain(k);
  // A day later the entry just past the cutoff is gone too, and the pass reads little.
  const reads = kvs.log.length;
  await pruneAudit(400, { maxDeletes: 100 }, new Date(NOW.getTime() + 2 * DAY));
  expect(kvs.keys('audit:').sort()).toEqual([...kept].sort());
  expect(kvs.log.length - reads).toBeLessThan(10);
});

it('stops at its budget and goes on the next time', async () => {
  entryAged(500, 'a');
  entryAged(600, 'b');
  expect(await pruneAudit(400, { maxDeletes: 1 }, NOW)).toEqual({ deleted: 1, complete: false });
  expect(kvs.keys('audit:')).toHaveLength(1);
  expect(await pruneAudit(400, { maxDeletes: 1 }, NOW)).toEqual({ deleted: 1, complete: true });
  expect(kvs.keys('audit:')).toEqual([]);
});

describe('exclusion requests no one acts on any more', () => {
  const request = (projectKey: string, ruleId: string, status: string, daysAgo: number) => {
    const at = new Date(NOW.getTime() - daysAgo * DAY).toISOString();
    kvs.seed(`exclreq:${projectKey}:${ruleId}`, {
      ruleId,
      projectKey,
      status,
      requestedBy: '5d0000000000000000000002',
      requestedAt: at,
      ...(status === 'pending' ? {} : { decidedBy: '5d0000000000000000000001', decidedAt: at }),
    });
  };

  it('are pruned after the retention: declined ones, and any of a deleted rule', async () => {
    kvs.seed('rule:r-live#9999999998', {
      id: 'r-live',
      name: 'Customers',
      groupIds: ['g-1'],
      scope: { type: 'all' },
      exclude: [],
      enabled: true,
      createdAt: '2026-02-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
    request('OLD', 'r-live', 'declined', 401);
    request('NEW', 'r-live', 'declined', 399);
    request('KEPT', 'r-live', 'approved', 500);
    request('WAIT', 'r-live', 'pending', 500);
    request('GONE', 'r-deleted', 'approved', 401);
    request('GONENEW', 'r-deleted', 'pending', 10);
    expect(await pruneAudit(400, { maxDeletes: 100 }, NOW)).toMatchObject({ requests: 2 });
    expect(kvs.keys('exclreq:')).toEqual([
      'exclreq:GONENEW:r-deleted',
      'exclreq:KEPT:r-live',
      'exclreq:NEW:r-live',
      'exclreq:WAIT:r-live',
    ]);
    // Not every hour: within the same span the requests are not listed again; in the next one, they are.
    request('LATER', 'r-live', 'declined', 401);
    await pruneAudit(400, { maxDeletes: 100 }, new Date(NOW.getTime() + 3_600_000));
    expect(kvs.keys('exclreq:')).toContain('exclreq:LATER:r-live');
    await pruneAudit(400, { maxDeletes: 100 }, new Date(NOW.getTime() + 2 * DAY));
    expect(kvs.keys('exclreq:')).not.toContain('exclreq:LATER:r-live');
  });
});
