// `npm run enforce -- [--dry-run] [--json]`: one enforcement run through the running local host
// (`npm start`), exactly as the admin page's "Run now" does it: the admin resolver's startRun,
// then getRun until it ends, then the run's plan and action results.
import { parseArgs } from 'util';

import type { ActionResult, ProjectPlan, Run } from '../src/domain/schemas';

const ADMIN_MODULE = 'customer-role-sync-admin';

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    host: {
      type: 'string',
      default: process.env.HOST_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    },
    'timeout-s': { type: 'string', default: '900' },
  },
});

async function invoke<T>(functionKey: string, payload: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${values.host}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: ADMIN_MODULE, functionKey, payload }),
    });
  } catch {
    throw new Error(
      `No local host answers at ${values.host}. Start it first with \`npm start\` (or pass --host).`,
    );
  }
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${functionKey} failed: ${body.error?.message ?? res.statusText}`);
  return body.result as T;
}

async function allPages<T>(functionKey: string, runId: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await invoke<{ items: T[]; nextCursor?: string }>(functionKey, {
      runId,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function main(): Promise<void> {
  const { runId } = await invoke<{ runId: string }>('startRun', { dryRun: values['dry-run'] });
  const deadline = Date.now() + Number(values['timeout-s']) * 1000;
  let run = await invoke<Run>('getRun', { runId });
  while (run.status === 'running' || run.status === 'queued') {
    if (Date.now() > deadline)
      throw new Error(
        `Run ${runId} is still running after ${values['timeout-s']} s; see it on the admin page.`,
      );
    if (!values.json) process.stderr.write(`\r${run.progress.done}/${run.progress.total} projects`);
    await new Promise((r) => setTimeout(r, 500));
    run = await invoke<Run>('getRun', { runId });
  }
  if (!values.json) process.stderr.write('\n');
  const plans = await allPages<ProjectPlan>('getRunPlan', runId);
  const actions = await allPages<ActionResult>('getRunActions', runId);

  if (values.json) {
    console.log(JSON.stringify({ run, plans, actions }, null, 2));
  } else {
    printTable(plans, actions, run.dryRun);
    console.log(
      `\n${run.dryRun ? 'Dry run' : 'Run'} ${run.id}: ${run.status}. ${run.message ?? ''}`,
    );
  }
  if (run.status === 'failed' || run.status === 'partly-failed') process.exitCode = 1;
}

function printTable(plans: ProjectPlan[], actions: ActionResult[], dryRun: boolean): void {
  const rows: string[][] = [['Project', 'Role', 'Change', 'Group', 'Result']];
  for (const p of plans) {
    for (const a of p.actions) {
      const result = actions.find(
        (r) => r.projectKey === p.projectKey && r.groupId === a.groupId && r.kind === a.kind,
      );
      rows.push([
        p.projectKey,
        p.roleName,
        a.kind === 'add' ? 'add' : 'remove',
        a.groupName ?? a.groupId,
        dryRun ? 'would change' : result ? (result.ok ? 'done' : `failed: ${result.error}`) : '-',
      ]);
    }
    for (const s of p.skips)
      rows.push([p.projectKey, p.roleName, 'skip', s.groupId ?? '', s.reason]);
  }
  if (rows.length === 1) {
    console.log('Nothing to change: every project already matches the rules.');
    return;
  }
  const widths = rows[0].map((_, i) => Math.min(40, Math.max(...rows.map((r) => r[i].length))));
  for (const r of rows)
    console.log(
      r.map((c, i) => (i === r.length - 1 ? c : c.slice(0, 40).padEnd(widths[i]))).join('  '),
    );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
