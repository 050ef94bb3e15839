// Health of the organization sync, judged from the newest finished site run's
// organization results (no Jira call): every organization a rule keeps was found or created
// and kept in step. Only shown when a rule keeps an organization.
import type { HealthCheck } from './health-schemas';
import { say } from './health-sentences';
import type { OrgPlanSummary } from './org-plan';
import type { Rule } from './schemas';

const HEAD = { id: 'organizations', number: 13, title: 'Organizations are kept in step' };

export function organizationsCheck(
  rules: Rule[],
  last: OrgPlanSummary[] | undefined,
): HealthCheck | undefined {
  const keeping = rules.filter((r) => r.enabled && (r.target ?? 'role') !== 'role');
  if (keeping.length === 0) return undefined;
  if (!last)
    return {
      ...HEAD,
      status: 'unknown',
      detail: 'No run has kept the organizations yet.',
      action: 'Run the rules now (Runs tab) or wait for the hourly run.',
      words: { detail: [say('orgsNotKeptYet')], action: say('orgsRunRules') },
    };
  const failed = last.filter((p) => p.error);
  if (failed.length === 0)
    return {
      ...HEAD,
      status: 'pass',
      detail: `The last run kept ${last.length} organization(s) in step with the rules' groups.`,
      words: { detail: [say('orgsKept', { count: last.length })] },
    };
  return {
    ...HEAD,
    status: 'fail',
    detail: failed.map((p) => p.error).join(' '),
    action:
      'Let the app manage organizations (JSM settings), or change these rules to target the ' +
      'customer role only.',
    affected: {
      noun: 'organizations',
      total: failed.length,
      items: failed
        .slice(0, 50)
        .map((p) => ({ id: p.organizationId ?? p.organizationName, label: p.organizationName })),
    },
  };
}
