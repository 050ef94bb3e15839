// Shared checks for the reliability suites: what the app stored (read straight from the host's
// KVS), what it asked of Jira (the emulator's request log), and the invariants every fault test
// ends with: the site converged, the ledger and the audit trail hold every binding the app made,
// nothing is pending, the lock is free, and the hand-made binding is still there.
import type { StartHostOptions } from '../../local/forge-host';
import type { Stack } from '../integration/stack';
import { DEMO, demoRule, startStack } from '../integration/stack';

export const CONTOSO = DEMO.groups.contosoCustomers.groupId;
export const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
export const HR_STAFF = DEMO.groups.hrStaff.groupId;
export const ROLE = 10101;
/** The company-managed service projects the demo rule (all service projects) reaches. */
/** Every demo service desk; MKT is team-managed, with a customer role of its own. */
export const SERVICE_PROJECTS = ['ITHELP', 'HR', 'FAC', 'MKT'] as const;

/** The customer role of a demo desk: the global one, or MKT's own (hidden). */
export function customerRoleOf(key: string): number {
  return key === 'MKT' ? DEMO.mktRoles.customer : ROLE;
}
export { DEMO, demoRule };

export function startReliabilityStack(host: Partial<StartHostOptions> = {}) {
  // Queue retries after 1 s * scale: fast enough for tests, slow enough to clear a fault first.
  return startStack({ host: { queueTimeScale: 0.05, ...host } });
}

/** Every KVS key and value, as stored. */
export function kvsDump(stack: Stack): Record<string, string> {
  const data = (stack.host.core.kvs as unknown as { data: Map<string, { value: unknown }> }).data;
  const out: Record<string, string> = {};
  for (const [k, e] of [...data.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
    out[k] = JSON.stringify(e.value);
  return out;
}

export function kvsSet(stack: Stack, key: string, value: unknown): void {
  const a = stack.host.core.kvs.handle('/api/v1/set', JSON.stringify({ key, value }));
  if (a.status >= 300) throw new Error(`KVS set ${key}: ${a.status} ${JSON.stringify(a.body)}`);
}

export function kvsValues<T = any>(stack: Stack, prefix: string): T[] {
  return Object.entries(kvsDump(stack))
    .filter(([k]) => k.startsWith(prefix))
    .map(([, v]) => JSON.parse(v) as T);
}

export function ledgerEntries(stack: Stack): any[] {
  return kvsValues<{ entries: any[] }>(stack, 'ledger:').flatMap((l) => l.entries);
}

/** Every audit entry, newest first (KVS holds them in chunks of `{entries}`). */
export function auditEntries(stack: Stack): any[] {
  return kvsValues<{ entries: any[] }>(stack, 'audit:').flatMap((c) => c.entries);
}

/** The site lease as stored, when a run holds it (undefined when free). */
export function lock(stack: Stack): any {
  const lease = stack.host.core.kvs.entity('lease', 'site') as { holder?: string } | undefined;
  return lease?.holder ? lease : undefined;
}

/** Moves a stored lease's times back, as if `ms` went by without a renewal. */
export function ageLease(stack: Stack, key: string, ms: number): void {
  const kvs = stack.host.core.kvs;
  const lease = kvs.entity('lease', key) as Record<string, number>;
  kvs.setEntity('lease', key, {
    ...lease,
    renewedAt: lease.renewedAt - ms,
    expiresAt: lease.expiresAt - ms,
  });
}

/** Role-actor writes the app made (POST/DELETE .../role/{id}), in order, with their status. */
export async function roleWrites(
  stack: Stack,
): Promise<
  { method: string; path: string; query: string; status: number; caller: string; at: string }[]
> {
  const { requests } = await stack.control('GET', 'requests');
  return requests.filter(
    (r: any) => (r.method === 'POST' || r.method === 'DELETE') && /\/role\/\d+$/.test(r.path),
  );
}

/** The demo rule's desired state, the hand-made binding, and the app's bookkeeping all agree. */
export async function expectConverged(
  stack: Stack,
  opts: { groups?: string[]; projects?: readonly string[] } = {},
): Promise<void> {
  const groups = opts.groups ?? [CONTOSO, FABRIKAM];
  const projects = opts.projects ?? SERVICE_PROJECTS;
  for (const key of projects)
    expect({ key, groups: await stack.roleGroups(key, customerRoleOf(key)) }).toEqual({
      key,
      groups: expect.arrayContaining(groups),
    });
  // The hand-made binding is still there, and the app never took ownership of it.
  expect(await stack.roleGroups('HR')).toContain(HR_STAFF);
  const ledger = ledgerEntries(stack);
  expect(ledger.filter((e) => e.projectKey === 'HR' && e.groupId === HR_STAFF)).toEqual([]);
  // Every app-made binding is in the ledger, settled, and in the audit trail.
  const audit = auditEntries(stack);
  for (const key of projects) {
    for (const g of groups) {
      const entries = ledger.filter((e) => e.projectKey === key && e.groupId === g);
      expect({ key, g, entries: entries.length, pending: entries.some((e) => e.pending) }).toEqual({
        key,
        g,
        entries: 1,
        pending: false,
      });
      expect({
        key,
        g,
        audited: audit.some(
          (a) => a.kind === 'binding-added' && a.projectKey === key && a.groupId === g,
        ),
      }).toEqual({ key, g, audited: true });
    }
  }
  // Every ledger entry is a binding Jira has.
  for (const e of ledger)
    expect({
      e: `${e.projectKey}/${e.groupId}`,
      inRole: (await stack.roleGroups(e.projectKey, e.roleId)).includes(e.groupId),
    }).toEqual({ e: `${e.projectKey}/${e.groupId}`, inRole: true });
  expect(lock(stack)).toBeUndefined();
  expect(
    (await stack.admin('listRuns', {})).items.filter((r: any) => r.status === 'running'),
  ).toEqual([]);
}

/** A real run after the fault: it ends succeeded and changes nothing more if the site had converged. */
export async function nextRun(stack: Stack): Promise<any> {
  const { runId } = await stack.admin('startRun', {});
  return stack.waitForRun(runId);
}

export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  everyMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** No invocation of the app was stopped by the platform's time limit. */
export function expectNoTimeouts(stack: Stack): void {
  const { timedOut, invocations } = stack.host.core.log.summary(1000);
  expect({ timedOut, which: invocations.filter((i) => i.timedOut) }).toEqual({
    timedOut: 0,
    which: [],
  });
}

/** POST /__host/faults, as a test drives the host over HTTP. */
export async function hostFaults(stack: Stack, body: unknown): Promise<void> {
  const res = await fetch(`${stack.host.url}/__host/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`host faults: ${res.status} ${await res.text()}`);
}

/** Delivers the events a queue pause held (POST /__host/queue/release); answers how many. */
export async function releaseHeldEvents(stack: Stack): Promise<number> {
  const res = await fetch(`${stack.host.url}/__host/queue/release`, { method: 'POST' });
  return ((await res.json()) as { released: number }).released;
}
