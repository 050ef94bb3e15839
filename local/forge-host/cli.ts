// `tsx local/forge-host/cli.ts --jira-url http://localhost:3001`: runs the host alone against a
// running Jira emulator (npm start runs both). Flags mirror startHost's options.
import { parseArgs } from 'util';

import { registerWebhook } from './emulator-link';
import { startHost } from './index';

const { values } = parseArgs({
  options: {
    'jira-url': {
      type: 'string',
      default: process.env.JIRA_URL ?? `http://localhost:${process.env.JIRA_PORT ?? 3001}`,
    },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'repo-root': { type: 'string' },
    'data-dir': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
    'schedule-ms': { type: 'string', default: '60000' },
    concurrency: { type: 'string', default: '4' },
    workers: { type: 'string' },
    'app-account': { type: 'string', default: process.env.APP_ACCOUNT_ID },
    'admin-account': { type: 'string', default: process.env.ADMIN_ACCOUNT_ID },
    'no-webhook': { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const jiraUrl = values['jira-url'];
  const host = await startHost({
    port: Number(values.port),
    jiraUrl,
    repoRoot: values['repo-root'],
    dataDir: values['in-memory'] ? null : values['data-dir'],
    schedulerIntervalMs: Number(values['schedule-ms']),
    consumerConcurrency: Number(values.concurrency),
    workers: values.workers ? Number(values.workers) : undefined,
    appAccountId: values['app-account'],
    adminAccountId: values['admin-account'],
    printAppLogs: true,
  });
  if (!values['no-webhook']) {
    await registerWebhook(jiraUrl, host.url, values['admin-account']).catch((e) =>
      console.warn(`Webhook not registered: ${(e as Error).message}`),
    );
  }
  console.log(`Forge host: ${host.url} (Jira: ${jiraUrl}). Admin page: ${host.url}/admin`);
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
