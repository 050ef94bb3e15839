// A resolver's refusal in the viewer's language: the server says which sentence it is (an id and
// its values); the page words it here. An error without an id keeps the server's English.
import type { ErrorWords, ErrorWordsId } from './contract';
import { formatTime } from './format';
import { currentLocale, currentTimeZone, type MessageKey, type MessageValues, t } from './i18n';

const KEYS: Record<ErrorWordsId, MessageKey> = {
  'sign-in': 'shared.errors.signIn',
  internal: 'shared.errors.internal',
  'not-jira-admin': 'shared.errors.notJiraAdmin',
  'not-project-admin': 'shared.errors.notProjectAdmin',
  'open-from-project': 'shared.errors.openFromProject',
  'run-not-in-project': 'shared.errors.runNotInProject',
  'project-not-found': 'shared.errors.projectNotFound',
  'project-deleted': 'shared.errors.projectDeleted',
  'not-service-project': 'shared.errors.notServiceProject',
  'project-read-recently': 'shared.errors.projectReadRecently',
  'quota-spent': 'shared.errors.quotaSpent',
  'share-too-small': 'shared.errors.shareTooSmall',
  'person-share-spent': 'shared.errors.personShareSpent',
  'people-share-spent': 'shared.errors.peopleShareSpent',
  'project-run-too-soon': 'shared.errors.projectRunTooSoon',
  'exclusion-too-soon': 'shared.errors.exclusionTooSoon',
  'rule-not-covering': 'shared.errors.ruleNotCovering',
  'exclusion-already-asked': 'shared.errors.exclusionAlreadyAsked',
  'rule-deleted-include': 'shared.errors.ruleDeletedInclude',
  'include-needs-jira-admin': 'shared.errors.includeNeedsJiraAdmin',
  'include-excluded-by-jira-admin': 'shared.errors.includeExcludedByJiraAdmin',
  'rule-gone': 'rules.errors.ruleGone',
  'groups-missing': 'rules.errors.groupsMissing',
  'rules-too-large': 'rules.errors.rulesTooLarge',
  'rule-kept-changing': 'rules.errors.keptChanging',
};

/** The error's sentence in the viewer's language, or `message` when the page has no words for it. */
export function errorSentence(message: string, words: ErrorWords | undefined): string {
  const key = words && KEYS[words.id];
  if (!key) return message;
  const values: MessageValues = { ...words.values };
  // Moments in the viewer's time zone; numbers of minutes as the viewer's language says them.
  if (typeof values.at === 'string') values.at = formatTime(values.at) || values.at;
  if (typeof values.on === 'string') values.on = formatDate(values.on);
  for (const name of ['minutes', 'interval'])
    if (typeof values[name] === 'number')
      values[name] = t('shared.errors.minutes', { count: values[name] });
  return t(key, values);
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), {
    dateStyle: 'medium',
    timeZone: currentTimeZone(),
  }).format(d);
}
