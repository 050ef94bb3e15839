// A plan's reasons in the viewer's language, from the codes and names the planner sends (an
// older run without them shows its English reason). Names are data: never translated. Pure, so
// the sentences are tested without a browser.
import type { PlanReason, Unwanted } from '../../../../shared/contract';
import { DEFAULT_ROLE_NAME } from '../../../../shared/contract';
import { listSentence } from '../../../../shared/format';
import { type MessageKey, t } from '../../../../shared/i18n';

type Values = Record<string, string | number | string[]>;

/** Where the reason is shown: the plan's role and project, named when the reason does not. */
export interface PlanPlace {
  role: string;
  project: string;
  projectName: string;
}

const text = (v: Values[string] | undefined): string =>
  v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);

/** The values as t() takes them: lists as the language lists them, numbers as numbers. */
function flat(values: Values): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'number' ? v : text(v);
  return out;
}

/** Why a group may never be customers: a clause ending in a full stop. */
function refusalWhy(values: Values): string {
  const products = text(values.products);
  const readsAs = text(values.readsAs);
  switch (values.refusal) {
    case 'group-administration':
      return readsAs
        ? t('runs.reason.refusal.administrationReadsAs', { readsAs })
        : t('runs.reason.refusal.administration');
    case 'group-app-access':
      return readsAs
        ? t('runs.reason.refusal.appAccessReadsAs', { readsAs })
        : t('runs.reason.refusal.appAccess');
    case 'group-product-access':
      return t('runs.reason.refusal.productAccess', { products });
    default:
      return t('runs.reason.refusal.notSynced');
  }
}

const withoutStop = (s: string) => s.replace(/[.。]$/, '');

function because(u: Unwanted): string {
  const v = flat(u.values ?? {});
  switch (u.code) {
    case 'rule-deleted':
      return t('runs.reason.because.ruleDeleted', v);
    case 'rule-off':
      return t('runs.reason.because.ruleOff', v);
    case 'project-excluded':
      return t('runs.reason.because.projectExcluded', v);
    case 'not-covered':
      return t('runs.reason.because.notCovered', v);
    case 'group-dropped':
      return t('runs.reason.because.groupDropped', v);
    case 'role-not-customer':
      return t('runs.reason.because.roleNotCustomer', v);
    case 'group-refused':
      return t('runs.reason.because.groupRefused', {
        ...v,
        why: withoutStop(refusalWhy(u.values ?? {})),
      });
    case 'role-moved':
      return t('runs.reason.because.roleMoved', v);
    case 'group-gone':
      return t('runs.reason.because.groupGone');
    case 'not-wanted':
      return t('runs.reason.because.notWanted', v);
  }
}

const KEYS: Record<
  Exclude<
    PlanReason['code'],
    'add' | 'add-drift' | 'remove' | 'removal-disabled' | 'group-refused' | 'group-refused-removes'
  >,
  MessageKey
> = {
  'rule-disabled': 'runs.reason.ruleDisabled',
  'project-excluded': 'runs.reason.projectExcluded',
  'not-service-desk': 'runs.reason.notServiceDesk',
  'role-not-found': 'runs.reason.roleNotFound',
  'role-not-found-team': 'runs.reason.roleNotFoundTeam',
  'group-deleted': 'runs.reason.groupDeleted',
  'role-not-customer': 'runs.reason.roleNotCustomer',
  'not-previewed-add': 'runs.reason.notPreviewedAdd',
  'not-previewed-remove': 'runs.reason.notPreviewedRemove',
  'already-added': 'runs.reason.alreadyAdded',
  'no-longer-needed': 'runs.reason.noLongerNeeded',
  'kept-since-preview': 'runs.reason.keptSincePreview',
  'already-removed': 'runs.reason.alreadyRemoved',
  'not-added-by-app': 'runs.reason.notAddedByApp',
};

/** The reason in the viewer's language. */
export function planReason(say: PlanReason, place: PlanPlace): string {
  const raw = say.values ?? {};
  const v = {
    role: place.role,
    project: place.project,
    projectName: place.projectName,
    customerRole: DEFAULT_ROLE_NAME,
    ...flat(raw),
  };
  const rules = Array.isArray(raw.rules) ? raw.rules : [];
  switch (say.code) {
    case 'add':
    case 'add-drift':
      return t(say.code === 'add' ? 'runs.reason.add' : 'runs.reason.addDrift', {
        ...v,
        count: rules.length,
        rules: listSentence(rules.map((name) => t('runs.reason.quoted', { name }))),
      });
    case 'remove':
    case 'removal-disabled': {
      // A deleted rule is named by its id (the only name left of it).
      const deleted = new Set(
        (say.because ?? []).flatMap((u) =>
          u.code === 'rule-deleted' ? [text(u.values?.ruleId)] : [],
        ),
      );
      const named = rules.length
        ? listSentence(
            rules.map((rule) =>
              deleted.has(rule)
                ? t('runs.reason.ruleId', { id: rule })
                : t('runs.reason.ruleNamed', { rule }),
            ),
          )
        : t('runs.reason.aRule');
      const why = say.because?.length
        ? say.because.map(because).join(t('runs.reason.because.separator'))
        : t('runs.reason.because.none');
      return t(say.code === 'remove' ? 'runs.reason.remove' : 'runs.reason.removalDisabled', {
        ...v,
        rules: named,
        because: why,
      });
    }
    case 'group-refused':
    case 'group-refused-removes':
      return t(
        say.code === 'group-refused'
          ? 'runs.reason.groupRefused'
          : 'runs.reason.groupRefusedRemoves',
        { ...v, why: refusalWhy(raw) },
      );
    default:
      return t(KEYS[say.code], v);
  }
}
