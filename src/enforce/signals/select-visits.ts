// Which projects an hourly run visits: the dirty ones (change signals) and the rolling sweep's
// slice, each with why. Nothing here writes what it decided: the run records its pages first,
// then `commitSelection` moves the sweep on, so a run that fails to start leaves every signal
// for the next hour; a signal is forgotten only once the visit that answers it is done.
import { judgeWrites, nextTrust, type OwnWrite, type Verdict } from '../../domain/audit-trust';
import { type KeptNames, knownRuleGroupNames, namesToKeep } from '../../domain/role-change-concern';
import type {
  Group,
  Project,
  ProjectScope,
  Rule,
  Settings,
  VisitReason,
} from '../../domain/schemas';
import { ruleCoversProject } from '../../domain/scope';
import {
  nextSweepPeriod,
  periodAuditSentence,
  periodInForce,
  periodReason,
  type SweepPeriod,
} from '../../domain/sweep-period';
import type { JiraClient } from '../../jira/client';
import {
  listServiceProjectsPage,
  MAX_PROJECT_PAGE,
  searchProjectsByRefs,
} from '../../jira/projects';
import { getAppAccountId } from '../../jira/users';
import { log, logError } from '../../log';
import { appendAudit } from '../../store/audit';
import { forgetExpectation, listExpectations } from '../../store/audit-expectations';
import {
  type DirtyMark,
  getFullRunMark,
  listDirty,
  listScopeMarks,
  markDirty,
  markFullRun,
} from '../../store/dirty-projects';
import { deleteValue } from '../../store/kv';
import { getProjectLedger } from '../../store/ledger';
import { addGroupHints } from '../../store/org-stamps';
import { getRun } from '../../store/runs';
import { getKnownGroupNames } from '../../store/settings';
import {
  type AuditSignals,
  getAuditSignals,
  getFullVerified,
  getKeptGroupNames,
  getSweepMiss,
  getSweepState,
  KEPT_GROUP_NAMES,
  putAuditSignals,
  putKeptGroupNames,
  putSweepState,
  type SweepState,
} from '../../store/sweep';
import { recordSweptSlice, type SweptSlice } from '../../store/sweep-listing';
import {
  type AuditSignalsRead,
  CHECKPOINT_OVERLAP_MS,
  type QuietFacts,
  readAuditSignals,
} from './audit-signals';
import { forgetProject } from './forget-project';
import { passOverVerified } from './sweep-verified';

/** A slice reads this many projects before its cursor first: projects deleted meanwhile shift it. */
const SWEEP_OVERLAP = 5;

export type Selection =
  | { full: true; reason: string }
  | {
      full: false;
      projects: Project[];
      selectedAt: string;
      sweepNext: SweepState;
      /** Marks of projects that no longer exist. */
      forget: string[];
      /** The rule-change marks these visits answer: forgotten once the run visited them all. */
      scopeMarks: string[];
      /** The sweep's period changed this hour: the audit log says why. */
      periodChanged?: SweepPeriod;
      /** The routine check's slice as listed, journalled for Health (store/sweep-listing.ts). */
      swept: SweptSlice;
      calls: number;
    };

/** The projects the signals name, by id and by key: those already read, and the others found. */
async function resolveSignalled(
  jira: JiraClient,
  dirty: Awaited<ReturnType<typeof listDirty>>,
  known: Project[],
) {
  let calls = 0;
  const byId = new Map(known.map((p) => [p.id, p]));
  const byKey = new Map(known.map((p) => [p.key, p]));
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const m of dirty) {
    const ref = m.ref.slice(1);
    if (m.ref.startsWith('i') && !byId.has(ref)) ids.add(ref);
    if (m.ref.startsWith('k') && !byKey.has(ref)) keys.add(ref);
  }
  if (ids.size + keys.size > 0) {
    const found = await searchProjectsByRefs(jira, { ids: [...ids], keys: [...keys] });
    calls = Math.ceil(ids.size / 50) + Math.ceil(keys.size / 50);
    for (const p of found) {
      byId.set(p.id, p);
      byKey.set(p.key, p);
    }
  }
  return { byId, byKey, calls };
}

export async function selectVisits(
  jira: JiraClient,
  {
    rules,
    settings,
    groups,
  }: {
    rules: Rule[];
    settings: Settings;
    /** The enabled rules' groups that exist, by groupId, as the run read them at its start. */
    groups: Record<string, Group>;
  },
  now = new Date(),
): Promise<Selection> {
  const [fullMark, sweep, fullVerified] = await Promise.all([
    getFullRunMark(),
    getSweepState(),
    getFullVerified(),
  ]);
  if (fullMark) return { full: true, reason: fullMark.reason };
  if (!sweep && !fullVerified) return { full: true, reason: 'first-run' };

  const audit = await readAudit(jira, rules, groups, now, fullVerified?.startedAt);
  if (audit.fullRun) return { full: true, reason: 'group-deleted' };
  let calls = audit.calls;

  const [dirty, scopeMarks] = await Promise.all([listDirty(), listScopeMarks()]);
  const state = sweep ?? {
    cursor: 0,
    total: 0,
    cycleStartedAt: now.toISOString(),
    ...(fullVerified ? { completedCycleStartedAt: fullVerified.startedAt } : {}),
  };
  const claim = await claimEndedCycle(state, dirty);
  const { slice, period, changed } = await sweepWithPeriod(jira, claim, settings, audit.state, now);
  calls += slice.calls;
  // The slice's place moves over them all; those a run verified this cycle need no visit.
  const swept = await passOverVerified(slice.projects, claim.state.cycleStartedAt);

  const scopes = scopeMarks.flatMap((m) => m.value.scopes);
  const inScope = await projectsInScopes(jira, scopes);
  calls += inScope.calls;

  // Signals name projects by id or key: resolve what the sweep and scopes did not already read.
  const { byId, byKey, ...resolved } = await resolveSignalled(jira, dirty, [
    ...slice.projects,
    ...inScope.projects,
  ]);
  calls += resolved.calls;

  const { projects, forget } = mergeVisits(dirty, { byId, byKey }, [
    [inScope.projects, 'rule-changed'],
    [swept.visit, 'sweep'],
  ]);
  log.info('run.selected', {
    projects: projects.length,
    dirty: dirty.length,
    sweep: swept.visit.length,
    sweepVerified: swept.verified.length,
    ruleChanged: inScope.projects.length,
    sweepHours: period,
    ...(changed ? { sweepPeriodChanged: `${changed.hours}h ${changed.why}` } : {}),
    calls,
  });
  return {
    full: false,
    projects,
    selectedAt: now.toISOString(),
    sweepNext: withPassedOver(slice.next, claim.state, swept.verified.length),
    forget,
    scopeMarks: scopeMarks.map((m) => m.key),
    ...(changed ? { periodChanged: changed } : {}),
    swept: sweptSlice(claim.state, slice),
    calls,
  };
}

/**
 * One visit per project, with every reason: the marks' projects (a mark whose project is gone is
 * answered for forgetting: nothing to write there), then the other lists with their reason.
 */
function mergeVisits(
  dirty: DirtyMark[],
  found: { byId: Map<string, Project>; byKey: Map<string, Project> },
  lists: [Project[], VisitReason][],
): { projects: Project[]; forget: string[] } {
  const visits = new Map<string, { project: Project; reasons: Set<VisitReason> }>();
  const visit = (p: Project, reason: VisitReason) => {
    const v = visits.get(p.id) ?? { project: p, reasons: new Set<VisitReason>() };
    v.reasons.add(reason);
    visits.set(p.id, v);
  };
  const forget: string[] = [];
  for (const m of dirty) {
    const ref = m.ref.slice(1);
    const p = m.ref.startsWith('i') ? found.byId.get(ref) : found.byKey.get(ref);
    if (p) visit(p, m.reason);
    else forget.push(dirtyKeyOf(m));
  }
  for (const [projects, reason] of lists) for (const p of projects) visit(p, reason);
  const projects = [...visits.values()].map(({ project, reasons }) => ({
    ...project,
    visit: [...reasons].sort(),
  }));
  return { projects, forget };
}

/** The slice as listed (every project of its id range), for the journal Health renews from. */
function sweptSlice(
  state: SweepState,
  slice: { projects: Project[]; next: SweepState },
): SweptSlice {
  return {
    cycleStartedAt: state.cycleStartedAt,
    ...(state.lastId !== undefined ? { afterId: state.lastId } : {}),
    projects: slice.projects,
    ended: slice.next.cycleEnded?.cycleStartedAt === state.cycleStartedAt,
  };
}

/**
 * This hour's slice and the sweep's period: a miss or a log that cannot be trusted shortens the
 * period from this slice on; a cycle this slice completes lengthens it from the next hour.
 */
async function sweepWithPeriod(
  jira: JiraClient,
  { state, claimed }: { state: SweepState; claimed?: string },
  settings: Settings,
  audit: AuditSignals | undefined,
  now: Date,
) {
  const miss = await getSweepMiss();
  const evidence = { now, audit, ...(miss ? { miss } : {}) };
  const shortened = nextSweepPeriod(state.period, evidence);
  const period = periodInForce(settings, shortened, audit);
  const slice = await sweepSlice(jira, state, period, now);
  // A cycle claimed this hour is the evidence for a longer period, which is in force from the
  // cycle that began as the claimed one ended (that cycle is then the next step's evidence).
  const lengthened = claimed
    ? nextSweepPeriod(shortened, { ...evidence, cycleCompletedFrom: claimed })
    : shortened;
  const next =
    lengthened !== shortened && lengthened.why === 'lengthened'
      ? { ...lengthened, since: minIso(lengthened.since, state.cycleStartedAt) }
      : lengthened;
  // The first period is what the app always had: only a change of it is worth an entry.
  const changed =
    next.why !== 'first' && (next.hours !== state.period?.hours || next.why !== state.period.why)
      ? next
      : undefined;
  return { slice: { ...slice, next: { ...slice.next, period: next } }, period, changed };
}

const minIso = (a: string, b: string) => (a < b ? a : b);

/** The cycle's count of projects passed over, with this slice's (a new cycle counts from none). */
function withPassedOver(next: SweepState, state: SweepState, passed: number): SweepState {
  if (next.cycleStartedAt !== state.cycleStartedAt) return next;
  const passedOver = (state.passedOver ?? 0) + passed;
  return passedOver ? { ...next, passedOver } : next;
}

/**
 * A cycle whose last slice an earlier run visited is claimed complete once that run has ended
 * and no sweep visit is owed (a failed one is marked and visited again first). A run that failed
 * as a whole proves nothing of its slice: its cycle is never claimed.
 */
async function claimEndedCycle(
  state: SweepState,
  dirty: DirtyMark[],
): Promise<{ state: SweepState; claimed?: string }> {
  const ended = state.cycleEnded;
  if (!ended) return { state };
  const { cycleEnded: _, ...rest } = state;
  const run = ended.runId ? await getRun(ended.runId) : undefined;
  if (!run || run.status === 'failed') return { state: rest };
  const over = run.status === 'succeeded' || run.status === 'partly-failed';
  if (!over || dirty.some((m) => m.reason === 'sweep')) return { state };
  const claimed = ended.cycleStartedAt;
  return { state: { ...rest, completedCycleStartedAt: claimed }, claimed };
}

/**
 * After the run recorded what it visits: move the sweep on, drop the marks of projects that are
 * gone. The marks the visits answer stay until they are done (process-batch.ts, finalize-run.ts).
 */
export async function commitSelection(
  s: Extract<Selection, { full: false }>,
  runId: string,
): Promise<void> {
  const { cycleEnded } = s.sweepNext;
  await putSweepState(
    cycleEnded && !cycleEnded.runId
      ? { ...s.sweepNext, cycleEnded: { ...cycleEnded, runId } }
      : s.sweepNext,
  );
  await recordSweptSlice(s.swept, new Date(s.selectedAt));
  for (const key of s.forget) await deleteValue(key);
  if (s.periodChanged)
    await appendAudit([
      {
        kind: 'sweep-period-changed',
        actor: 'app',
        message: periodReason(s.periodChanged),
        sentence: periodAuditSentence(s.periodChanged),
      },
    ]);
}

const dirtyKeyOf = (m: DirtyMark) => `dirty:${m.ref}:${m.reason}`;

/**
 * Reads the audit log since its checkpoint, marks what changed, judges the app's expected own
 * changes, then moves the checkpoint (after the marks are written: a crash in between re-reads,
 * which is harmless). Answers the calls made, the log's state, and whether a rule's group was
 * deleted (a full run).
 */
async function readAudit(
  jira: JiraClient,
  rules: Rule[],
  groups: Record<string, Group>,
  now: Date,
  fullRunStartedAt: string | undefined,
): Promise<{ calls: number; fullRun?: true; state?: AuditSignals }> {
  const previous = await getAuditSignals();
  const until = now.toISOString();
  let calls = 0;
  let appAccountId = previous?.appAccountId;
  if (!appAccountId) {
    calls++;
    // Without it the app's own writes would look like people's: read the log next hour.
    appAccountId = await getAppAccountId(jira).catch((err: unknown) => {
      logError('audit-log.no-app-account', err);
      return undefined;
    });
    if (!appAccountId) return { calls, ...(previous ? { state: previous } : {}) };
  }
  // First read: from the start of the full run that came before (it may have visited a project
  // before someone changed it).
  const since = previous?.checkpoint ?? fullRunStartedAt ?? until;
  const ruleGroupIds = new Set(rules.filter((r) => r.enabled).flatMap((r) => r.groupIds));
  const seen = new Set(previous?.recent ?? []);
  const quiet = await quietFacts(rules, groups);
  const read = await readAuditSignals(jira, {
    since,
    until,
    appAccountId,
    ruleGroupIds,
    seen,
    quiet: quiet.facts,
  });
  calls += read.calls;
  const missing = previous?.ownChangesMissing;
  if (!read.readable) {
    log.warn('audit-log.unreadable', { status: read.status });
    const state: AuditSignals = {
      ...(previous?.checkpoint ? { checkpoint: previous.checkpoint } : {}),
      recent: previous?.recent ?? [],
      appAccountId,
      readable: false,
      checkedAt: until,
      message: read.message,
      status: read.status,
      ...(missing ? { ownChangesMissing: missing } : {}),
    };
    await putAuditSignals(state);
    return { calls, state };
  }
  await markDirty(read.changed, 'changed-in-jira', now);
  await markDirty(read.created, 'new-project', now);
  // After the marks: a project changed and then deleted within the hour leaves none.
  for (const p of read.deleted) await forgetProject(p);
  if (read.fullRun) await markFullRun('audit-log', now);
  await addGroupHints(read.groupHints, ruleGroupIds);
  await quiet.keep(read);

  const judged = await judgeExpectations(read, until);
  const ownChangesMissing = nextTrust(missing, judged, until);
  const state: AuditSignals = {
    checkpoint: until,
    recent: read.recent,
    appAccountId,
    readable: true,
    checkedAt: until,
    ...(ownChangesMissing ? { ownChangesMissing } : {}),
  };
  await putAuditSignals(state);
  // After the state: a crash in between judges them again (or finds them out of the window).
  for (const j of judged) if (j.verdict !== 'pending') await forgetExpectation(j.key);
  if (ownChangesMissing && !missing)
    log.warn('audit-log.own-changes-missing', { ...ownChangesMissing });
  if (missing && !ownChangesMissing) log.info('audit-log.own-changes-found', {});
  log.info('audit-log.read', {
    records: read.records,
    changed: read.changed.length,
    quiet: read.quiet,
    created: read.created.length,
    deleted: read.deleted.length,
    groupHints: Object.keys(read.groupHints).length,
    expectations: judged.map((j) => j.verdict).join(','),
  });
  return { calls, state, ...(read.fullRun ? { fullRun: true as const } : {}) };
}

/**
 * What tells a person's role change that cannot concern the app: the names of every rule's group
 * (read at the run's start, no call of its own; a disabled rule's kept from an earlier read,
 * else from its rule's save) and the project's ledger. `keep` writes the names for the next
 * read, when they changed.
 */
async function quietFacts(rules: Rule[], groups: Record<string, Group>) {
  const allRuleGroupIds = new Set(rules.flatMap((r) => r.groupIds));
  const { stored, kept } = await keptGroupNames(allRuleGroupIds, groups);
  const facts: QuietFacts = {
    ruleGroupNames: knownRuleGroupNames(allRuleGroupIds, groups, kept),
    allRuleGroupIds,
    ledgerOf: getProjectLedger,
  };
  const keep = async (read: { renamed: string[]; complete: boolean }) => {
    const next = namesToKeep(allRuleGroupIds, groups, kept, read, KEPT_GROUP_NAMES);
    if (!sameNames(next, stored)) await putKeptGroupNames(next);
  };
  return { facts, keep };
}

/**
 * The names kept from the last read, and for a group the reads never kept (a rule saved
 * disabled), the one it had when its rule was saved: a rename since is in the records read after
 * the save, which then keep null for it.
 */
async function keptGroupNames(
  groupIds: Set<string>,
  groups: Record<string, Group>,
): Promise<{ stored: KeptNames; kept: KeptNames }> {
  const stored = await getKeptGroupNames();
  if (knownRuleGroupNames(groupIds, groups, stored)) return { stored, kept: stored };
  return { stored, kept: { ...(await getKnownGroupNames()), ...stored } };
}

const sameNames = (a: KeptNames, b: KeptNames) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => b[k] === v);

/** How long before Jira's answer its record of a write may be stamped (the call itself). */
const CALL_MS = 60_000;

/** The verdict of this read on each run's expected own changes. */
async function judgeExpectations(
  read: Extract<AuditSignalsRead, { readable: true }>,
  until: string,
): Promise<{ key: string; writes: OwnWrite[]; verdict: Verdict }[]> {
  const window = {
    from: read.from,
    until,
    complete: read.complete,
    lateMs: CHECKPOINT_OVERLAP_MS,
    callMs: CALL_MS,
  };
  return (await listExpectations()).map(({ key, value }) => ({
    key,
    writes: value.writes,
    verdict: judgeWrites(value.writes, read.own, window),
  }));
}

/**
 * The next slice of service projects in id order, sized so that a cycle over all of them takes
 * `sweepHours` hourly runs. A new project's id is higher than every other, so creations never
 * move the slice's place; deletions before it move it back, so the slice starts a little before
 * its cursor and, when even the first project there comes after the last one verified, looks
 * further back until it finds its place (or the first project). Answers the projects, the state
 * after it, and the calls made.
 */
async function sweepSlice(
  jira: JiraClient,
  state: SweepState,
  sweepHours: number,
  now: Date,
): Promise<{ projects: Project[]; next: SweepState; calls: number }> {
  const projects: Project[] = [];
  let total = state.total;
  let calls = 0;
  const wanted = () => Math.max(1, Math.ceil(total / sweepHours));
  const after = state.lastId === undefined ? undefined : Number(state.lastId);
  const isNew = (p: Project) => after === undefined || Number(p.id) > after;
  let back = SWEEP_OVERLAP;
  let startAt = after === undefined ? 0 : Math.max(0, state.cursor - back);
  let placed = startAt === 0;
  for (;;) {
    // Pages no larger than the slice needs: every project returned costs a point.
    const maxResults = Math.min(
      MAX_PROJECT_PAGE,
      Math.max(1, wanted() - projects.length) + (placed ? 0 : SWEEP_OVERLAP),
    );
    const page = await listServiceProjectsPage(jira, { startAt, maxResults, orderBy: 'id' });
    calls++;
    if (page.total !== undefined) total = page.total;
    const first = page.projects[0];
    if (!placed && (first === undefined || isNew(first))) {
      // More projects were deleted before the cursor than the slice looks back over.
      back *= 4;
      startAt = Math.max(0, state.cursor - back);
      placed = startAt === 0;
      continue;
    }
    placed = true;
    const last = page.isLast || page.projects.length === 0;
    for (const [i, p] of page.projects.entries()) {
      if (!isNew(p)) continue;
      projects.push(p);
      if (projects.length < wanted()) continue;
      if (last && i === page.projects.length - 1) break;
      const next = { ...withoutPlace(state), cursor: startAt + i + 1, lastId: p.id, total };
      return { projects, calls, next };
    }
    if (last) return { projects, calls, next: cycleDone(state, total, now) };
    startAt += page.projects.length;
  }
}

/** The state without where the last slice ended (its id, or the key of an older version). */
function withoutPlace(state: SweepState): SweepState {
  const { lastId: _id, lastKey: _key, ...rest } = state;
  return rest;
}

/**
 * The slice reached the last project: once its visits succeed, every project was verified since
 * the cycle began (claimed by claimEndedCycle at a later hour).
 */
function cycleDone(state: SweepState, total: number, now: Date): SweepState {
  return {
    cursor: 0,
    total,
    cycleStartedAt: now.toISOString(),
    ...(state.completedCycleStartedAt
      ? { completedCycleStartedAt: state.completedCycleStartedAt }
      : {}),
    cycleEnded: { cycleStartedAt: state.cycleStartedAt },
  };
}

/** Every project an old or new scope of a changed rule covers (exclusions ignored). */
async function projectsInScopes(
  jira: JiraClient,
  scopes: ProjectScope[],
): Promise<{ projects: Project[]; calls: number }> {
  if (scopes.length === 0) return { projects: [], calls: 0 };
  const covers = (p: Project) =>
    scopes.some((scope) => ruleCoversProject({ name: '', scope, exclude: [] }, p).covered);
  // Keys alone: one search per 50 keys. Anything else: list the service projects once.
  if (scopes.every((s) => s.type === 'keys')) {
    const keys = [...new Set(scopes.flatMap((s) => (s.type === 'keys' ? s.keys : [])))];
    const found = await searchProjectsByRefs(jira, { ids: [], keys });
    return { projects: found.filter(covers), calls: Math.ceil(keys.length / 50) };
  }
  const projects: Project[] = [];
  let calls = 0;
  for (let startAt = 0; ;) {
    const page = await listServiceProjectsPage(jira, { startAt, maxResults: MAX_PROJECT_PAGE });
    calls++;
    projects.push(...page.projects.filter(covers));
    if (page.isLast || page.projects.length === 0) break;
    startAt += page.projects.length;
  }
  return { projects, calls };
}
