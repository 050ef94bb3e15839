// A tiny stand-in for the Jira emulator (used until/unless local/jira-emulator is present):
// answers the few endpoints the host tests touch and records who called what.
import http from 'http';
import type { AddressInfo } from 'net';

export const FAKE_APP_ACCOUNT = 'app-account-fixture';
export const FAKE_ADMIN = 'admin-account-fixture';
export const FAKE_AGENT = 'agent-account-fixture';

export interface FakeJira {
  url: string;
  requests: { method: string; path: string; auth?: string }[];
  close(): Promise<void>;
}

export async function startFakeJira(): Promise<FakeJira> {
  const requests: FakeJira['requests'] = [];
  const users = [
    {
      accountId: FAKE_ADMIN,
      displayName: 'Ada Admin',
      emailAddress: 'admin@example.com',
      accountType: 'atlassian',
    },
    {
      accountId: FAKE_AGENT,
      displayName: 'Arno Agent',
      emailAddress: 'agent@example.com',
      accountType: 'atlassian',
    },
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const auth = req.headers.authorization;
    requests.push({ method: req.method!, path: url.pathname + url.search, auth });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const who = auth?.replace(/^Bearer /, '');
    if (!who || ![FAKE_APP_ACCOUNT, ...users.map((u) => u.accountId)].includes(who))
      return json(401, { errorMessages: ['unknown account'] });
    const p = url.pathname;
    if (p === '/rest/api/3/myself') return json(200, { accountId: who });
    if (p === '/rest/api/3/users/search') return json(200, users);
    if (p === '/rest/api/3/user/search')
      return json(
        200,
        users.filter((u) => u.emailAddress === url.searchParams.get('query')),
      );
    if (p === '/rest/api/3/project/search')
      return json(200, {
        values: [{ id: '10001', key: 'HELP', name: 'Help desk', projectTypeKey: 'service_desk' }],
        isLast: true,
        startAt: 0,
        maxResults: 50,
        total: 1,
      });
    const proj = /^\/rest\/api\/3\/project\/([^/]+)$/.exec(p);
    if (proj)
      return proj[1] === 'HELP'
        ? json(200, { id: '10001', key: 'HELP', name: 'Help desk', projectTypeKey: 'service_desk' })
        : json(404, { errorMessages: ['No project could be found with key'] });
    return json(200, { ok: true, path: p });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
