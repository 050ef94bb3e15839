// The audit log's sentences as the page words them (views/audit/audit-words.ts): from the code and
// values the engine stores with each entry, the English page reads exactly as the stored message,
// and another language reads in its own words with every value filled in.
import fs from 'fs';
import path from 'path';

import {
  couldNotStart,
  hourlySkipped,
  newProjectSkipped,
  stoppedByFailure,
  stoppedLeaseExpired,
} from '../../../src/domain/run-failure-words';
import type { RuleInput } from '../../../src/domain/schemas';
import { SettingsSchema } from '../../../src/domain/schemas';
import { settingsSavedSentence, settingsSavedWords } from '../../../src/domain/settings-words';
import type { SweepPeriod } from '../../../src/domain/sweep-period';
import { periodAuditSentence, periodReason } from '../../../src/domain/sweep-period';
import { leftAsTheirs } from '../../../src/enforce/bindings/settle-pending';
import { deleteRule, importRules, saveRule } from '../../../src/enforce/rules/rules-service';
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
    new Set([
      'ruleCreated',
      'runStarted',
      'bindingAdded',
      'runFinished',
      'ruleDeleted',
      'bindingRemoved',
    ]),
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

/** A rule created, changed field by field (long lists of keys among them), and imported. */
async function entriesOfARuleEdited(): Promise<AuditEntry[]> {
  const engine = await Engine.withRule({ projects: 2, groups: 2 });
  const stored = () => engine.platform.values<{ id: string; version: number }>('rule:')[0];
  const groupIds = engine.site.groups.map((g) => g.groupId);
  const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `K${i + from}`);
  const edits: Partial<RuleInput>[] = [
    { name: 'Partners', groupIds: groupIds.slice(0, 1), exclude: ['FAC'], enabled: false },
    { scope: { type: 'keys', keys: keys(3) }, exclude: [] },
    { scope: { type: 'keys', keys: keys(25) }, exclude: keys(30, 100) },
    { scope: { type: 'keys', keys: keys(26, 1) }, exclude: keys(31, 100) },
    { scope: { type: 'categories', categoryIds: ['10001', '10002'] } },
    { scope: { type: 'pattern', pattern: 'HR*' }, enabled: true },
    {},
  ];
  let rule: RuleInput = { name: 'Everyone', groupIds, scope: { type: 'all' } };
  for (const edit of edits) {
    rule = { ...rule, ...edit, id: stored().id, version: stored().version };
    const inv = engine.platform.invoke('admin', () => saveRule(rule, 'admin'));
    await inv.settled;
    expect(inv.state).toBe('done');
  }
  const inv = engine.platform.invoke('admin', () =>
    importRules(
      [{ ...rule, id: undefined, version: undefined, name: 'Copy' }],
      { replace: false },
      'admin',
    ),
  );
  await inv.settled;
  expect(inv.state).toBe('done');
  return engine.platform.values<{ entries: AuditEntry[] }>('audit:').flatMap((c) => c.entries);
}

it('words a rule created, changed and imported from its parts, in English as stored', async () => {
  const entries = (await entriesOfARuleEdited()).filter((e) =>
    ['rule-saved', 'rules-imported'].includes(e.kind),
  );
  const coded = entries.filter((e) => e.sentence);
  expect(coded.map((e) => e.sentence!.code).sort()).toEqual([
    ...Array(7).fill('ruleChanged'),
    'ruleCreated',
    'ruleImported',
    'rulesImported',
  ]);
  // Each kind of change and each kind of scope is among them.
  const messages = coded.map((e) => e.message).join('\n');
  for (const words of ['Nothing changed.', 'and 5 more', 'with id 10001', 'keys matching HR*'])
    expect(messages).toContain(words);

  useWordsForTest({ catalogue: catalogue('en-US') });
  for (const e of coded) expect(auditSentence(e)).toBe(e.message);

  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  for (const e of coded) {
    const german = auditSentence(e);
    expect(german).not.toBe(e.message);
    expect(german).not.toMatch(/\{\w+\}/);
  }
  const renamed = coded.find((e) => e.message.includes('name "Everyone" → "Partners"'))!;
  // The group the rule no longer names is said by its id, as the stored English says it.
  expect(auditSentence(renamed)).toBe(
    'Regel „Partners“ (deaktiviert; Gruppe Synced 1; alle Serviceprojekte außer FAC; Rolle ' +
      'Service Desk Customers) geändert. Geändert: Name „Everyone“ → „Partners“; Gruppen ' +
      'Synced 1, 00000002-aaaa-4bbb-8ccc-000000000002 → Synced 1; Ausschlüsse keine → FAC; ' +
      'Status aktiviert → deaktiviert.',
  );
});

/** An entry as the engine writes it, with its English and its sentence. */
const entry = (message: string, sentence: AuditEntry['sentence']): AuditEntry => ({
  id: '1',
  at: '2026-01-01T00:00:00.000Z',
  kind: 'settings-saved',
  actor: 'app',
  message,
  sentence,
});

/** The English page says each entry as stored; German says it without a placeholder left. */
function expectWorded(entries: AuditEntry[]) {
  useWordsForTest({ catalogue: catalogue('en-US') });
  for (const e of entries) expect(auditSentence(e)).toBe(e.message);
  useWordsForTest({ locale: 'de-DE', catalogue: catalogue('de-DE') });
  for (const e of entries) {
    expect(auditSentence(e)).not.toBe(e.message);
    expect(auditSentence(e)).not.toMatch(/\{\w+\}/);
  }
}

it('words a settings save from each setting changed', () => {
  const before = SettingsSchema.parse({});
  const saves = [
    {},
    { scheduleEnabled: !before.scheduleEnabled, removeUnwanted: !before.removeUnwanted },
    { allowProjectExclusions: !before.allowProjectExclusions, projectRunIntervalMinutes: 1440 },
    { auditRetentionDays: 30, quotaBudgetPercent: 55, peopleBudgetPercent: 10 },
    { sweepPinned: true, sweepHours: 48 },
    { sweepPinned: true, sweepHours: 1 },
    { sweepHours: 48 }, // not pinned: still adapting, so nothing changed
  ].map((change) => {
    const after = { ...before, ...change };
    return entry(settingsSavedWords(before, after), settingsSavedSentence(before, after));
  });
  expect(saves.filter((e) => e.message.endsWith('nothing changed.'))).toHaveLength(2);
  expectWorded(saves);
  expect(auditSentence(saves[4])).toBe(
    'Einstellungen gespeichert. Geändert: Routineprüfung jedes Projekts passt sich an das ' +
      'Gefundene an → alle 2 Tage.',
  );
});

it("words each change of the routine check's period", () => {
  const periods: SweepPeriod[] = [
    { hours: 24, since: '', why: 'first' },
    { hours: 48, since: '', why: 'lengthened' },
    { hours: 6, since: '', why: 'missed', projectKey: 'HR' },
    { hours: 6, since: '', why: 'missed' },
    { hours: 1, since: '', why: 'log-unreadable' },
    { hours: 168, since: '', why: 'own-changes-missing' },
  ];
  expectWorded(periods.map((p) => entry(periodReason(p), periodAuditSentence(p))));
});

it('words a run that did not start or stopped, the error as Jira or the app said it', () => {
  const error = 'Another run holds the site.';
  const said = [
    newProjectSkipped('HR', error),
    hourlySkipped(error, 1, false, 5),
    hourlySkipped(error, 1, true, 5),
    hourlySkipped(error, 3, true, 5),
    couldNotStart(false, error),
    couldNotStart(true, error),
    stoppedByFailure(false, 'listing projects', 'HTTP 503', 3, 12),
    stoppedByFailure(true, 'listing projects', 'HTTP 503', 0, 1),
    stoppedLeaseExpired(4, 7, 'run-2'),
  ];
  expectWorded(said.map((x) => entry(x.message, x.sentence)));
  expect(auditSentence(entry(said[3].message, said[3].sentence))).toBe(
    'Die stündliche Durchsetzung konnte nach 3 Versuchen nicht beginnen: Another run holds the ' +
      'site. Der nächste stündliche Durchlauf deckt jedes Projekt ab.',
  );
});

it("words a group left as someone else's, for each reason the app could not claim it", () => {
  const kept = (why: string, unseenBy?: string) =>
    leftAsTheirs({
      group: 'Contoso',
      groupId: 'g-c',
      where: 'Service Desk Customers of IT Help Desk (ITHELP)',
      role: 'Service Desk Customers',
      projectName: 'IT Help Desk',
      ruleIds: ['r1'],
      projectKey: 'ITHELP',
      run: { id: 'run-1', startedBy: 'app', trigger: 'scheduled' } as never,
      why,
      ...(unseenBy ? { unseenBy } : {}),
    }).audit;
  const entries = [
    kept('It was there when the app went to add it.'),
    kept(
      "Run run-0 never saw Jira's answer to its add, and Jira's audit log does not show the app making it.",
      'run-0',
    ),
  ].map((a) => entry(a.message, a.sentence));
  expectWorded(entries);
});
