// Checks that guard Jira Service Management licences: who takes an agent seat (check 1), what
// new users get by default (check 5), and that agents still have a group (check 10). Pure.
import type { CheckHead, NamedReads } from './health-common';
import { affected, costOf, couldNotCheck, listed, num, SCREENS } from './health-common';
import type {
  AgentOverlap,
  AgentOverlapPerson,
  ApplicationRole,
  HealthCheck,
  Read,
  RecentAccounts,
} from './health-schemas';
import { AFFECTED_SHOWN } from './health-schemas';
import { type HealthSentence, list, say, sayList } from './health-sentences';
import { count } from './text';

export const SERVICE_DESK_KEY = 'jira-servicedesk';

export interface GroupMember {
  accountId: string;
  displayName?: string;
  active: boolean;
}

/** Who is in both a customer group and a group that grants agent access. Active accounts only. */
export function agentOverlap(
  accessGroups: { groupId: string; members: GroupMember[] }[],
  customerGroups: { groupId: string; members: GroupMember[] }[],
): Pick<AgentOverlap, 'people' | 'total'> {
  const access = new Map<string, string[]>();
  for (const g of accessGroups)
    for (const m of g.members)
      if (m.active) access.set(m.accountId, [...(access.get(m.accountId) ?? []), g.groupId]);
  const people = new Map<string, AgentOverlapPerson>();
  for (const g of customerGroups)
    for (const m of g.members) {
      const via = access.get(m.accountId);
      if (!m.active || !via) continue;
      const p = people.get(m.accountId) ?? {
        accountId: m.accountId,
        ...(m.displayName ? { displayName: m.displayName } : {}),
        customerGroupIds: [],
        accessGroupIds: [...new Set(via)],
      };
      if (!p.customerGroupIds.includes(g.groupId)) p.customerGroupIds.push(g.groupId);
      people.set(m.accountId, p);
    }
  const sorted = [...people.values()].sort((a, b) =>
    (a.displayName ?? a.accountId).localeCompare(b.displayName ?? b.accountId),
  );
  return { people: sorted.slice(0, AFFECTED_SHOWN), total: sorted.length };
}

/** Points of reading whole groups of these active-member counts, in pages of `page`: 1 a page, 2 a member. */
export function memberReadPoints(counts: readonly number[], page: number): number {
  return counts.reduce((n, c) => n + Math.max(1, Math.ceil(c / page)) + 2 * c, 0);
}

/** Points of looking up one person's groups: 1, and 2 a group. */
export const lookupPoints = (groups: number): number => 1 + 2 * groups;

/**
 * Whether to go on looking agents' groups up: while what they cost so far, projected over every
 * agent, stays under `limit` (what reading the customer groups in full costs). Before any answer
 * an agent is taken at its least: one group (it is in an access group).
 */
export function keepLookingUp(spent: number, looked: number, agents: number, limit: number) {
  const each = Math.max(lookupPoints(1), looked ? spent / looked : 0);
  return spent + (agents - looked) * each < limit;
}

/** The groups an overlap was read for: a change to them makes a day-old read stale. */
export function overlapFingerprint(customerGroupIds: string[], accessGroupIds: string[]): string {
  return `${[...customerGroupIds].sort().join(',')}|${[...accessGroupIds].sort().join(',')}`;
}

/** "2026-03-04 09:15 UTC" */
export function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function seats(sd: ApplicationRole): [string, HealthSentence] {
  const used = sd.userCount ?? 0;
  if (sd.hasUnlimitedSeats)
    return [`${count(used, 'agent')} (unlimited seats)`, say('seatsUnlimited', { count: used })];
  if (sd.numberOfSeats === undefined)
    return [count(used, 'agent'), say('seatsUsed', { count: used })];
  const left = sd.remainingSeats ?? Math.max(0, sd.numberOfSeats - used);
  return [
    `${num(used)} of ${num(sd.numberOfSeats)} agent seats used, ${num(left)} left`,
    say('seatsOf', { used, seats: sd.numberOfSeats, left }),
  ];
}

export interface LicenceInput {
  /** Groups that enabled rules name and that exist. */
  customerGroupIds: string[];
  name: (groupId: string) => string;
  appRoles: Read<ApplicationRole[]>;
}

const SEATS: CheckHead = {
  id: 'agent-seats',
  number: 1,
  title: 'Customers take no agent seats',
  link: SCREENS.productAccess,
};

/** Check 1: the licence in numbers, customer groups in the product role, and people in both. */
export function agentSeatsCheck(
  input: LicenceInput & { overlap?: Read<AgentOverlap> },
): HealthCheck {
  const reads: NamedReads = [
    ['product access', input.appRoles],
    ['members of customer and agent groups', input.overlap],
  ];
  if (!input.appRoles.ok) return couldNotCheck(SEATS, input.appRoles.why, reads);
  const sd = input.appRoles.value.find((r) => r.key === SERVICE_DESK_KEY);
  if (!sd)
    return {
      ...SEATS,
      status: 'fail',
      detail: 'Jira Service Management was not found on the site: there are no customers to keep.',
      action: 'Add Jira Service Management to the site in admin.atlassian.com.',
      words: { detail: [say('noServiceDesk')], action: say('addServiceDesk') },
      cost: costOf(reads),
    };
  const leaking = input.customerGroupIds.filter((id) => sd.groupIds.includes(id));
  const [seatsText, seatsSaid] = seats(sd);
  const parts = [`${seatsText}.`];
  const said = [seatsSaid];
  if (leaking.length) {
    const names = leaking.map(input.name);
    parts.push(
      `${listed(names)} ${leaking.length === 1 ? 'is' : 'are'} in the ` +
        `${sd.name} product role: every member takes an agent seat.`,
    );
    said.push(
      sayList(
        'groupsInProductRole',
        { groups: list(names) },
        {
          count: leaking.length,
          product: sd.name,
        },
      ),
    );
  }
  const o = input.overlap;
  const { people, total, partial } = overlapFindings(o, parts, said);
  const failing = leaking.length > 0 || total > 0;
  if (partial) {
    parts.push(partial[0]);
    said.push(partial[1]);
  }
  return {
    ...SEATS,
    status: failing ? 'fail' : partial ? (o && !o.ok ? 'unknown' : 'warn') : 'pass',
    detail: parts.join(' '),
    ...(failing
      ? {
          action:
            'Take customer groups out of the Jira Service Management product role, and take the ' +
            'people listed out of the group that gives them agent access (or out of the customer ' +
            'group, in your identity provider), unless they are agents.',
        }
      : partial
        ? { action: 'Press Check now tomorrow, or when the site is quieter, to read every member.' }
        : {}),
    words: {
      detail: said,
      ...(failing
        ? { action: say('seatsTakeOut') }
        : partial
          ? { action: say('membersReadTomorrow') }
          : {}),
    },
    ...seatsAffected(people, total, leaking, input.name),
    cost: costOf(reads),
  };
}

/** Check 1's list: the people in both kinds of group, else the customer groups in the role. */
function seatsAffected(
  people: AgentOverlapPerson[],
  total: number,
  leaking: string[],
  name: (groupId: string) => string,
): Pick<HealthCheck, 'affected'> {
  return people.length
    ? {
        affected: {
          noun: 'people',
          total,
          items: people.map((p) => {
            const customer = p.customerGroupIds.map(name);
            const access = p.accessGroupIds.map(name);
            return {
              id: p.accountId,
              label: p.displayName ?? p.accountId,
              note: `customer through ${listed(customer)}; agent access through ${listed(access)}`,
              sentence: sayList('customerAndAgentThrough', {
                customer: list(customer),
                access: list(access),
              }),
            };
          }),
        },
      }
    : leaking.length
      ? {
          affected: affected(
            'groups',
            leaking.map((id) => ({
              id,
              label: name(id),
              note: 'in the product role',
              sentence: say('inProductRole'),
            })),
          ),
        }
      : {};
}

/** What the read of members says about people in customer and agent groups: told into `parts`. */
function overlapFindings(
  o: Read<AgentOverlap> | undefined,
  parts: string[],
  said: HealthSentence[],
) {
  let people: AgentOverlapPerson[] = [];
  let total = 0;
  let partial: [string, HealthSentence] | undefined;
  if (o && !o.ok)
    partial = [`Members could not be read: ${o.why}`, say('membersUnread', { why: o.why })];
  else if (o?.ok) {
    people = o.value.people;
    total = o.value.total;
    if (total) {
      parts.push(
        `${num(total)} ${total === 1 ? 'person' : 'people'} in customer groups also ` +
          `${total === 1 ? 'has' : 'have'} agent access through another group, ` +
          `so each takes a seat.`,
      );
      said.push(say('peopleInBoth', { count: total }));
    }
    const { readAt, membersRead, agentsLookedUp } = o.value;
    const again =
      "they are read again when a group's count moves or the audit log names it, else once per routine check period.";
    if (agentsLookedUp !== undefined) {
      parts.push(
        `Members were read ${utc(readAt)} (${count(membersRead, 'member')} of the agent groups, ` +
          `then the groups of ${count(agentsLookedUp, 'agent')} instead of the customer ` +
          `groups' members); ${again}`,
      );
      said.push(say('membersReadByAgent', { at: readAt, membersRead, count: agentsLookedUp }));
    } else {
      parts.push(
        `Members were read ${utc(readAt)} (${count(membersRead, 'member')}` +
          `${o.value.complete ? '' : ', stopped at the read budget'}); ${again}`,
      );
      said.push(
        say(o.value.complete ? 'membersRead' : 'membersReadStopped', { at: readAt, membersRead }),
      );
    }
    if (!o.value.complete && !total)
      partial = [
        'Not every member was read within the budget, so someone may have been missed.',
        say('membersPartly'),
      ];
  }
  return { people, total, partial };
}

const DEFAULTS: CheckHead = {
  id: 'default-access',
  number: 5,
  title: 'New users do not get Jira Service Management by default',
  link: SCREENS.productAccess,
};

/** Check 5: default product access, and accounts created lately that got Jira Service Management. */
export function defaultAccessCheck(
  input: LicenceInput & { recent: Read<RecentAccounts> },
): HealthCheck {
  const reads: NamedReads = [
    ['product access', input.appRoles],
    ["Jira's audit log and new accounts", input.recent],
  ];
  if (!input.appRoles.ok) return couldNotCheck(DEFAULTS, input.appRoles.why, reads);
  const sd = input.appRoles.value.find((r) => r.key === SERVICE_DESK_KEY);
  if (!sd)
    return couldNotCheck(DEFAULTS, 'Jira Service Management was not found on the site.', reads);
  const leaks = input.customerGroupIds.filter((id) => sd.defaultGroupIds.includes(id));
  const failing = sd.selectedByDefault || leaks.length > 0;
  const parts = [
    sd.selectedByDefault
      ? 'New users are given Jira Service Management automatically, so every provisioned ' +
        'customer takes an agent seat.'
      : 'New users are not given Jira Service Management automatically.',
  ];
  const said = [say(sd.selectedByDefault ? 'defaultAccessOn' : 'defaultAccessOff')];
  if (leaks.length) {
    const [names, one] = [leaks.map(input.name), leaks.length === 1];
    parts.push(
      `${one ? 'Default group' : 'Default groups'} ${listed(names)} ` +
        `${one ? 'is a customer group' : 'are customer groups'}.`,
    );
    said.push(
      sayList('defaultGroupsAreCustomers', { groups: list(names) }, { count: names.length }),
    );
  }
  const r = input.recent;
  let listedAccounts: RecentAccounts['withServiceDesk'] = [];
  if (r.ok) {
    const { days, created, checked, withServiceDesk } = r.value;
    listedAccounts = withServiceDesk;
    const of = checked < created ? ` (of the ${num(checked)} newest looked up)` : '';
    parts.push(
      `In the last ${days} days Jira created ${count(created, 'account')}; ` +
        `${num(withServiceDesk.length)}${of} ${withServiceDesk.length === 1 ? 'has' : 'have'} ` +
        'Jira Service Management.',
    );
    said.push(
      say(checked < created ? 'recentAccountsOfNewest' : 'recentAccounts', {
        days,
        accounts: created,
        count: withServiceDesk.length,
        checked,
      }),
    );
  } else {
    parts.push(
      "Jira's audit log could not be read, so how many new accounts got Jira Service Management " +
        `is not known (${r.why})`,
    );
    said.push(say('recentAccountsUnread', { why: r.why }));
  }
  return {
    ...DEFAULTS,
    status: failing ? 'fail' : 'pass',
    detail: parts.join(' '),
    ...(failing
      ? {
          action:
            'In Product access, turn off "New users have access to this product" for Jira Service ' +
            'Management and take customer groups out of its default groups; then remove the ' +
            'access of the accounts listed that are not agents.',
        }
      : {}),
    words: { detail: said, ...(failing ? { action: say('turnOffDefaultAccess') } : {}) },
    ...(listedAccounts.length
      ? {
          affected: affected(
            'accounts created lately with Jira Service Management',
            listedAccounts.map((a) => ({ id: a.accountId, label: a.displayName ?? a.accountId })),
          ),
        }
      : {}),
    cost: costOf(reads),
  };
}

const AGENTS: CheckHead = {
  id: 'agents-group',
  number: 10,
  title: 'An agents group has Jira Service Management access',
  link: SCREENS.productAccess,
};

/** Check 10: some group other than customer groups grants agent access. */
export function agentsGroupCheck(input: LicenceInput): HealthCheck {
  const reads: NamedReads = [['product access', input.appRoles]];
  if (!input.appRoles.ok) return couldNotCheck(AGENTS, input.appRoles.why, reads);
  const sd = input.appRoles.value.find((r) => r.key === SERVICE_DESK_KEY);
  if (!sd)
    return couldNotCheck(AGENTS, 'Jira Service Management was not found on the site.', reads);
  const agentGroups = sd.groupIds.filter((id) => !input.customerGroupIds.includes(id));
  return agentGroups.length
    ? {
        ...AGENTS,
        status: 'pass',
        detail: `${count(agentGroups.length, 'group')} ${agentGroups.length === 1 ? 'grants' : 'grant'} agent access.`,
        words: { detail: [say('agentsGroups', { count: agentGroups.length })] },
        cost: costOf(reads),
      }
    : {
        ...AGENTS,
        status: 'warn',
        detail:
          'No group other than customer groups is in the Jira Service Management product role: ' +
          'agents may have no access.',
        action:
          'Add your agents group (for example jira-servicedesk-users) to the product role in ' +
          'admin.atlassian.com.',
        words: { detail: [say('noAgentsGroup')], action: say('addAgentsGroup') },
        cost: costOf(reads),
      };
}
