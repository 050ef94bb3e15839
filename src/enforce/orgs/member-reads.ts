// The members an organization sync plans from, read page by page and kept (store/org-runs.ts):
// a part cut off by its deadline, or a later run after the hour's budget ran out, goes on from
// the next page and never reads one twice. And the check an add batch stands on when that read
// has grown old: JSM lists an organization's members ordered by accountId, so the pages around
// the batch's accounts, read now, say which of them are members now, for a fraction of what a
// full read costs (2 points a member: 60,000 points at 30,000 members).
import type { JiraClient } from '../../jira/client';
import { groupMembersPage } from '../../jira/group-members';
import { JSM_PAGE, organizationMemberIds, organizationMembersPage } from '../../jira/organizations';
import { log } from '../../log';
import { getMemberPage, orgSource, putMemberPage } from '../../store/org-runs';
import type { Deadline } from '../queue/deadline';

/** The invocation's time is up before the next call: a later part goes on. */
export class OutOfTime extends Error {}

/** This hour's pages of a spread re-read are read: the next hourly run goes on. */
export class HourShareRead extends OutOfTime {}

/** The organization's members as read: the proof an add is the app's stands on it. */
export interface MemberRead {
  members: Set<string>;
  /** When it was read (ms); 0 when part of it was read by an earlier invocation. */
  at: number;
}

/** A page read now for a check: its offset, accounts in JSM's order, and whether it is the end. */
interface FreshPage {
  start: number;
  ids: string[];
  isLast: boolean;
}

/** What a full page of members costs: 1 point, and 2 a member. */
export const PAGE_POINTS = 1 + 2 * JSM_PAGE;

/**
 * Pages an hourly run reads of re-reads nothing announced (the sweep's: the counts and the audit
 * log say nothing changed): about 500 points, so that a re-read of large organizations is spread
 * over hours instead of spending thousands of points in one (20 hours for two organizations of
 * 2,000 people: 80 pages). What a signal announced is read at once.
 */
export const SPREAD_PAGES_PER_HOUR = 5;

/** Pages one account may need before the check gives up and reads the organization in full. */
const CHECK_PAGES_PER_ACCOUNT = 3;

export class MemberReads {
  private readonly groups = new Map<string, { ids: string[]; total?: number }>();
  /** JSM answered a page out of accountId order: checks read in full from then on. */
  private unordered = false;
  /** Whether the organization being read is a spread re-read. */
  private spreading = false;
  /** Pages spread re-reads may still read in this part. */
  private spreadLeft = SPREAD_PAGES_PER_HOUR;

  constructor(
    private readonly jira: JiraClient,
    private readonly deadline: Deadline,
    private readonly counts: { memberReads: number },
  ) {}

  /** Whether the reads from now on are of a spread re-read (they share this part's pages). */
  spread(on: boolean): void {
    this.spreading = on;
  }

  /** Before a page is read from Jira: the invocation's time, and a spread re-read's share. */
  private beforePage(): void {
    if (this.deadline.expired()) throw new OutOfTime();
    if (!this.spreading) return;
    if (this.spreadLeft <= 0) throw new HourShareRead();
    this.spreadLeft--;
  }

  /** A group's active members, read once per read: pages already kept are reused. */
  async group(readId: string, groupId: string): Promise<{ ids: string[]; total?: number }> {
    const known = this.groups.get(`${readId}:${groupId}`);
    if (known) return known;
    const ids: string[] = [];
    let total: number | undefined;
    for (let page = 0; ; page++) {
      let stored = await getMemberPage(readId, groupId, page);
      if (!stored) {
        this.beforePage();
        const got = await groupMembersPage(this.jira, groupId, { startAt: ids.length });
        stored = {
          ids: got.members.filter((m) => m.active).map((m) => m.accountId),
          isLast: got.isLast,
          ...(page === 0 && got.total !== undefined ? { total: got.total } : {}),
        };
        this.counts.memberReads += got.members.length;
        await putMemberPage(readId, groupId, page, stored);
      }
      if (page === 0) total = stored.total;
      ids.push(...stored.ids);
      if (stored.isLast) break;
    }
    const read = { ids, ...(total !== undefined ? { total } : {}) };
    this.groups.set(`${readId}:${groupId}`, read);
    return read;
  }

  /**
   * The organization's members, from the pages kept so far and the rest read now. A page kept
   * from an earlier invocation proves no absence (a pause, the app's own parts or a person may
   * have changed the organization since): such a read is as old as can be (`at` 0), so every add
   * batch checks its own accounts first.
   */
  async organization(readId: string, orgId: string): Promise<MemberRead> {
    const ids: string[] = [];
    let at = Date.now();
    for (let page = 0; ; page++) {
      let stored = await getMemberPage(readId, orgSource(orgId), page);
      if (stored) at = 0;
      else {
        this.beforePage();
        const got = await organizationMembersPage(this.jira, orgId, ids.length);
        stored = { ids: got.accountIds, isLast: got.isLast };
        this.counts.memberReads += got.accountIds.length;
        await putMemberPage(readId, orgSource(orgId), page, stored);
      }
      ids.push(...stored.ids);
      if (stored.isLast) break;
    }
    return { members: new Set(ids), at };
  }

  /**
   * Whether each of `accountIds` is a member now: `read` is brought up to date for them (the
   * rest of it keeps its age). Reads the pages where they belong in JSM's order; reads the
   * organization in full (and answers that fresh read) when the order cannot be trusted.
   */
  async check(orgId: string, read: MemberRead, accountIds: string[]): Promise<MemberRead> {
    const sorted = [...read.members].sort(byId);
    const pages: FreshPage[] = [];
    const budget = CHECK_PAGES_PER_ACCOUNT * accountIds.length + 2;
    for (const a of [...accountIds].sort(byId)) {
      let verdict = decide(a, pages);
      // From the member just before it: a page then holds the account's place and what follows
      // (3 points when it would be the last, as while the app fills an organization in order).
      let start = Math.max(0, lowerBound(sorted, a) - 1);
      while (typeof verdict !== 'boolean') {
        if (this.unordered || pages.length >= budget) return this.full(orgId);
        if (verdict !== undefined) start = verdict;
        const page = await this.page(orgId, start);
        if (!page) return this.full(orgId);
        pages.push(page);
        verdict = decide(a, pages);
      }
      if (verdict) read.members.add(a);
      else read.members.delete(a);
    }
    log.info('org.checked', {
      organizationId: orgId,
      accounts: accountIds.length,
      pages: pages.length,
    });
    return read;
  }

  /** One page read now; undefined (and no more such checks) when it is out of order. */
  private async page(orgId: string, start: number): Promise<FreshPage | undefined> {
    if (this.deadline.expired()) throw new OutOfTime();
    const got = await organizationMembersPage(this.jira, orgId, start);
    this.counts.memberReads += got.accountIds.length;
    if (got.accountIds.some((id, i) => i > 0 && byId(got.accountIds[i - 1], id) >= 0)) {
      this.unordered = true;
      return undefined;
    }
    return { start, ids: got.accountIds, isLast: got.isLast };
  }

  /** The organization's members again, in full, when the plan's read is too old to prove an add. */
  private async full(orgId: string): Promise<MemberRead> {
    if (this.deadline.expired()) throw new OutOfTime();
    const members = await organizationMemberIds(this.jira, orgId);
    this.counts.memberReads += members.length;
    log.info('org.reread', { organizationId: orgId, members: members.length });
    return { members: new Set(members), at: Date.now() };
  }
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How many of the sorted ids come before `a`. */
function lowerBound(sorted: string[], a: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byId(sorted[mid], a) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What the fresh pages say of `a`: a member (true), not one (false), or where to read next (an
 * offset; undefined before any page). `a` is decided by a page whose range holds it, by the
 * start or the end of the list, or by the gap between two adjacent pages.
 */
function decide(a: string, pages: FreshPage[]): boolean | number | undefined {
  for (const p of pages) {
    const first = p.ids[0];
    const last = p.ids[p.ids.length - 1];
    if (p.ids.includes(a)) return true;
    if (first === undefined) {
      if (p.start === 0) return false;
      continue;
    }
    if (byId(first, a) < 0 && byId(a, last) < 0) return false;
    if (byId(a, first) < 0 && p.start === 0) return false;
    if (byId(last, a) < 0 && p.isLast) return false;
    const next = pages.find((q) => q.start === p.start + p.ids.length && q.ids.length > 0);
    if (next && byId(last, a) < 0 && byId(a, next.ids[0]) < 0) return false;
  }
  const p = pages[pages.length - 1];
  if (!p) return undefined;
  // The newest page missed it: step towards where it would be, next to that page.
  const first = p.ids[0];
  if (first === undefined || byId(a, first) < 0) return Math.max(0, p.start - JSM_PAGE);
  return p.start + p.ids.length;
}
