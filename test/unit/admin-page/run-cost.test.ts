// A run's Jira usage in plain words: calls, and shares of the hourly allowance; Jira's points
// only in the line shown on hover. The reset is a time in the viewer's zone and language.
import fr from '../../../locales/fr-FR.json';
import { costLine, pointsLine } from '../../../static/admin/src/run-cost-words';
import { useWordsForTest } from '../../../static/shared/i18n';

jest.mock('@forge/bridge', () => ({ i18n: {}, view: {} }));

afterEach(() => useWordsForTest({}));

it('says the share of the hourly allowance a run used and what is left, never "points"', () => {
  const run = {
    calls: 42,
    points: 310,
    quota: { limit: 65_000, left: 9_000, resetAt: '2026-03-01T14:00:00.000Z', at: '' },
  };
  expect(costLine(run)).toBe(
    '42 calls to Jira, 0.5% of the app’s hourly Jira usage allowance (14% left until 2:00 PM)',
  );
  expect(pointsLine(run)).toBe('310 points of the 65,000 Jira allows an hour');
});

it('says only the calls when Jira did not say its allowance', () => {
  expect(costLine({ calls: 1, points: 3 })).toBe('1 call to Jira');
  expect(pointsLine({ points: 3 })).toBe('3 points');
});

it("says the same in the viewer's language, the reset in their time zone", () => {
  useWordsForTest({ locale: 'fr-FR', timeZone: 'Europe/Paris', catalogue: fr });
  const run = {
    calls: 42,
    points: 310,
    quota: { limit: 65_000, left: 9_000, resetAt: '2026-03-01T14:00:00.000Z', at: '' },
  };
  expect(costLine(run)?.replace(/\u202f|\u00a0/g, ' ')).toBe(
    '42 appels à Jira, 0,5 % de l’allocation horaire d’utilisation de Jira de l’application (14 % restants jusqu’à 15:00)',
  );
  expect(pointsLine(run)?.replace(/\u202f|\u00a0/g, ' ')).toBe(
    '310 points sur les 65 000 que Jira autorise par heure',
  );
});
