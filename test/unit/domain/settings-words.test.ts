// A settings save in the audit: what changed, before and after, in the Settings page's words.
import { SettingsSchema } from '../../../src/domain/schemas';
import { settingsSavedWords } from '../../../src/domain/settings-words';

const before = SettingsSchema.parse({});

it('names only what changed, with the values before and after, in plain words', () => {
  const after = { ...before, removeUnwanted: false, sweepPinned: true, sweepHours: 48 };
  expect(settingsSavedWords(before, after)).toBe(
    'Settings saved. What changed: removal of groups the app added on → off; routine check of ' +
      'every project adapting to what it finds → every 2 days.',
  );
});

it('says so when nothing changed', () => {
  expect(settingsSavedWords(before, { ...before, version: 3 })).toBe(
    'Settings saved; nothing changed.',
  );
});
