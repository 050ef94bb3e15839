// The audit log's sentences as the page words them (views/audit/audit-words.ts): from the code and
// values the engine stores with each entry, the English page reads exactly as the stored message,
// and another language reads in its own words with every value filled in.
import fs from 'fs';
import path from 'path';

import { deleteRule } from '../../../src/enforce/rules/rules-service';
import { auditSentence } from '../../../static/admin/src/views/audit/audit-words';
import type { AuditEntry } from '../../../static/shared/contract';
import { useWordsForTest } from '../../../static/shared/i18n';
import { Engine } from '../enforce/harness/engine';

// The page's words come through Forge's bridge, which only a page has; the tests set them.
jest.mock('@forge/bridge', () => ({ i18n: {}, view: {} }));

const catalogue = (locale: string) =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../../locales/${locale}.json`), 'utf8'));

async function entriesOfARuleAddedAndDeleted(): Promise<AuditEntry[]> {
  const engine = await Engine.withRule({ projects: 2, groups: 1 });
  await engine.run();
  const ruleId = engine.platform.values<{ id: string }>('rule:')[0].id;
  const inv = engine.platform.invoke('admin', () => deleteRule(ruleId, 'admin'));
  await inv.settled;
  await engine.run();
  return engine.platform.values<{ entries: AuditEntry[] }>('audit:').flatMap((c) => c.entries);
}

afterEach(() => useWordsForTest({}));

it('words what the engine wrote from codes: the English as stored, German in German', async () => {
  const entries = await entriesOfARuleAddedAndDeleted();
  const coded = entries.filter((e) => e.sentence);
  expect(new Set(coded.map((e) => e.sentence!.code))).toEqual(
    new Set(['runStarted', 'bindingAdded', 'runFinished', 'ruleDeleted', 'bindingRemoved']),
  );

  useWordsForTest({ catalogue: catalogue('en-US') });
  // A finished run reads as the Runs tab says its counts; every other entry as it was stored.
  for (const e of coded.filter((c) => c.kind !== 'run-finished'))
    expect(auditSentence(e)).toBe(e.message);
  const finished = coded.filter((e) => e.kind === 'run-finished').map(auditSentence);
  expect(finished.sort()).toEqual(['0 groups added, 2 removed.', '2 groups added, 0 removed.']);

  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  for (const e of coded) {
    const german = auditSentence(e);
    expect(german).not.toBe(e.message);
    expect(german).not.toMatch(/\{\w+\}/);
  }
  const deleted = coded.find((e) => e.kind === 'rule-deleted')!;
  expect(auditSentence(deleted)).toBe(
    'Regel „Everyone“ gelöscht. Der nächste Durchlauf entfernt die Zuordnungen, die die App für ' +
      'sie hinzugefügt hat und die keine andere Regel will; von Hand angelegte Zuordnungen bleiben.',
  );
});

it('shows an entry stored before sentences had codes as it was stored', () => {
  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  const old: AuditEntry = {
    id: '1',
    at: '2026-01-01T00:00:00.000Z',
    kind: 'rule-deleted',
    actor: 'app',
    message: 'Deleted rule "X".',
  };
  expect(auditSentence(old)).toBe('Deleted rule "X".');
});
