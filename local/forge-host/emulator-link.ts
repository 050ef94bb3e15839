// Glue between the host and the Jira emulator (local/jira-emulator): the webhook that turns "project created" in Jira into the app's product trigger.

/** Asks the emulator to post its webhooks (project_created) to the host. */
export async function registerWebhook(
  jiraUrl: string,
  hostUrl: string,
  adminAccountId?: string,
): Promise<void> {
  const res = await fetch(`${jiraUrl.replace(/\/$/, '')}/__emulator/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(adminAccountId ? { authorization: `Bearer ${adminAccountId}` } : {}),
    },
    body: JSON.stringify({ url: `${hostUrl}/__host/webhooks/jira` }),
  });
  if (!res.ok)
    throw new Error(
      `The emulator refused the webhook registration (${res.status} ${await res.text()}).`,
    );
}
