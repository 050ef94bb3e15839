// The audit's words for a run that did not start or stopped: the English message and the same
// as a code and values the page words (the error's own text stays a value). Pure.
import type { AuditSentence } from './audit-sentences';
import { sentence } from './audit-sentences';
import { count } from './text';

type Said = { message: string; sentence: AuditSentence };

/** A new project's run refused (another run holds the site). */
export function newProjectSkipped(key: string, error: string): Said {
  return {
    message: `New project ${key} was not enforced at once: ${error} The next hourly run covers it.`,
    sentence: sentence('runSkippedNewProject', { key, error }),
  };
}

/** The hourly run refused: it tries again every few minutes, or has given up for this hour. */
export function hourlySkipped(
  error: string,
  attempt: number,
  giveUp: boolean,
  minutes: number,
): Said {
  return giveUp
    ? {
        message:
          `The hourly enforcement could not start after ${count(attempt, 'try', 'tries')}: ` +
          `${error} The next hourly run covers every project.`,
        sentence: sentence('runSkippedGaveUp', { count: attempt, error }),
      }
    : {
        message: `The hourly enforcement did not start yet: ${error} It tries again every ${minutes} minutes.`,
        sentence: sentence('runSkippedRetrying', { error, minutes }),
      };
}

/** A run or preview whose start failed. */
export function couldNotStart(dryRun: boolean, error: string): Said {
  return {
    message: `The ${dryRun ? 'preview' : 'run'} could not start: ${error}`,
    sentence: sentence(dryRun ? 'previewCouldNotStart' : 'runCouldNotStart', { error }),
  };
}

/** A run or preview stopped by a step that failed, with how far it got. */
export function stoppedByFailure(
  dryRun: boolean,
  what: string,
  reason: string,
  done: number,
  total: number,
): Said {
  return {
    message:
      `The ${dryRun ? 'preview' : 'run'} stopped: ${what} failed (${reason}). ` +
      `${done} of ${count(total, 'project')} were done. ` +
      (dryRun
        ? 'Start the preview again later.'
        : 'The next hourly run enforces what it did not reach.') +
      ' If this happens again, open Health to check the app can still reach Jira.',
    sentence: sentence(dryRun ? 'previewStopped' : 'runStopped', {
      what,
      reason,
      done,
      count: total,
    }),
  };
}

/** A run whose lease expired, ended by the run that took over. */
export function stoppedLeaseExpired(done: number, total: number, next: string): Said {
  return {
    message: `The run stopped before it finished (${done} of ${count(total, 'project')} done) and its lease expired; run ${next} took over. What it did not reach, the next runs enforce.`,
    sentence: sentence('runLeaseExpired', { done, count: total, next }),
  };
}
