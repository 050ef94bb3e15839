// The ledger: bindings this app created, one key per project (`ledger:<projectId>`), so a
// batch reads only its own projects and concurrent batches never write the same key. Every write
// goes through the writing run's lease: a run that lost its lease cannot overwrite what the
// run holding it now recorded.
import { z } from 'zod';

import type { LedgerEntry } from '../domain/schemas';
import { LedgerEntrySchema } from '../domain/schemas';
import { deleteValue, getValue, type KvWrite, listAll } from './kv';
import { type Fence, fencedWrite } from './lease';

const PREFIX = 'ledger:';
const ProjectLedgerSchema = z.object({ entries: z.array(LedgerEntrySchema) });

export async function getProjectLedger(projectId: string): Promise<LedgerEntry[]> {
  return (await getValue(PREFIX + projectId, ProjectLedgerSchema))?.entries ?? [];
}

export async function putProjectLedger(
  fence: Fence,
  projectId: string,
  entries: LedgerEntry[],
  /** the project's lease, checked with the run's */
  also: Fence[] = [],
): Promise<void> {
  await fencedWrite(fence, [ledgerWrite(projectId, entries)], also);
}

/** The write of a project's ledger (a delete once empty), for a caller's own fenced write. */
export function ledgerWrite(projectId: string, entries: LedgerEntry[]): KvWrite {
  const key = PREFIX + projectId;
  return entries.length === 0 ? { key, delete: true } : { key, value: { entries } };
}

/**
 * Forgets a project Jira deleted: no run can write there again. Not through a lease: a run that
 * visits it meanwhile finds it gone (404) and writes nothing to its ledger.
 */
export function forgetProjectLedger(projectId: string): Promise<void> {
  return deleteValue(PREFIX + projectId);
}

/**
 * Every binding the app owns, project by project (for removal counts and exports): a pending
 * entry proves nothing, so it is left out.
 */
export async function* allLedgerEntries(): AsyncGenerator<LedgerEntry> {
  for await (const { value } of listAll(PREFIX, ProjectLedgerSchema))
    yield* value.entries.filter((e) => !e.pending);
}
