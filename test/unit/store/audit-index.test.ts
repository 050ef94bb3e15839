// A filter by kind finds its entries without scanning thousands of others; the
// prune removes the index with the entries; a collapsed refusal's count shows through the index.
import { appendAudit, appendRefusal, auditPage, auditWrites } from '../../../src/store/audit';
import { pruneAudit } from '../../../src/store/audit-retention';
import { Platform } from '../enforce/harness/platform';

let kvs: Platform;
beforeEach(() => {
  kvs = Platform.ambient();
});
afterEach(() => kvs.uninstall());

const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const refusal = (i: number) => ({
  kind: 'access-refused' as const,
  actor: `acc-${i}`,
  projectKey: 'ITHELP',
  message: `Refused call ${i}.`,
});

/** Writes entries as the app lays them out, without going through the SDK (fast to set up). */
function seedAudit(inputs: Parameters<typeof auditWrites>[0], at: Date): void {
  for (const w of auditWrites(inputs, at)) kvs.seed(w.key, w.value);
}

it('3,000 refusals and 5 rule saves: the rule-saved filter answers the 5 in one read', async () => {
  for (let i = 0; i < 3000; i++) seedAudit([refusal(i)], new Date(T0 + i * 1000));
  for (let i = 0; i < 5; i++)
    await appendAudit([{ kind: 'rule-saved', actor: 'acc-admin', message: `Saved rule ${i}.` }]);

  const reads = kvs.log.length;
  const page = await auditPage({ kind: 'rule-saved' });
  expect(page.items.map((e) => e.message).sort()).toEqual(
    [0, 1, 2, 3, 4].map((i) => `Saved rule ${i}.`),
  );
  expect(page.nextCursor).toBeUndefined();
  expect(kvs.log.length - reads).toBe(1);

  // Refusals page through their own index, newest first, a page of KVS results at a time.
  const refused = await auditPage({ kind: 'access-refused' }, { pageSize: 20 });
  expect(refused.items).toHaveLength(20);
  expect(refused.items[0].message).toBe('Refused call 2999.');
  expect(refused.nextCursor).toBeDefined();
});

it('the prune deletes an entry and its index together', async () => {
  const now = new Date('2027-06-01T00:00:00.000Z');
  seedAudit(
    [{ kind: 'rule-saved', actor: 'acc-admin', message: 'Old save.' }],
    new Date(now.getTime() - 500 * 86_400_000),
  );
  seedAudit([{ kind: 'rule-saved', actor: 'acc-admin', message: 'New save.' }], now);
  expect(kvs.keys('auditkind:')).toHaveLength(2);
  expect(await pruneAudit(400, { maxDeletes: 10 }, now)).toMatchObject({ deleted: 1 });
  expect(kvs.keys('auditkind:')).toHaveLength(1);
  const page = await auditPage({ kind: 'rule-saved' });
  expect(page.items.map((e) => e.message)).toEqual(['New save.']);
});

it('refusals of one caller within a minute show as one entry with a count, by kind too', async () => {
  const at = new Date('2026-11-01T10:00:05.000Z');
  await appendRefusal(refusal(1), at);
  await appendRefusal(refusal(1), new Date(at.getTime() + 10_000));
  expect((await auditPage({ kind: 'access-refused' })).items).toEqual([
    expect.objectContaining({ actor: 'acc-1', count: 2 }),
  ]);
  expect((await auditPage({})).items).toEqual([expect.objectContaining({ count: 2 })]);
});
