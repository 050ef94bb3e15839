// Atlassian's user privacy rules for apps that store personal data: report the accounts the
// app holds at least every 7 days (privacy.reportPersonalData, at most 90 a call) and act on the
// answer: "closed" means erase the account everywhere the app keeps it, "updated" means its
// profile changed, so the cached display name goes (read again when a page needs it).
//
// One pass rides the hourly trigger: it starts when the last one started 6 days ago or more (a
// pass may take a few hours of cut-off invocations), reads each key family page by page, reports
// in calls of 90, and saves its place after every page (`privacy:pass`: the family, the cursor,
// the accounts read but not reported yet, the closed ones). An invocation cut off, or a report
// refused (429, 5xx), loses at most a page: the next hour goes on from the saved place, and an
// account reported twice is harmless. Then, if any account was closed, the families are read
// again and each record naming one is rewritten (or deleted) at once; the pass ends with one
// audit entry of counts. Logs carry counts, never an account id.
import { privacy } from '@forge/api';

import { isPerson, mergeHeld, REPORT_LIMIT } from '../../domain/personal-data';
import { count } from '../../domain/text';
import { log } from '../../log';
import { appendAudit } from '../../store/audit';
import {
  deleteKeysOf,
  eraseRecord,
  FAMILIES,
  familyPage,
  forgetDisplayName,
  getPass,
  type Pass,
  putPass,
} from '../../store/personal-data';
import type { Deadline } from '../queue/deadline';

/** A pass starts this long after the last one started: every account is reported within 7 days. */
export const PASS_EVERY_MS = 6 * 24 * 60 * 60 * 1000;
/** Closed accounts one pass erases; more are reported closed again by the next pass. */
const MAX_CLOSED = 2000;

export type Reporter = typeof privacy.reportPersonalData;

/** Atlassian refused a report (429, 5xx): the pass stops here and the next hour goes on. */
class ReportRefused extends Error {
  constructor(readonly status: number) {
    super(`The personal data reporting API answered ${status}.`);
  }
}

/** Runs the pass when one is due or under way, until it ends or the invocation's time is short. */
export async function reportPersonalDataIfDue(
  deadline: Deadline,
  now = new Date(),
  report: Reporter = privacy.reportPersonalData,
): Promise<Pass | undefined> {
  let pass = await getPass();
  if (pass?.phase === 'done' && now.getTime() - Date.parse(pass.startedAt) < PASS_EVERY_MS) return;
  if (!pass || pass.phase === 'done') pass = newPass(now);
  // Accounts this invocation reported: a person named on many pages is sent once.
  const sent = new Set<string>();
  try {
    while (pass.phase !== 'done' && !deadline.expired())
      pass =
        pass.phase === 'report' ? await reportStep(pass, now, report, sent) : await eraseStep(pass);
  } catch (err) {
    if (!(err instanceof ReportRefused)) throw err;
    log.warn('privacy.report-refused', { status: err.status, family: pass.family });
    return pass;
  }
  if (pass.phase !== 'done') log.info('privacy.pass-paused', { ...pass.counts, phase: pass.phase });
  return pass;
}

function newPass(now: Date): Pass {
  return {
    startedAt: now.toISOString(),
    phase: 'report',
    family: 0,
    pending: {},
    closed: [],
    counts: { reported: 0, calls: 0, closed: 0, updated: 0, erased: 0 },
  };
}

/** Reads one page of the current family, reports what it can in calls of 90, saves the place. */
async function reportStep(
  pass: Pass,
  now: Date,
  report: Reporter,
  sent: Set<string>,
): Promise<Pass> {
  const next: Pass = structuredClone(pass);
  const f = FAMILIES[pass.family];
  if (!f) {
    // Every family read: the last accounts, then erase the closed ones (if any).
    await send(next, Object.keys(next.pending), report, sent);
    Object.assign(next, { phase: next.closed.length ? 'erase' : 'done', family: 0, pending: {} });
    delete next.cursor;
    if (next.phase === 'done') await finish(next, now);
    await putPass(next);
    return next;
  }
  const page = await familyPage(f, pass.cursor);
  const found = page.items.flatMap(({ key, value }) => f.held(key, value, now));
  next.pending = mergeHeld(next.pending, found, sent);
  while (Object.keys(next.pending).length >= REPORT_LIMIT)
    await send(next, Object.keys(next.pending).slice(0, REPORT_LIMIT), report, sent);
  advance(next, page.nextCursor);
  await putPass(next);
  return next;
}

/** Reports `ids` (taken out of pending) and records Atlassian's answer in `pass`. */
async function send(pass: Pass, ids: string[], report: Reporter, sent: Set<string>): Promise<void> {
  if (ids.length === 0) return;
  const accounts = ids.map((accountId) => ({ accountId, updatedAt: pass.pending[accountId] }));
  const answer = await report(accounts).catch((res: unknown) => {
    const status = (res as { status?: unknown })?.status;
    if (typeof status === 'number') throw new ReportRefused(status);
    throw res;
  });
  for (const id of ids) {
    delete pass.pending[id];
    sent.add(id);
  }
  pass.counts.reported += ids.length;
  pass.counts.calls++;
  const closed = new Set(pass.closed);
  for (const { accountId, status } of answer) {
    if (!isPerson(accountId)) continue;
    if (status === 'closed' && !closed.has(accountId) && closed.size < MAX_CLOSED) {
      closed.add(accountId);
      pass.counts.closed++;
    } else if (status === 'updated') {
      await forgetDisplayName(accountId);
      pass.counts.updated++;
    }
  }
  pass.closed = [...closed];
}

/** Rewrites one page of the current family's records that name a closed account. */
async function eraseStep(pass: Pass): Promise<Pass> {
  const next: Pass = structuredClone(pass);
  const closed = new Set(pass.closed);
  const f = FAMILIES[pass.family];
  if (!f) {
    for (const id of pass.closed) next.counts.erased += await deleteKeysOf(id);
    next.phase = 'done';
    next.closed = [];
    await finish(next, new Date());
    await putPass(next);
    return next;
  }
  const page = await familyPage(f, pass.cursor);
  for (const { key, value } of page.items)
    if (await eraseRecord(f, key, value, closed)) next.counts.erased++;
  advance(next, page.nextCursor);
  await putPass(next);
  return next;
}

function advance(pass: Pass, cursor: string | undefined): void {
  if (cursor) pass.cursor = cursor;
  else {
    pass.family++;
    delete pass.cursor;
  }
}

/** The pass's end: counts in the log, and in the audit trail when it changed anything. */
async function finish(pass: Pass, now: Date): Promise<void> {
  pass.finishedAt = now.toISOString();
  const { reported, calls, closed, updated, erased } = pass.counts;
  log.info('privacy.pass-done', { reported, calls, closed, updated, erased });
  if (closed === 0 && updated === 0) return;
  await appendAudit([
    {
      kind: 'personal-data-erased',
      actor: 'app',
      message:
        `Reported ${count(reported, 'account')} the app keeps to Atlassian. ` +
        (closed
          ? `${count(closed, 'account was', 'accounts were')} closed: the app erased them ` +
            `from ${count(erased, 'stored record', 'stored records')}; audit entries keep the event, by a closed account. `
          : '') +
        (updated
          ? `${count(updated, 'profile')} changed: their cached names are read again when needed.`
          : ''),
    },
  ]);
}
