// A person's display name, for the pages that name people (the audit trail, the run page, the
// "another run is changing the site" message): one look-up, cached in KVS for a day.
import { isPerson } from '../../domain/personal-data';
import { JiraClient } from '../../jira/client';
import { getUserDisplayName } from '../../jira/users';
import { errorFields, log } from '../../log';
import { cachedDisplayName, rememberDisplayName } from '../../store/display-names';

/** A person's display name: from the cache, else asked of Jira once and cached. */
export async function displayName(
  accountId: string,
  jira = new JiraClient(),
): Promise<string | undefined> {
  // The app, an anonymous caller, a closed account: no one to ask Jira about.
  if (!isPerson(accountId)) return undefined;
  const cached = await cachedDisplayName(accountId);
  if (cached) return cached;
  try {
    const name = await getUserDisplayName(jira, accountId);
    if (name) await rememberDisplayName(accountId, name);
    return name;
  } catch (err) {
    // The page is still worth reading without the name: it shows the account id.
    log.warn('audit.name-unresolved', { accountId, ...errorFields(err) });
    return undefined;
  }
}
