// What a project's admins may read of a run and of their project's last visit. They may not be
// Jira admins: no one else's account id (who started a run), no numbers of the app's quota (its
// calls, points, what Jira announced), no text the app did not write for people (a storage or
// internal error's message): that is replaced by a fixed sentence and a reference, which the
// resolver logs with the text it replaces.
import { createHash } from 'node:crypto';

import { internalErrorMessage } from './errors';
import type { ProjectVisit } from './project-visit';
import type { Run } from './schemas';

/** A run as a project admin reads it. */
export type ProjectRun = Omit<
  Run,
  'startedBy' | 'startedByName' | 'calls' | 'points' | 'quota' | 'ruleId'
> & {
  /** The caller started it (else a Jira admin or another of the project's admins did). */
  startedByYou: boolean;
};

/** Text replaced for a project admin, and the reference it is logged under. */
export interface Hidden {
  reference: string;
  text: string;
}

/** The same text always has the same reference, so repeated reads log one failure. */
export const referenceOf = (text: string) =>
  createHash('sha256').update(text).digest('hex').slice(0, 8);

/**
 * Failures worded from Jira's answer (jira/errors.ts JiraError, enforce-project.ts
 * failureWords): what Jira said about this project, meant for people.
 */
const JIRA_WORDED =
  /^(Jira answered \d{3}|Jira did not answer)|^Could not [^(]*\((Jira answered \d{3}|no answer from Jira)/;

export const isJiraWorded = (text: string) => JIRA_WORDED.test(text);

/** A run's failure, as its project's admins may read it. */
function shown(text: string, hidden: Hidden[]): string {
  if (isJiraWorded(text)) return text;
  const reference = referenceOf(text);
  hidden.push({ reference, text });
  return internalErrorMessage(reference);
}

/** Finalize's summary ends with the first failed batch's error: that part is replaced. */
const BATCH_FAILURE = /\s\d+ batch(?:es)? of projects failed: ([\s\S]*)$/;

/** A run's message (its summary, or why it failed), as a project admin may read it. */
export function runMessageView(
  run: Pick<Run, 'status' | 'message'>,
  hidden: Hidden[],
): string | undefined {
  if (!run.message) return undefined;
  // A run that ended failed says why in whatever words the failure had.
  if (run.status === 'failed') return shown(run.message, hidden);
  const batch = BATCH_FAILURE.exec(run.message);
  if (!batch) return run.message;
  return `${run.message.slice(0, batch.index)} The project could not be checked: ${shown(batch[1], hidden)}`;
}

export function projectRunView(run: Run, callerId: string, hidden: Hidden[] = []): ProjectRun {
  const {
    startedBy,
    startedByName: _name,
    calls: _calls,
    points: _points,
    quota: _quota,
    ruleId: _ruleId,
    message: _message,
    ...rest
  } = run;
  const message = runMessageView(run, hidden);
  return { ...rest, startedByYou: startedBy === callerId, ...(message ? { message } : {}) };
}

/** The project's last visit, its failures worded as its admins may read them. */
export function projectVisitView(visit: ProjectVisit, hidden: Hidden[] = []): ProjectVisit {
  return {
    ...visit,
    actions: visit.actions.map((a) => {
      if (!a.error) return a;
      // A project-wide failure names the project first: the rest is the failure's own words.
      const cut = a.kind === 'project' ? a.error.indexOf(' could not be enforced: ') : -1;
      if (cut < 0) return { ...a, error: shown(a.error, hidden) };
      const head = a.error.slice(0, cut + ' could not be enforced: '.length);
      return { ...a, error: head + shown(a.error.slice(head.length), hidden) };
    }),
  };
}
