// What went wrong talking to Jira, said so that a Jira admin reading a run's result knows which
// call failed, what Jira said, and what to do about it.

export class JiraError extends Error {
  constructor(
    /** What the app was doing, e.g. "add groups to role 10101 of project ITHELP". */
    readonly call: string,
    /** HTTP status; 0 when Jira could not be reached or the answer could not be read. */
    readonly status: number,
    /** Jira's own messages, from `{errorMessages, errors}` (platform) or `{errorMessage}` (JSM). */
    readonly jiraMessages: string[],
    /** What to do about it. */
    readonly hint: string,
    /** Replaces the "Jira answered ..." part, for failures that are not an HTTP error. */
    detail?: string,
  ) {
    const said = jiraMessages.length ? `: ${jiraMessages.join('; ')}` : '';
    const what =
      detail ?? (status ? `Jira answered ${status}${said}` : `no answer from Jira${said}`);
    super(`Could not ${call} (${what}). ${hint}`.trim());
    this.name = 'JiraError';
    // A page load is not retried by a run: it says what the person can do now instead.
    const forPage = hint === hintFor(status) ? pageHintFor(status) : hint;
    this.pageMessage = `Could not ${call} (${what}). ${forPage}`.trim();
  }

  /** The same failure worded for a page (a resolver's answer), not for a run's record. */
  readonly pageMessage: string;
}

const HINTS: Record<number, string> = {
  400: 'Jira refused the request as not valid; the message above says which value.',
  401: 'The app is not authorised: check that it is installed on this site and that its access was granted.',
  403: "The app lacks permission: check it is installed with its scopes and check the project's permission scheme.",
  404: 'The project or role no longer exists.',
  409: 'Someone changed the same thing at the same time; the next run will try again.',
  429: 'Jira is rate limiting the app; the next run will continue.',
};

export function hintFor(status: number): string {
  if (HINTS[status]) return HINTS[status];
  if (status >= 500)
    return 'Jira had a server error; the next run will try again. If it persists, check status.atlassian.com.';
  if (status === 0) return 'Jira could not be reached; the next run will try again.';
  return 'Jira refused the request.';
}

/** What to do about a failed call made for a page: try again now, not "the next run". */
export function pageHintFor(status: number): string {
  if (status === 409) return 'Someone changed the same thing at the same time; try again.';
  if (status === 429) return 'Jira is rate limiting the app; try again in a minute.';
  if (status >= 500)
    return 'Jira had a server error; try again in a minute. If it persists, check status.atlassian.com.';
  if (status === 0) return 'Jira could not be reached; try again in a minute.';
  return hintFor(status);
}

/** Jira's error messages from an error body; tolerant, since errors come from proxies too. */
export function jiraMessagesOf(body: unknown): string[] {
  if (!body || typeof body !== 'object')
    return typeof body === 'string' && body.trim() ? [truncate(body.trim())] : [];
  const b = body as {
    errorMessages?: unknown;
    errors?: unknown;
    errorMessage?: unknown;
    message?: unknown;
  };
  const out: string[] = [];
  if (Array.isArray(b.errorMessages))
    for (const m of b.errorMessages) if (typeof m === 'string' && m) out.push(m);
  if (b.errors && typeof b.errors === 'object') {
    for (const [field, m] of Object.entries(b.errors as Record<string, unknown>))
      if (typeof m === 'string' && m) out.push(`${field}: ${m}`);
  }
  if (typeof b.errorMessage === 'string' && b.errorMessage) out.push(b.errorMessage);
  if (!out.length && typeof b.message === 'string' && b.message) out.push(b.message);
  return out.map(truncate).slice(0, 10);
}

function truncate(s: string): string {
  return s.length > 300 ? `${s.slice(0, 300)}...` : s;
}
