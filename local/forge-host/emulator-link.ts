// Glue between the host and the Jira emulator (local/jira-emulator): which accounts to act as,
// and the webhook that turns "project created" in Jira into the app's product trigger.

/** Picks the app's and the site admin's account ids from the emulator module's exports. */
export function identitiesFrom(mod: Record<string, unknown>): { appAccountId?: string; adminAccountId?: string } {
  const pick = (re: RegExp): string | undefined => {
    for (const [k, v] of Object.entries(mod)) {
      if (!re.test(k)) continue;
      if (typeof v === 'string') return v;
      if (v && typeof v === 'object' && typeof (v as { accountId?: unknown }).accountId === 'string') return (v as { accountId: string }).accountId;
    }
    return undefined;
  };
  return {
    appAccountId: pick(/^APP(_ACCOUNT)?(_ID)?$/i) ?? pick(/APP.*ACCOUNT/i),
    adminAccountId: pick(/^(SITE_)?ADMIN(_ACCOUNT)?(_ID)?$/i) ?? pick(/ADMIN.*ACCOUNT/i) ?? pick(/ADMIN/i),
  };
}

/** Asks the emulator to post its webhooks (project_created) to the host. */
export async function registerWebhook(jiraUrl: string, hostUrl: string, adminAccountId?: string): Promise<void> {
  const res = await fetch(`${jiraUrl.replace(/\/$/, '')}/__emulator/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(adminAccountId ? { authorization: `Bearer ${adminAccountId}` } : {}) },
    body: JSON.stringify({ url: `${hostUrl}/__host/webhooks/jira` }),
  });
  if (!res.ok) throw new Error(`The emulator refused the webhook registration (${res.status} ${await res.text()}).`);
}
