// The organization part of a run: keeps each JSM organization that rules name in
// step with the rules' groups. One event chain per run (`org:<part>`), beside the project
// batches, spending from the same share of the hour's quota: it reads each group's and the
// organization's members page by page (kept in storage, member-reads.ts, so no page is read
// twice), plans against the organization ledger, and adds and removes in batches, auditing each
// member. Out of time, it records what is done and hands the rest to the next part. Out of the
// hour's budget (or Jira's quota), it never waits holding the site: the organization's read is
// carried to the next hourly run (store/org-reads.ts) and this run ends. An organization cut off
// midway is planned again from its read, with the app's own adds since (level-based: safe).
//
// Who owns a member: the app claims one only when Jira answered the app's add with success and
// the member was absent at the read made just before. Ledger entries are written pending ahead
// of each add batch and settled after that success; an add Jira refused (429, 4xx, or never
// sent) is rolled back at once; one Jira may or may not have applied (5xx, no answer, an
// invocation cut off) stays pending, and the next sync leaves a member it finds present as a
// person's (JSM adds are idempotent: nothing else can prove who added them).
import { errorMessage } from '../../domain/errors';
import { runRefusal } from '../../domain/guard-rails';
import { batches, type OrgPlan, planOrganization } from '../../domain/org-plan';
import {
  countAnswer,
  countsChanged,
  countSearch,
  countStart,
  fullReadHours,
  narrow,
  nextGuess,
  type OrgCount,
  type OrgSyncReason,
  type OrgSyncStamp,
  syncDueBeforeCount,
} from '../../domain/org-probe';
import type { ActionResult, Rule } from '../../domain/schemas';
import { count } from '../../domain/text';
import { JiraClient } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import { groupMembersPage } from '../../jira/group-members';
import {
  changeOrganizationMembers,
  MEMBER_BATCH,
  organizationMembersPage,
} from '../../jira/organizations';
import { QuotaSpentError } from '../../jira/quota-tracker';
import { log } from '../../log';
import { appendAudit, type AuditInput } from '../../store/audit';
import type { Delivery } from '../../store/event-claims';
import {
  deleteOrgEntries,
  dropOrganization,
  forgetOrganization,
  getOrgIndex,
  getOrgLedger,
  putOrgEntries,
  rememberOrganization,
} from '../../store/org-ledger';
import { dropOrgRead, getOrgRead, type OrgRead, putOrgRead } from '../../store/org-reads';
import {
  getOrgSync,
  newOrgSync,
  type OrgPlanSummary,
  type OrgSyncRecord,
  putOrgSync,
} from '../../store/org-runs';
import { dropOrgStamp, getGroupHints, getOrgStamp, putOrgStamp } from '../../store/org-stamps';
import { putBatchActions, type RunContext, type RunRecord } from '../../store/runs';
import { Deadline } from '../queue/deadline';
import { runEvent } from '../queue/event-gate';
import { eventKey, type OrgEvent, pushEvents } from '../queue/queue';
import { applyBudget, payerOf, recordEventSpend, runsShareLeft } from '../quota/quota-budget';
import { finalizeIfDone } from '../run/finalize-run';
import { sweepPeriodNow } from '../signals/period-now';
import {
  HourShareRead,
  type MemberRead,
  MemberReads,
  OutOfTime,
  PAGE_POINTS,
} from './member-reads';

/** Run actions of the organization sync are kept under this batch index, apart from projects. */
export const ORG_ACTIONS_INDEX = 99_999;

/** What one organization is kept from: its rules, whether it exists yet, or why it is unknown. */
export type OrgTarget = NonNullable<RunContext['organizations']>[number];

/**
 * How old the read of an organization's members may be when an add batch goes out: a member
 * absent at that read and added by the app's call is the app's. A person who adds the same
 * member between the read and the call would be taken for the app, so the read should be recent;
 * but a full re-read costs 2 points per member of the whole organization (10,000 points at 5,000
 * members), and the app's own batches change nothing for the members still to add. Batches of
 * one organization follow each other within seconds, as close to the read as the first batch
 * is; only a batch that starts this long after the read (retries, waits for Jira's limits, a read
 * carried over from an earlier hour) reads again, and then only the pages where its own accounts
 * are (member-reads.ts).
 */
export const MEMBER_READ_FRESH_MS = 60_000;

/**
 * One-call counts one search for an organization's new count may make: about 2 log2 of the
 * members people added (a million takes 40); past it, the next hour searches again.
 */
const MAX_COUNT_CALLS = 40;

/** Whether an enabled rule keeps an organization. */
export const keepsOrganization = (r: Rule) => r.enabled && (r.target ?? 'role') !== 'role';

export function processOrgSync(
  ev: OrgEvent,
  delivery: Delivery,
  jira = new JiraClient(),
  deadline = Deadline.fromRuntime(),
): Promise<void> {
  return runEvent(ev, delivery, async ({ run, ctx, lease }) => {
    const rec = (await getOrgSync(run.id)) ?? newOrgSync();
    if (!rec.done) {
      const spend = { runId: run.id, eventKey: eventKey(ev) };
      // The runs' share of the hour, the same the project batches spend from.
      await applyBudget(jira, ctx.settings, { hold: spend, payer: payerOf(run) });
      const sync = new OrgSync(run, ctx, jira, deadline, rec, ev.part * 1000);
      const targets = [...(ctx.organizations ?? []), ...(await orphans(ctx))];
      for (const t of targets) {
        if (rec.synced.includes(targetKey(t))) continue;
        if (sync.started && deadline.expired()) break;
        if (jira.quotaTracker.stopped()) break;
        await lease.renewIfDue();
        const done = await sync.organization(t);
        if (!done) break;
        rec.synced.push(targetKey(t));
        await putOrgSync(ctx.fence, run.id, rec);
      }
      await recordEventSpend(jira, run.id, spend.eventKey, Date.now(), payerOf(run));
      const left = targets.filter((t) => !rec.synced.includes(targetKey(t)));
      if (left.length > 0 && !sync.shareRead && (await goesOnThisHour(jira, ctx))) {
        await putOrgSync(ctx.fence, run.id, rec);
        await pushEvents(
          [{ kind: 'org', runId: run.id, part: ev.part + 1 }],
          deadline.handOnDelayMs(),
        );
        log.info('org.continuation', { part: ev.part + 1, done: rec.synced.length });
        return;
      }
      // The hour's points are spent: the next hourly run goes on where this one stopped, and
      // this run ends rather than hold the site until the reset.
      if (left.length > 0) await sync.carryOver(left);
      await putOrgSync(ctx.fence, run.id, { ...rec, done: true });
      log.info('org.finished', {
        organizations: rec.synced.length,
        left: left.length,
        ...rec.counts,
      });
    }
    await finalizeIfDone(run.id, ctx.fence);
  });
}

const targetKey = (t: OrgTarget) => t.organizationId ?? `name:${t.name}`;

/**
 * Whether the next part goes on within this hour: out of time only, or out of this invocation's
 * share while the runs' budget still has a page's worth for another (a share is half of what is
 * left, as the project batches may spend meanwhile). Jira's own quota spent: never.
 */
async function goesOnThisHour(jira: JiraClient, ctx: RunContext): Promise<boolean> {
  const stop = jira.quotaTracker.stopped();
  if (!stop) return true;
  return stop.cause === 'budget' && (await runsShareLeft(jira, ctx.settings)) >= PAGE_POINTS;
}

/**
 * Organizations in the ledger that no enabled rule keeps any more: their members may go. One a
 * rule still names (by name, when Jira could not be asked for its id) is never among them.
 */
async function orphans(ctx: RunContext): Promise<OrgTarget[]> {
  // A one-rule preview is about that rule's organizations only.
  if (ctx.focusRuleId) return [];
  const kept = ctx.organizations ?? [];
  // A rule's organization that could not be resolved this run, by name only: any of the index's
  // organizations may be it (renamed in JSM), so none is taken for unkept this run.
  if (kept.some((o) => o.error && !o.knownId)) return [];
  const ids = new Set(kept.map((o) => o.organizationId ?? o.knownId));
  const names = new Set(kept.map((o) => o.name.trim().toLowerCase()));
  return (await getOrgIndex())
    .filter((o) => !ids.has(o.id) && !names.has(o.name.trim().toLowerCase()))
    .map((o) => ({ organizationId: o.id, name: o.name, ruleIds: [] }));
}

class OrgSync {
  started = false;
  /** This hour's pages of spread re-reads are read: the rest waits for the next hourly run. */
  shareRead = false;
  /** Group counts of this part's probes (a group several organizations share is counted once). */
  private readonly counts = new Map<string, number>();
  /** The organizations' one-call counts of this part, against the count their stamp expects. */
  private readonly orgCounts = new Map<string, OrgCount>();
  private hints?: Record<string, string>;
  /**
   * The routine check's period in force: an unchanged organization is read in full again once per
   * FULL_READ_PERIODS of it (domain/org-probe.ts says why).
   */
  private resyncHours?: number;
  private readonly reads: MemberReads;
  /** The organization being read, and the read its pages are kept under. */
  private reading?: { orgId: string; read: OrgRead; carried: boolean };

  constructor(
    private readonly run: RunRecord,
    private readonly ctx: RunContext,
    private readonly jira: JiraClient,
    private readonly deadline: Deadline,
    private readonly rec: OrgSyncRecord,
    /** Action chunks of this part are numbered from here, apart from other parts'. */
    private nextPart: number,
  ) {
    this.reads = new MemberReads(jira, deadline, rec.counts);
  }

  /**
   * The hour's points ran out before these organizations were synced: the one cut off midway
   * keeps its read for the next hourly run, which goes on from its next page; each says so.
   */
  async carryOver(left: OrgTarget[]): Promise<void> {
    const r = this.reading;
    if (r && !r.carried && left.some((t) => t.organizationId === r.orgId))
      await putOrgRead(this.ctx.fence, r.orgId, r.read);
    for (const t of left)
      this.rec.plans.push({
        ...summarise(emptyPlan(t)),
        ...(t.organizationId ? { organizationId: t.organizationId } : {}),
        continuesNextHour: true,
        ...(this.shareRead ? { spread: true } : {}),
      });
    log.info('org.carried', { organizations: left.length, reading: r?.orgId });
  }

  /** Plans and applies one organization; false when time ran out first. */
  async organization(t: OrgTarget): Promise<boolean> {
    this.started = true;
    try {
      if (t.error) throw new Unresolved(t.error);
      const orgId = t.organizationId;
      // The hourly run (change-driven), not a preview, Run now or a full run.
      const hourly = !!this.ctx.selectedAt && !this.run.dryRun;
      // A read an earlier run began and the hour's budget cut off: this sync goes on from it.
      const carried = orgId ? await this.carried(orgId, t.ruleIds, hourly) : undefined;
      // The hourly run (change-driven) leaves an unchanged organization alone: a count per group
      // and one of the organization.
      const probe = hourly && orgId && !carried ? await this.probe(orgId, t.ruleIds) : undefined;
      if (probe && 'unchangedSince' in probe) {
        this.rec.plans.push({
          ...summarise(emptyPlan(t)),
          organizationId: orgId,
          unchangedSince: probe.unchangedSince,
          fullReadHours: probe.fullReadHours,
        });
        log.info('org.unchanged', { organizationId: orgId });
        return true;
      }
      const from = carried ?? {
        readId: this.run.id,
        startedAt: this.run.startedAt ?? this.run.createdAt,
        ...(probe?.reason === 'sweep' ? { spread: true } : {}),
      };
      if (orgId) this.reading = { orgId, read: from, carried: !!carried };
      this.reads.spread(from.spread === true);
      const { wanted, complete, totals } = await this.wanted(t.ruleIds, from.readId);
      const [firstRead, ledger] = orgId
        ? await Promise.all([this.reads.organization(from.readId, orgId), getOrgLedger(orgId)])
        : [{ members: new Set<string>(), at: Date.now() }, []];
      let read = firstRead;
      // Members the app added since the read began (an earlier part or hour) are in by its add.
      for (const e of ledger)
        if (!e.pending && e.addedAt >= from.startedAt) read.members.add(e.accountId);
      // Adds the app sent after the read without knowing Jira's answer (a part cut off): the read
      // cannot say whether they were applied; the pages where those accounts are, read now, can.
      const unanswered = ledger
        .filter((e) => e.pending && Date.parse(e.addedAt) >= read.at)
        .map((e) => e.accountId);
      if (orgId && unanswered.length > 0) read = await this.reads.check(orgId, read, unanswered);
      const plan = planOrganization({
        organizationId: orgId,
        organizationName: t.name,
        wanted,
        members: new Set(read.members),
        ledger,
        // A group that could not be read (deleted, or re-created by the identity provider under
        // a new id) says nothing about who left: nobody is removed until the rule is fixed.
        removeUnwanted: this.ctx.settings.removeUnwanted && complete,
      });
      const summary = summarise(plan);
      if (probe) summary.syncedBecause = probe.reason;
      // A spread re-read is the sweep's, whatever hour it ends in.
      else if (carried) summary.syncedBecause = carried.spread ? 'sweep' : 'continued';
      const applied = !this.run.dryRun && orgId ? await this.apply(orgId, plan, read) : undefined;
      const failed = applied?.error;
      if (applied?.leftAsTheirs) summary.leftAsTheirs = applied.leftAsTheirs;
      if (failed) summary.error = `Organization "${t.name}" was not fully kept in step: ${failed}`;
      this.rec.plans.push(summary);
      if (!this.run.dryRun && orgId) {
        // No rule keeps it and no member of the app's is left in it: the app lets it go.
        const letGo = t.ruleIds.length === 0 && summary.keptByRemovalSetting === 0 && !failed;
        if (letGo) await forgetOrganization(this.ctx.fence, orgId);
        if (letGo) await this.unstamp(orgId);
        else
          await this.stamp(orgId, t.ruleIds, complete && !failed, totals, from.startedAt, applied);
      }
      if (carried && orgId) await dropOrgRead(this.ctx.fence, orgId);
      return true;
    } catch (err) {
      return this.failed(t, err);
    }
  }

  /**
   * The read an earlier run carried to this one, if any. A spread re-read (nothing had
   * announced a change) is dropped when the audit log names one of its groups since it began, or
   * (hourly) the organization's count says someone removed members: pages read before the change
   * would plan from it, so the organization is read again at once.
   */
  private async carried(
    orgId: string,
    ruleIds: string[],
    hourly: boolean,
  ): Promise<OrgRead | undefined> {
    const read = await getOrgRead(orgId);
    if (!read?.spread) return read;
    this.hints ??= await getGroupHints();
    const hints = this.hints;
    const { groupIds } = this.sources(ruleIds);
    const hinted = groupIds.some((g) => hints[g] !== undefined && hints[g] >= read.startedAt);
    if (!hinted && !(hourly && (await this.removedFrom(orgId)))) return read;
    await dropOrgRead(this.ctx.fence, orgId);
    log.info('org.spread-read-dropped', { organizationId: orgId });
    return undefined;
  }

  /** An organization that could not be kept in step: false when a later part does it again. */
  private async failed(t: OrgTarget, err: unknown): Promise<boolean> {
    if (err instanceof HourShareRead) this.shareRead = true;
    // Out of time, or Jira's quota spent: a later part does this organization again.
    if (err instanceof OutOfTime || err instanceof QuotaSpentError) return false;
    if (this.deadline.expired()) return false;
    if (t.ruleIds.length === 0 && t.organizationId && isNotFound(err))
      return this.gone(t.organizationId, t.name);
    const error =
      err instanceof Unresolved
        ? `Organization "${t.name}" could not be checked: ${err.message} Its members were left as they are.`
        : `Organization "${t.name}" could not be kept in step: ${errorMessage(err)}`;
    this.rec.counts.errors++;
    this.rec.counts.failedReads = (this.rec.counts.failedReads ?? 0) + 1;
    this.rec.plans.push({ ...summarise(emptyPlan(t)), error });
    if (!this.run.dryRun && t.organizationId) await this.unstamp(t.organizationId);
    // Read again from the start next time: what failed may have been the read itself.
    if (t.organizationId && (await getOrgRead(t.organizationId)))
      await dropOrgRead(this.ctx.fence, t.organizationId);
    // Listed with the run's other errors, so that the count and the list agree.
    const action = this.action('org', t.organizationId, t.name, 0, error);
    await this.record(this.run.dryRun ? [] : [action], [
      this.audit('org-failed', t.organizationId, error, t.ruleIds[0]),
    ]);
    log.warn('org.failed', { organizationId: t.organizationId });
    return true;
  }

  /**
   * An organization no rule keeps that Jira no longer has (deleted by a person): nothing is left
   * to remove, so the app forgets it rather than fail on it every hour.
   */
  private async gone(orgId: string, name: string): Promise<true> {
    const summary: OrgPlanSummary = { ...summarise(emptyPlan({ name })), organizationId: orgId };
    if (this.run.dryRun) {
      this.rec.plans.push(summary);
      return true;
    }
    const entries = await dropOrganization(this.ctx.fence, orgId);
    await this.unstamp(orgId);
    this.rec.plans.push(summary);
    await this.record(
      [],
      [
        this.audit(
          'org-forgotten',
          orgId,
          `Organization "${name}" no longer exists in Jira and no rule keeps it: the app forgot it and the ${count(entries, 'member')} it had added to it.`,
        ),
      ],
    );
    log.info('org.forgotten', { organizationId: orgId, entries });
    return true;
  }

  /**
   * The rules that keep the organization and the groups they read members from (guard rails
   * apply); `complete` is false when a group is gone.
   */
  private sources(ruleIds: string[]) {
    const rules: { id: string; version: number; groupIds: string[] }[] = [];
    let complete = true;
    for (const rule of this.ctx.rules.filter(
      (r) => ruleIds.includes(r.id) && keepsOrganization(r),
    )) {
      const groupIds: string[] = [];
      for (const groupId of rule.groupIds) {
        const group = this.ctx.groups[groupId];
        if (!group) {
          complete = false; // deleted: the rule's role part reports it
          continue;
        }
        // The planner's refusal, group by group: a refused group's members are not added, and
        // members the app added for it alone are removed (the organization's groups changed).
        if (!runRefusal(group, this.ctx.productAccess?.[groupId])) groupIds.push(groupId);
      }
      rules.push({ id: rule.id, version: rule.version, groupIds });
    }
    return { rules, complete, groupIds: [...new Set(rules.flatMap((r) => r.groupIds))] };
  }

  /** accountId -> rules, from the active members of the rules' groups, and each group's total. */
  private async wanted(ruleIds: string[], readId: string) {
    const wanted = new Map<string, string[]>();
    const totals: Record<string, number | undefined> = {};
    const { rules, complete } = this.sources(ruleIds);
    for (const rule of rules)
      for (const groupId of rule.groupIds) {
        const read = await this.reads.group(readId, groupId);
        totals[groupId] = read.total;
        for (const id of read.ids) wanted.set(id, [...(wanted.get(id) ?? []), rule.id]);
      }
    return { wanted, complete, totals };
  }

  /**
   * Whether the organization changed since its last full sync: rule versions, the removal
   * setting, the audit log's hints and the sweep's age first (no call), then one count per group.
   */
  private async probe(
    orgId: string,
    ruleIds: string[],
  ): Promise<{ reason: OrgSyncReason } | { unchangedSince: string; fullReadHours: number }> {
    const { rules, complete, groupIds } = this.sources(ruleIds);
    if (!complete) return { reason: 'group-changed' };
    this.hints ??= await getGroupHints();
    const sweepHours = (this.resyncHours ??= await sweepPeriodNow(this.ctx.settings));
    const stamp = await getOrgStamp(orgId);
    const reason = syncDueBeforeCount(stamp, {
      rules: Object.fromEntries(rules.map((r) => [r.id, r.version])),
      groupIds,
      removeUnwanted: this.ctx.settings.removeUnwanted,
      hints: this.hints,
      now: new Date(),
      sweepHours,
    });
    // The routine re-read is spread over hours; a removal someone made is read at once.
    if (reason === 'sweep' && (await this.removedFrom(orgId, stamp)))
      return { reason: 'org-members-removed' };
    if (reason || !stamp) return { reason: reason ?? 'not-synced-before' };
    const totals: Record<string, number> = {};
    for (const g of groupIds) totals[g] = await this.count(g);
    if (countsChanged(stamp, totals)) return { reason: 'members-changed' };
    if (stamp.members !== undefined) {
      const answer = await this.orgCount(orgId, stamp.members);
      if (answer === 'fewer') return { reason: 'org-members-removed' };
      // People added members: theirs, which the app never needs to read; the stamp follows.
      if (answer === 'more' && (await this.countAdded(orgId, stamp)) === 'shrank')
        return { reason: 'org-members-removed' };
    }
    return { unchangedSince: stamp.at, fullReadHours: fullReadHours(stamp, sweepHours) };
  }

  /** Whether the organization has fewer members than its last sync left (someone removed some). */
  private async removedFrom(orgId: string, stamp?: OrgSyncStamp): Promise<boolean> {
    const members = (stamp ?? (await getOrgStamp(orgId)))?.members;
    return members !== undefined && (await this.orgCount(orgId, members)) === 'fewer';
  }

  /**
   * The organization against the `n` members its stamp expects: one member read from n - 1
   * (3 points), once per part.
   */
  private async orgCount(orgId: string, n: number): Promise<OrgCount> {
    const known = this.orgCounts.get(`${orgId}:${n}`);
    if (known) return known;
    const answer = await this.compare(orgId, n);
    this.orgCounts.set(`${orgId}:${n}`, answer);
    return answer;
  }

  /** One member read from n - 1: fewer than n members, n, or more. */
  private async compare(orgId: string, n: number): Promise<OrgCount> {
    if (this.deadline.expired()) throw new OutOfTime();
    const page = await organizationMembersPage(this.jira, orgId, countStart(n), 1);
    this.rec.counts.memberReads += page.accountIds.length;
    return countAnswer(n, { present: page.accountIds.length > 0, isLast: page.isLast });
  }

  /**
   * Someone added members since the stamp: finds how many there are now with a few more one-call
   * counts and writes it into the stamp, so that the next hours compare with it. 'shrank' when a
   * count fell below what an earlier one proved: someone removed members meanwhile. A search cut
   * short by MAX_COUNT_CALLS keeps the least count it proved (the next hour goes on from there).
   */
  private async countAdded(orgId: string, stamp: OrgSyncStamp): Promise<'shrank' | undefined> {
    let search = countSearch(stamp.members ?? 0);
    let members: number | undefined;
    for (let calls = 0; members === undefined; calls++) {
      const next = nextGuess(search);
      if (next === 'shrank') return 'shrank';
      if ('found' in next) members = next.found;
      else if (calls >= MAX_COUNT_CALLS) members = search.lo;
      else search = narrow(search, next.guess, await this.compare(orgId, next.guess));
    }
    await putOrgStamp(this.ctx.fence, orgId, { ...stamp, members });
    log.info('org.count-grew', { organizationId: orgId, from: stamp.members, to: members });
    return undefined;
  }

  /** A group's active members as Jira counts them: one call for one member, once per run. */
  private async count(groupId: string): Promise<number> {
    const known = this.counts.get(groupId);
    if (known !== undefined) return known;
    if (this.deadline.expired()) throw new OutOfTime();
    const page = await groupMembersPage(this.jira, groupId, { startAt: 0, maxResults: 1 });
    this.rec.counts.memberReads += page.members.length;
    // Without a total (Jira always sends one here) the count can prove nothing: -1 never matches.
    const total = page.total ?? -1;
    this.counts.set(groupId, total);
    return total;
  }

  /**
   * After a full sync: what it was made from, so the next hourly runs can leave the organization
   * alone. A sync that failed, or could not read every group, leaves none (next hour syncs).
   */
  private async stamp(
    orgId: string,
    ruleIds: string[],
    ok: boolean,
    totals: Record<string, number | undefined>,
    /** When the read it was synced from began: a change after that may be unread. */
    at: string,
    applied?: { members?: number },
  ): Promise<void> {
    const { rules, groupIds } = this.sources(ruleIds);
    const groups: Record<string, number> = {};
    for (const g of groupIds) if (totals[g] !== undefined) groups[g] = totals[g];
    if (!ok || Object.keys(groups).length !== groupIds.length) return this.unstamp(orgId);
    const stamp: OrgSyncStamp = {
      rules: Object.fromEntries(rules.map((r) => [r.id, r.version])),
      groups,
      removeUnwanted: this.ctx.settings.removeUnwanted,
      ...(applied?.members !== undefined ? { members: applied.members } : {}),
      at,
      runId: this.run.id,
    };
    await putOrgStamp(this.ctx.fence, orgId, stamp);
  }

  /** Drops the organization's stamp, if it has one (a read spares a needless write). */
  private async unstamp(orgId: string): Promise<void> {
    if (await getOrgStamp(orgId)) await dropOrgStamp(this.ctx.fence, orgId);
  }

  /**
   * Applies the plan from the read it was made from; answers the first failure's message, how
   * many members the app found already there, added by someone else, and how many members the
   * organization has as the sync leaves it (the read, brought up to date by the checks, with the
   * adds and removals Jira confirmed): the next hours' count compares with it.
   */
  private async apply(
    orgId: string,
    plan: OrgPlan,
    read: MemberRead,
  ): Promise<{ error?: string; leftAsTheirs: number; members: number }> {
    let firstError: string | undefined;
    const { fence } = this.ctx;
    const name = plan.organizationName;
    // In accountId order, JSM's: a batch's accounts then sit on few pages (a check reads those).
    const adds = plan.actions
      .filter((a) => a.kind === 'add')
      .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
    const removals = plan.actions.filter((a) => a.kind === 'remove');
    // Pending entries of members present now: Jira never confirmed the app's add, so they are
    // a person's. Said before any write, so a later failure does not hide it.
    if (plan.unproven.length > 0) {
      await deleteOrgEntries(fence, orgId, plan.unproven);
      await this.leftAsTheirs(orgId, name, plan.unproven, 'unconfirmed');
    }
    let leftAsTheirs = plan.unproven.length;
    if (adds.length > 0) await rememberOrganization(fence, orgId, name);
    for (const planned of batches(adds, MEMBER_BATCH)) {
      if (this.deadline.expired()) throw new OutOfTime();
      if (Date.now() - read.at > MEMBER_READ_FRESH_MS)
        read = await this.reads.check(
          orgId,
          read,
          planned.map((a) => a.accountId),
        );
      const added = await this.addBatch(orgId, name, planned, read);
      leftAsTheirs += added.leftAsTheirs;
      firstError ??= added.error;
    }
    for (const batch of batches(removals, MEMBER_BATCH)) {
      if (this.deadline.expired()) throw new OutOfTime();
      // Called before ??=, which would skip the call once an error is set.
      const error = await this.removeBatch(orgId, name, batch);
      firstError ??= error;
      if (!error) for (const a of batch) read.members.delete(a.accountId);
    }
    if (plan.forget.length > 0) await deleteOrgEntries(fence, orgId, plan.forget);
    return {
      ...(firstError ? { error: firstError } : {}),
      leftAsTheirs,
      members: read.members.size,
    };
  }

  /**
   * One batch of adds: members someone added since the read are left as theirs; the rest are
   * written ahead as pending, added, and settled from Jira's answer. Answers the error, if any.
   */
  private async addBatch(
    orgId: string,
    name: string,
    planned: OrgPlan['actions'],
    read: MemberRead,
  ): Promise<{ error?: string; leftAsTheirs: number }> {
    const { fence } = this.ctx;
    // Someone added these since the plan's read: theirs (an entry the app had is stale).
    const there = planned.filter((a) => read.members.has(a.accountId)).map((a) => a.accountId);
    if (there.length > 0) {
      await deleteOrgEntries(fence, orgId, there);
      await this.leftAsTheirs(orgId, name, there, 'since-read');
    }
    const batch = planned.filter((a) => !read.members.has(a.accountId));
    if (batch.length === 0) return { leftAsTheirs: there.length };
    const ids = batch.map((a) => a.accountId);
    const entries = batch.map((a) => ({
      organizationId: orgId,
      accountId: a.accountId,
      ruleIds: a.ruleIds,
      addedAt: new Date().toISOString(),
      runId: this.run.id,
    }));
    // Written ahead, pending: a run cut off after Jira's answer finds them at the next sync.
    await putOrgEntries(
      fence,
      entries.map((e) => ({ ...e, pending: true })),
    );
    const outcome = await this.add(orgId, ids);
    if (outcome.quota) {
      // Refused for the hour's points, not applied: rolled back before the run pauses; a later
      // part plans this organization again from a fresh read (never this stale plan).
      await deleteOrgEntries(fence, orgId, ids);
      throw outcome.quota;
    }
    if (!outcome.error) {
      // Absent at the read just before, and added by the app's own call: the app's.
      await putOrgEntries(fence, entries);
      for (const id of ids) read.members.add(id);
      this.rec.counts.orgAdds += ids.length;
    } else {
      this.rec.counts.errors++;
      if (outcome.refused) await deleteOrgEntries(fence, orgId, ids);
    }
    await this.record(
      [this.action('org-add', orgId, name, ids.length, outcome.error)],
      !outcome.error
        ? batch.map((a) => ({
            ...this.audit(
              'org-member-added',
              orgId,
              `Added a member of the rule's groups to organization "${name}"${a.drift ? ' (someone had removed them since the app added them)' : ''}.`,
              a.ruleIds[0],
            ),
            accountId: a.accountId,
          }))
        : [
            this.audit(
              'org-failed',
              orgId,
              outcome.refused
                ? `Could not add ${count(ids.length, 'member')} to organization "${name}": ${outcome.error} Jira added none of them; the next sync tries again.`
                : `Could not add ${count(ids.length, 'member')} to organization "${name}": ${outcome.error} Jira may have added them or not; the next sync looks: any it finds in the organization are left as someone else's, never removed by the app.`,
              batch[0].ruleIds[0],
            ),
          ],
    );
    return { ...(outcome.error ? { error: outcome.error } : {}), leftAsTheirs: there.length };
  }

  /** One batch of removals of members the app added; answers the error, if any. */
  private async removeBatch(
    orgId: string,
    name: string,
    batch: OrgPlan['actions'],
  ): Promise<string | undefined> {
    const { fence } = this.ctx;
    const ids = batch.map((a) => a.accountId);
    const error = await this.call(() => changeOrganizationMembers(this.jira, orgId, 'remove', ids));
    if (!error) {
      await deleteOrgEntries(fence, orgId, ids);
      this.rec.counts.orgRemovals += ids.length;
    }
    await this.record(
      [this.action('org-remove', orgId, name, ids.length, error)],
      error
        ? [
            this.audit(
              'org-failed',
              orgId,
              `Could not remove ${count(ids.length, 'member')} from organization "${name}": ${error}`,
            ),
          ]
        : batch.map((a) => ({
            ...this.audit(
              'org-member-removed',
              orgId,
              `Removed a member the app had added from organization "${name}": no enabled rule's group holds them any more.`,
              a.ruleIds[0],
            ),
            accountId: a.accountId,
          })),
    );
    return error;
  }

  /**
   * One add batch: no error; or refused (Jira did not apply it: a 429, any 4xx, or a call never
   * sent, as when the hour's points are spent); or neither (a 5xx or no answer: maybe applied).
   */
  private async add(
    orgId: string,
    ids: string[],
  ): Promise<{ error?: string; refused?: boolean; quota?: QuotaSpentError }> {
    try {
      await changeOrganizationMembers(this.jira, orgId, 'add', ids);
      return {};
    } catch (err) {
      return {
        error: errorMessage(err),
        refused: notApplied(err),
        ...(err instanceof QuotaSpentError ? { quota: err } : {}),
      };
    }
  }

  /** Audits members found in the organization without proof the app added them. */
  private async leftAsTheirs(
    orgId: string,
    name: string,
    accountIds: string[],
    why: 'unconfirmed' | 'since-read',
  ): Promise<void> {
    const members = count(accountIds.length, 'member');
    const summary =
      why === 'unconfirmed'
        ? `${members} in organization "${name}", not added by this app: Jira never confirmed the app's earlier add, so they are left as someone else's; the app never removes them.`
        : `${members} ${accountIds.length === 1 ? 'was' : 'were'} already in organization "${name}", added by someone else after the app read it: left as theirs; the app never removes them.`;
    log.info('org.left-as-theirs', { organizationId: orgId, members: accountIds.length, why });
    await this.record(
      [],
      accountIds.map((accountId) => ({
        ...this.audit('org-member-kept', orgId, summary),
        accountId,
      })),
    );
  }

  /** Runs a removal; answers Jira's error message, or undefined when it worked. */
  private async call(work: () => Promise<void>): Promise<string | undefined> {
    try {
      await work();
      return undefined;
    } catch (err) {
      if (err instanceof QuotaSpentError) throw err;
      this.rec.counts.errors++;
      return errorMessage(err);
    }
  }

  private action(
    kind: ActionResult['kind'],
    orgId: string | undefined,
    name: string,
    members: number,
    error?: string,
  ): ActionResult {
    return {
      projectKey: '',
      kind,
      ...(orgId ? { organizationId: orgId } : {}),
      organizationName: name,
      ...(members ? { members } : {}),
      ok: !error,
      ...(error ? { error } : {}),
      at: new Date().toISOString(),
    };
  }

  private audit(
    kind: AuditInput['kind'],
    organizationId: string | undefined,
    message: string,
    ruleId?: string,
  ): AuditInput {
    return {
      kind,
      actor: this.run.startedBy,
      runId: this.run.id,
      ...(organizationId ? { organizationId } : {}),
      ...(ruleId ? { ruleId } : {}),
      message,
    };
  }

  private async record(actions: ActionResult[], audit: AuditInput[]): Promise<void> {
    await appendAudit(audit);
    if (actions.length > 0)
      await putBatchActions(
        this.run.id,
        { index: ORG_ACTIONS_INDEX, part: this.nextPart++ },
        actions,
      );
  }
}

/** A rule's organization that Jira could not be asked about when the run started. */
class Unresolved extends Error {}

/**
 * Jira did not apply the call: it refused it (a 429 of either kind, any 4xx) or the client never
 * sent it (the hour's points spent: QuotaSpentError, a 429 too). A 5xx or no answer (status 0)
 * may hide an applied write.
 */
function notApplied(err: unknown): boolean {
  return err instanceof JiraError && err.status >= 400 && err.status < 500;
}

const isNotFound = (err: unknown) => err instanceof JiraError && err.status === 404;

function summarise(plan: OrgPlan): OrgPlanSummary {
  const adds = plan.actions.filter((a) => a.kind === 'add');
  return {
    ...(plan.organizationId ? { organizationId: plan.organizationId } : {}),
    organizationName: plan.organizationName,
    ...(plan.create ? { create: true } : {}),
    adds: adds.length,
    removals: plan.actions.length - adds.length,
    drift: adds.filter((a) => a.drift).length,
    keptByRemovalSetting: plan.keptByRemovalSetting,
    manualMembers: plan.manualMembers,
    ...(plan.unproven.length > 0 ? { leftAsTheirs: plan.unproven.length } : {}),
  };
}

function emptyPlan(t: Pick<OrgTarget, 'name'>): OrgPlan {
  return {
    organizationName: t.name,
    actions: [],
    keptByRemovalSetting: 0,
    manualMembers: 0,
    forget: [],
    unproven: [],
  };
}
