// A moment's UTC form, shown when hovering a <Time>: it must format, in every language, since a
// page that shows a time renders it at once.
import { formatUtc } from '../../../static/shared/format';
import { useWordsForTest } from '../../../static/shared/i18n';

jest.mock('@forge/bridge', () => ({ i18n: {}, view: {} }));

afterEach(() => useWordsForTest({}));

it.each(['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'es-ES'])('names UTC in %s', (locale) => {
  useWordsForTest({ locale, timeZone: 'Asia/Tokyo' });
  expect(formatUtc('2026-03-01T14:05:00.000Z')).toContain('UTC');
});

it("is the same moment in UTC, whatever the viewer's zone", () => {
  useWordsForTest({ locale: 'en-US', timeZone: 'Asia/Tokyo' });
  expect(formatUtc('2026-03-01T14:05:00.000Z')).toBe('Mar 1, 2026, 2:05 PM UTC');
});
