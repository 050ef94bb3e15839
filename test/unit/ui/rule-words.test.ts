// The rules' words on the page: the guard rails' refusals are worded from their code and what they
// name (the English the same as the server's), and the rules list, the editor's overlap notes and
// the removal confirmation read in the viewer's language, with its plurals.
import fs from 'fs';
import path from 'path';

import { groupRefusal, roleRefusal } from '../../../src/domain/guard-rails';
import { RuleInputSchema } from '../../../src/domain/schemas';
import { removalSummary } from '../../../static/admin/src/components/removal-words';
import { issueText } from '../../../static/admin/src/components/rule-editor/issue-words';
import { overlaps } from '../../../static/admin/src/overlap';
import { refusalText, scopeSummary } from '../../../static/admin/src/rules';
import type { ErrorWords } from '../../../static/shared/contract';
import { errorSentence } from '../../../static/shared/error-words';
import { useWordsForTest } from '../../../static/shared/i18n';

// English is bundled; no Forge bridge is needed to word a message.
jest.mock('@forge/bridge', () => ({}));

const catalogue = (locale: string) =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../../locales/${locale}.json`), 'utf8'));
const speak = (locale: string) => useWordsForTest({ locale, catalogue: catalogue(locale) });

afterEach(() => useWordsForTest({}));

const group = (name: string, over: { products?: string[]; managedBy?: string } = {}) => ({
  groupId: 'g1',
  name,
  products: [],
  managedBy: 'EXTERNAL',
  ...over,
});

const refusals = [
  groupRefusal(group('jira-administrators'), false)!,
  groupRefusal(group('j\u0456ra-administrators'), false)!,
  groupRefusal(group('atlassian-addons'), false)!,
  groupRefusal(group('atIassian-addons'), false)!,
  groupRefusal(group('helpdesk-agents', { products: ['Jira', 'Jira Service Management'] }), false)!,
  groupRefusal(group('local-helpers', { managedBy: 'INTERNAL' }), false)!,
  roleRefusal('Administrators')!,
];

test('every refusal reads on the page in English exactly as the server words it', () => {
  expect(refusals.map((r) => r.code)).toEqual([
    'group-administration',
    'group-administration',
    'group-app-access',
    'group-app-access',
    'group-product-access',
    'group-not-synced',
    'role-not-customer',
  ]);
  for (const r of refusals) expect(refusalText(r)).toBe(r.message);
});

test('a refusal in German names the group, what its name reads as and the products', () => {
  speak('de-DE');
  const [, lookAlike, , , products, unsynced, role] = refusals.map(refusalText);
  expect(lookAlike).toBe(
    'Gruppe „j\u0456ra-administrators“ kann nicht zu Kunden gemacht werden: Sie ist eine ' +
      'Site- oder Jira-Administrationsgruppe (ihr Name liest sich als „jira-administrators“), ' +
      'ihre Mitglieder verwalten also Jira. Wählen Sie die synchronisierte Gruppe der Personen, ' +
      'die Kunden sein sollen.',
  );
  expect(products).toContain('Zugriff auf Jira, Jira Service Management');
  // The option it points to is the checkbox's own words in German.
  expect(unsynced).toContain('„Nicht aus dem Identitätsanbieter“');
  expect(role).toContain('„Service Desk Customers“');
  expect(role).toContain('„Administrators“');
});

test("the rules list's projects cell takes the language's plural and list words", () => {
  speak('de-DE');
  expect(scopeSummary({ type: 'categories', categoryIds: ['1'] }, [], () => 'Partner')).toBe(
    'Kategorie Partner',
  );
  expect(scopeSummary({ type: 'keys', keys: ['HR', 'FAC'] }, ['IT'])).toBe(
    'Projekte HR und FAC, außer IT',
  );
  speak('ja-JP');
  expect(scopeSummary({ type: 'keys', keys: ['HR', 'FAC'] }, ['IT'])).toBe(
    'プロジェクト HR、FAC (IT を除く)',
  );
});

test('the editor names other rules covering the same projects in the viewer’s language', () => {
  speak('fr-FR');
  const notes = overlaps({ scope: { type: 'all' }, exclude: [], keys: [] }, [
    { name: 'RH', scope: { type: 'keys', keys: ['HR'] }, exclude: [], enabled: true },
  ]);
  expect(notes).toEqual(['La règle «\u00a0RH\u00a0» couvre certains des mêmes projets.']);
});

test('what a removal takes out is counted with the plural the language picks', () => {
  const impact = {
    removalEnabled: true,
    bindings: [{}],
    orgMembers: [{}],
    groups: [{ groupId: 'g1', groupName: 'Contoso', projects: [{ key: 'HR', name: 'HR' }] }],
    projects: [{ key: 'HR' }],
    organizations: [{ organizationId: 'o1', organizationName: 'Contoso', members: 2 }],
    orgsNotCounted: [],
  } as unknown as Parameters<typeof removalSummary>[0];
  expect(removalSummary(impact)).toBe(
    'Contoso from 1 service project and 2 members from the organization Contoso',
  );
  speak('es-ES');
  expect(removalSummary(impact)).toBe(
    'Contoso de 1 proyecto de servicio y 2 miembros de la organización Contoso',
  );
});

describe("the editor's validation, worded by field and kind", () => {
  const base = { name: 'Desks', groupIds: ['g1'], scope: { type: 'all' }, exclude: [] };
  const longKeys = Array.from({ length: 4999 }, (_, i) => `${'K'.repeat(40)}${i}`);
  const invalid = [
    { ...base, name: '' },
    { ...base, name: 'x'.repeat(121) },
    { ...base, groupIds: [] },
    { ...base, groupIds: ['a', 'a'] },
    { ...base, groupIds: Array.from({ length: 51 }, (_, i) => `g${i}`) },
    { ...base, groupIds: ['a b'] },
    { ...base, groupIds: [' '] },
    { ...base, scope: { type: 'keys', keys: [] } },
    { ...base, scope: { type: 'keys', keys: ['1A'] } },
    { ...base, exclude: ['1A'] },
    { ...base, scope: { type: 'categories', categoryIds: [] } },
    { ...base, scope: { type: 'categories', categoryIds: ['x'] } },
    { ...base, scope: { type: 'pattern', pattern: '' } },
    { ...base, target: 'organization' },
    { ...base, target: 'organization', organization: { name: '' } },
    { ...base, target: 'organization', organization: { name: 'x'.repeat(256) } },
    { ...base, target: 'organization', organization: { id: 'x', name: 'Partners' } },
    { ...base, scope: { type: 'keys', keys: longKeys }, exclude: longKeys },
  ];
  const issues = invalid.flatMap((input) => {
    const parsed = RuleInputSchema.safeParse(input);
    if (parsed.success) throw new Error(`valid: ${JSON.stringify(input).slice(0, 80)}`);
    return parsed.error.issues;
  });

  test('in English, each reads as the schema words it', () => {
    expect(issues.length).toBeGreaterThanOrEqual(invalid.length);
    for (const issue of issues) expect(issueText(issue)).toBe(issue.message);
  });

  test('in German, none is left in English, and the numbers are in it', () => {
    speak('de-DE');
    for (const issue of issues) expect(issueText(issue)).not.toBe(issue.message);
    const size = issues.find((i) => i.code === 'custom' && i.path[0] === 'scope')!;
    expect(issueText(size)).toContain('etwa 18.000 Projektschlüssel');
    expect(issueText(size)).toContain('diese enthielte 9.998 (457 KB)');
  });
});

describe("a save's refusal, which says which sentence it is", () => {
  // As the server words them (rule-size.test.ts and rule-edits.test.ts hold it to these).
  const tooLarge = {
    message:
      'All rules together may hold at most about 40,000 project keys and exclusions (512 KB; ' +
      'fewer when keys are long); this rule would make it 40,203 (513 KB). Use a project ' +
      'category or a key pattern instead of listing keys.',
    words: {
      id: 'rules-too-large' as const,
      values: { keys: 40_203, kb: 513, maxKeys: 40_000, maxKb: 512 },
    },
  };
  const gone = {
    message: 'Rule r-1 no longer exists (someone deleted it). Reload the page.',
    words: { id: 'rule-gone' as const, values: { id: 'r-1' } },
  };
  const missing = {
    message:
      'Rule "Desks": no group with id g-9 exists in Jira. Pick the group again from the list of ' +
      'synced groups.',
    words: { id: 'groups-missing' as const, values: { rule: 'Desks', ids: 'g-9' } },
  };
  const text = (e: { message: string; words: ErrorWords }) => errorSentence(e.message, e.words);

  test('reads in English as the server words it, and in Japanese from its values', () => {
    for (const err of [tooLarge, gone, missing]) expect(text(err)).toBe(err.message);
    speak('ja-JP');
    expect(text(tooLarge)).toContain('約 40,000 個まで (512 KB');
    expect(text(gone)).toBe(
      'ルール r-1 はもう存在しません (他のユーザーが削除しました)。ページを再読み込みしてください。',
    );
    expect(text(missing)).toContain('ルール「Desks」: ID が g-9 のグループ');
  });

  test('an error that does not say which sentence it is keeps the words it came with', () => {
    speak('de-DE');
    expect(errorSentence('Jira did not answer.', undefined)).toBe('Jira did not answer.');
  });
});
