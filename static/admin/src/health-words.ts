// A health check's words in the viewer's language: its title by its id (or by code, when it names
// something), its detail and action from the codes the report carries. A check stored before it
// had codes, or one whose sentences have none yet, shows the English it was stored with.
import type { HealthCheck, HealthStatus } from '../../shared/contract';
import { formatDateTime, listSentence } from '../../shared/format';
import { type MessageKey, t } from '../../shared/i18n';

type Sentence = NonNullable<HealthCheck['words']>['detail'][number];

const TITLED = [
  'agent-seats',
  'browse-grants',
  'customer-permissions',
  'rule-roles',
  'default-access',
  'open-desks',
  'rules',
  'role-exists',
  'groups-exist',
  'agents-group',
  'guard-rails',
  'organizations',
  'change-signals',
] as const;
type TitledId = (typeof TITLED)[number];

/** The Jira screens checks link to, by the English label the report names them with. */
const SCREENS: Record<string, 'productAccess' | 'permissionSchemes' | 'projectRoles' | 'scheme'> = {
  'Product access': 'productAccess',
  'Permission schemes': 'permissionSchemes',
  'Project roles': 'projectRoles',
  'Permission scheme': 'scheme',
};

/** What the people or things a check lists are, by the English noun the report names them with. */
const NOUNS: Record<
  string,
  'people' | 'groups' | 'newAccounts' | 'organizations' | 'projects' | 'schemes' | 'rules'
> = {
  people: 'people',
  groups: 'groups',
  'accounts created lately with Jira Service Management': 'newAccounts',
  organizations: 'organizations',
  projects: 'projects',
  'permission schemes': 'schemes',
  rules: 'rules',
};

/** Why project schemes were read now: "1 new, 2 in rotation". */
function schemesWhy(values: Record<string, string | number>): string {
  const parts: [string, MessageKey][] = [
    ['fresh', 'health.sentence.schemesWhyNew'],
    ['named', 'health.sentence.schemesWhyNamed'],
    ['rotation', 'health.sentence.schemesWhyRotation'],
  ];
  return parts
    .filter(([name]) => typeof values[name] === 'number' && values[name] > 0)
    .map(([name, key]) => t(key, { count: values[name] }))
    .join(', ');
}

function said(s: Sentence): string {
  const values: Record<string, string | number> = { ...s.values };
  for (const [name, phrases] of Object.entries(s.phrases ?? {}))
    values[name] = phrases.map(said).join(t('health.sentence.phraseSeparator'));
  if (typeof values.at === 'string') values.at = formatDateTime(values.at);
  for (const [name, names] of Object.entries(s.lists ?? {}))
    values[name] = listSentence(names.items, names.max);
  if (s.code === 'schemesReadNowWhy') values.why = schemesWhy(values);
  // A second count in one sentence is worded by its own plural.
  if (typeof values.accounts === 'number')
    values.accounts = t('health.sentence.accountCount', { count: values.accounts });
  if (typeof values.others === 'number')
    values.others = t('health.sentence.otherProjectCount', { count: values.others });
  if (typeof values.membersRead === 'number')
    values.membersRead = t('health.sentence.memberCount', { count: values.membersRead });
  return t(`health.sentence.${s.code}`, values);
}

type Item = NonNullable<HealthCheck['affected']>['items'][number];

/** The note beside a listed item: from its code, else as it was stored. */
export function itemNote(item: Item): string | undefined {
  return item.sentence ? said(item.sentence) : item.note;
}

export function checkTitle(check: HealthCheck): string {
  if (check.words?.title) return said(check.words.title);
  return (TITLED as readonly string[]).includes(check.id)
    ? t(`health.title.${check.id as TitledId}`)
    : check.title;
}

export function checkDetail(check: HealthCheck): string {
  return check.words ? check.words.detail.map(said).join(' ') : check.detail;
}

export function checkAction(check: HealthCheck): string | undefined {
  if (!check.action) return undefined;
  return check.words?.action ? said(check.words.action) : check.action;
}

export function statusLabel(status: HealthStatus): string {
  return t(`health.status.${status}`);
}

/** "Open Product access in Jira". */
export function linkLabel(label: string): string {
  const screen = SCREENS[label];
  return screen ? t(`health.link.${screen}`) : t('health.link.other', { label });
}

/** The heading over the list of what a check found: "People (3):", "The first 50 of 80 people:". */
export function affectedHeading(noun: string, shown: number, total: number): string {
  const key = NOUNS[noun];
  if (!key)
    return t(shown < total ? 'health.affected.otherFirst' : 'health.affected.otherAll', {
      noun,
      shown,
      total,
    });
  const path: MessageKey =
    shown < total ? `health.affected.${key}.first` : `health.affected.${key}.all`;
  return t(path, { shown, total, count: total });
}

export function affectedLabel(noun: string): string {
  const key = NOUNS[noun];
  return key ? t(`health.affected.${key}.label`) : noun;
}
