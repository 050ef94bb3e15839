// The rules' words on the page: the guard rails' refusals are worded from their code and what they
// name (the English the same as the server's), and the rules list, the editor's overlap notes and
// the removal confirmation read in the viewer's language, with its plurals.
import fs from 'fs';
import path from 'path';

import { groupRefusal, roleRefusal } from '../../../src/domain/guard-rails';
import { useWordsForTest } from '../../../static/shared/i18n';
import { removalSummary } from '../../../static/admin/src/components/removal-words';
import { overlaps } from '../../../static/admin/src/overlap';
import { refusalText, scopeSummary } from '../../../static/admin/src/rules';

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
