// The ledger: bindings this app created, one key per project (`ledger:<projectId>`), so a
// batch reads only its own projects and concurrent batches never write the same key.
import { z } from 'zod';
import { LedgerEntry, LedgerEntrySchema } from '../domain/schemas';
import { deleteValue, getValue, listAll, setValue } from './kv';

const PREFIX = 'ledger:';
const ProjectLedgerSchema = z.object({ entries: z.array(LedgerEntrySchema) });

export async function getProjectLedger(projectId: string): Promise<LedgerEntry[]> {
  return (await getValue(PREFIX + projectId, ProjectLedgerSchema))?.entries ?? [];
}

export async function putProjectLedger(projectId: string, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return deleteValue(PREFIX + projectId);
  return setValue(PREFIX + projectId, { entries });
}

/** Every ledger entry, project by project (for deleteRule's summary and exports). */
export async function* allLedgerEntries(): AsyncGenerator<LedgerEntry> {
  for await (const { value } of listAll(PREFIX, ProjectLedgerSchema)) yield* value.entries;
}
