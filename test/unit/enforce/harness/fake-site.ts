// A small stateful Jira for the engine's unit tests: company-managed service projects with one
// customers role, synced groups, paged project search, and role actors that the app reads, adds
// (POST, several groups at once) and removes (DELETE). Every write is recorded with who made it,
// and Jira's audit log keeps one record per role change with its author: the app's account, or
// a person's (a test acts as a person with `person.add` / `person.remove`). A test can script
// Jira's answer to a request (`script`) and act at any request (`onRequest`), synchronously, so
// every interleaving is chosen, never timed.
export const CUSTOMERS_ROLE = { id: 10101, name: 'Service Desk Customers' };
export const APP_ACCOUNT_ID = 'app-account-0001';
export const PERSON_ACCOUNT_ID = 'person-account-0001';

export interface SiteRequest {
  method: string;
  path: string;
  body: unknown;
}

/** A scripted answer: a 503 (made or not), a quota or burst 429, or "no answer" (thrown). */
export interface Scripted {
  match: (r: SiteRequest) => boolean;
  answer:
    | 'quota-429'
    /** the hour's quota spent for longer than a call may wait: the app stops until the reset */
    | 'quota-stop'
    | 'burst-429'
    | '503'
    | '503-after-applying'
    | 'no-answer'
    | 'no-answer-after-applying';
  times: number;
}

interface AuditRecord {
  id: number;
  created: string;
  summary: string;
  authorAccountId: string;
  objectItem: { id: string; name: string; typeName: string };
  associatedItems: { id: string; name: string; typeName: string }[];
  changedValues: { fieldName: string; changedFrom?: string; changedTo?: string }[];
}

export interface SiteWrite {
  method: 'POST' | 'DELETE';
  projectKey: string;
  groupIds: string[];
  /** the run the writing invocation worked for */
  runId?: string;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

export class FakeSite {
  readonly projects: { id: string; key: string; name: string }[];
  readonly groups: { groupId: string; name: string }[];
  /** project key -> groups in its customers role */
  readonly actors = new Map<string, Set<string>>();
  readonly writes: SiteWrite[] = [];
  /** Product access: the groups of each application role (none unless a test adds some). */
  readonly appRoles: { key: string; name: string; groupIds: string[] }[] = [];
  /**
   * Jira's hourly quota for the app is spent for this many seconds: every call is refused with
   * the quota 429 (Retry-After) until a test sets it back to undefined (the reset).
   */
  quotaSpentForSeconds: number | undefined;
  /** Calls refused for the quota. */
  quotaRefusals = 0;
  /** Project search answers at most this many a page (Jira may answer fewer than asked). */
  maxProjectPage = 100;
  /** Called as a page of project search is answered (a test may create a project there). */
  onProjectPage: (startAt: number) => void = () => undefined;
  /** Checks every role write as it happens (a safety invariant may throw here). */
  onWrite: (w: SiteWrite) => void = () => undefined;
  /** Runs before Jira handles each request: where a test acts as a person. */
  onRequest: (r: SiteRequest) => void = () => undefined;
  /** Runs after Jira answered, before the app sees the answer. */
  afterRequest: (r: SiteRequest, status: number) => void = () => undefined;
  readonly scripted: Scripted[] = [];
  readonly audit: AuditRecord[] = [];
  /** Free plans have no audit log: Jira answers 403. */
  auditLogReadable = true;
  /** The summary Jira writes for a role change, in the site's language. */
  roleChangedSummary = 'Project roles changed';
  /** Someone who administers the projects, changing roles by hand while the app works. */
  readonly person = {
    add: (projectKey: string, groupId: string) =>
      this.changeRole(projectKey, PERSON_ACCOUNT_ID, (a) => a.add(groupId)),
    remove: (projectKey: string, groupId: string) =>
      this.changeRole(projectKey, PERSON_ACCOUNT_ID, (a) => a.delete(groupId)),
  };
  /** Active members of each group (accountIds), for organization sync. */
  readonly groupMembers = new Map<string, string[]>();
  /** JSM organizations by id, with their members and the desks (project keys) they are linked to. */
  readonly orgs = new Map<string, { id: string; name: string; members: Set<string> }>();
  readonly orgLinks = new Map<string, Set<string>>();
  /** Member adds and removals the app sent, answered or not. */
  readonly orgWrites: { method: string; orgId: string; accountIds: string[]; status: number }[] =
    [];
  /** Sees every JSM call first: answers it instead (a fault), or acts as a person meanwhile. */
  beforeJsm: (method: string, path: string, body: unknown) => Answer | undefined = () => undefined;

  constructor(opts: { projects: number; groups: number }) {
    this.projects = Array.from({ length: opts.projects }, (_, i) => ({
      id: String(20000 + i),
      key: `P${i + 1}`,
      name: `Project ${i + 1}`,
    }));
    this.groups = Array.from({ length: opts.groups }, (_, i) => ({
      groupId: `0000000${i + 1}-aaaa-4bbb-8ccc-00000000000${i + 1}`,
      name: `Synced ${i + 1}`,
    }));
    for (const p of this.projects) this.actors.set(p.key, new Set());
  }

  /** A project created (or restored) in Jira, with its id and key. */
  addProject(id: string, key: string): void {
    this.projects.push({ id, key, name: `Project ${key}` });
    this.actors.set(key, new Set());
  }

  /** What the app may have added: every (project, group) in a role. */
  bindings(): string[] {
    return [...this.actors].flatMap(([k, gs]) => [...gs].map((g) => `${k}:${g}`)).sort();
  }

  /** Jira's answer, after the test's scripted answers and its person had their turn. */
  handle(method: string, path: string, body: unknown, runId?: string): Answer {
    const req = { method, path, body };
    this.onRequest(req);
    const a = this.scriptedOr(req, runId);
    this.afterRequest(req, a.status);
    return a;
  }

  private scriptedOr(req: SiteRequest, runId?: string): Answer {
    const { method, path, body } = req;
    const script = this.scripted.find((x) => x.times > 0 && x.match(req));
    if (script) {
      script.times--;
      if (script.answer === 'no-answer')
        throw Object.assign(new Error('socket hang up'), { name: 'FetchError' });
      if (script.answer === 'no-answer-after-applying') {
        this.answer(method, path, body, runId);
        throw Object.assign(new Error('socket hang up'), { name: 'FetchError' });
      }
      if (script.answer.endsWith('429') || script.answer === 'quota-stop')
        return {
          status: 429,
          body: { errorMessages: ['Rate limit exceeded.'] },
          headers: {
            'Retry-After': script.answer === 'quota-stop' ? '3600' : '1',
            'RateLimit-Reason':
              script.answer === 'burst-429' ? 'jira-burst-based' : 'jira-quota-global-based',
          },
        };
      if (script.answer === '503-after-applying') this.answer(method, path, body, runId);
      return { status: 503, body: { errorMessages: ['Service unavailable.'] } };
    }
    return this.answer(method, path, body, runId);
  }

  private answer(method: string, path: string, body: unknown, runId?: string): Answer {
    if (this.quotaSpentForSeconds !== undefined) {
      this.quotaRefusals++;
      return {
        status: 429,
        body: { errorMessages: ['Rate limit exceeded.'] },
        headers: {
          'Retry-After': String(this.quotaSpentForSeconds),
          'RateLimit-Reason': 'jira-quota-global-based',
        },
      };
    }
    const url = new URL(path, 'https://site.example');
    const p = url.pathname;
    const q = url.searchParams;
    if (method === 'GET' && p === '/rest/api/3/myself')
      return { status: 200, body: { accountId: APP_ACCOUNT_ID } };
    if (method === 'GET' && p === '/rest/api/3/auditing/record') {
      if (!this.auditLogReadable) return { status: 403, body: { errorMessages: ['Forbidden'] } };
      const from = Date.parse(q.get('from') ?? '') || 0;
      const offset = Number(q.get('offset') ?? 0);
      const limit = Number(q.get('limit') ?? 1000);
      const records = this.audit.filter((r) => Date.parse(r.created) >= from).reverse();
      return {
        status: 200,
        body: {
          offset,
          limit,
          total: records.length,
          records: records.slice(offset, offset + limit),
        },
      };
    }
    if (method === 'GET' && p === '/rest/api/3/role')
      return { status: 200, body: [{ ...CUSTOMERS_ROLE, scope: undefined }] };
    if (method === 'GET' && p === '/rest/api/3/group/bulk') {
      const ids = q.getAll('groupId');
      const values = this.groups.filter((g) => ids.includes(g.groupId));
      return { status: 200, body: page(values, 0, values.length) };
    }
    // Product access, read by the guard rails when a rule is saved and when a run starts.
    if (method === 'GET' && p === '/rest/api/3/applicationrole')
      return {
        status: 200,
        body: this.appRoles.map((r) => ({
          key: r.key,
          name: r.name,
          groupDetails: r.groupIds.map((groupId) => ({ groupId, name: groupId })),
          defaultGroupsDetails: [],
        })),
      };
    if (method === 'GET' && p === '/rest/api/3/groups/picker')
      return {
        status: 200,
        body: { groups: this.groups.map((g) => ({ ...g, managedBy: 'EXTERNAL' })) },
      };
    if (method === 'GET' && p === '/rest/api/3/project/search') {
      const startAt = Number(q.get('startAt') ?? 0);
      const max = Math.min(Number(q.get('maxResults') ?? 50), this.maxProjectPage);
      // Jira's orders: by key (its default), or by id (numeric).
      const byId = q.get('orderBy') === 'id';
      const sorted = [...this.projects].sort((a, b) =>
        byId ? Number(a.id) - Number(b.id) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      );
      const values = sorted.slice(startAt, startAt + max).map(project);
      this.onProjectPage(startAt);
      return { status: 200, body: page(values, startAt, this.projects.length) };
    }
    const one = /^\/rest\/api\/3\/project\/([^/]+)$/.exec(p);
    if (method === 'GET' && one) {
      const found = this.projects.find((x) => x.key === one[1] || x.id === one[1]);
      return found ? { status: 200, body: project(found) } : notFound();
    }
    if (method === 'GET' && p === '/rest/api/3/group/member') {
      const all = this.groupMembers.get(q.get('groupId') ?? '') ?? [];
      const startAt = Number(q.get('startAt') ?? 0);
      const values = all
        .slice(startAt, startAt + Number(q.get('maxResults') ?? 50))
        .map((accountId) => ({ accountId, active: true }));
      return { status: 200, body: page(values, startAt, all.length) };
    }
    if (p.startsWith('/rest/servicedeskapi/')) return this.jsm(method, p, q, body);
    const role = /^\/rest\/api\/3\/project\/([^/]+)\/role\/(\d+)$/.exec(p);
    if (role) {
      const key = role[1];
      const actors = this.actors.get(key);
      if (!actors || Number(role[2]) !== CUSTOMERS_ROLE.id) return notFound();
      if (method === 'POST') {
        const ids = (body as { groupId: string[] }).groupId;
        // As Jira: one actor the role has already refuses the whole request.
        const there = ids.filter((g) => actors.has(g));
        if (there.length)
          return {
            status: 400,
            body: {
              errorMessages: there.map((g) => `'${g}' is already a member of the project role.`),
              errors: {},
            },
          };
        const w: SiteWrite = { method: 'POST', projectKey: key, groupIds: ids, runId };
        this.onWrite(w);
        this.writes.push(w);
        this.changeRole(key, APP_ACCOUNT_ID, (a) => ids.forEach((g) => a.add(g)));
      } else if (method === 'DELETE') {
        const g = q.get('groupId')!;
        const w: SiteWrite = { method: 'DELETE', projectKey: key, groupIds: [g], runId };
        this.onWrite(w);
        this.writes.push(w);
        if (!actors.has(g)) return notFound();
        this.changeRole(key, APP_ACCOUNT_ID, (a) => a.delete(g));
        return { status: 204 };
      }
      return {
        status: 200,
        body: {
          ...CUSTOMERS_ROLE,
          actors: [...actors].map((groupId) => ({
            type: 'atlassian-group-role-actor',
            displayName: this.groups.find((g) => g.groupId === groupId)?.name ?? groupId,
            actorGroup: { groupId, name: groupId, displayName: groupId },
          })),
        },
      };
    }
    return { status: 404, body: { errorMessages: [`FakeSite: no route ${method} ${p}`] } };
  }
  /** Changes a project's customers role as `author`, and audits it as Jira does. */
  private changeRole(projectKey: string, author: string, change: (a: Set<string>) => void): void {
    const p = this.projects.find((x) => x.key === projectKey)!;
    const actors = this.actors.get(projectKey)!;
    const names = () =>
      [...actors]
        .map((g) => this.groups.find((x) => x.groupId === g)?.name ?? g)
        .sort()
        .join(', ');
    const before = names();
    change(actors);
    const after = names();
    if (before === after) return;
    this.audit.push({
      id: this.audit.length + 1,
      created: new Date().toISOString(),
      summary: this.roleChangedSummary,
      authorAccountId: author,
      objectItem: {
        id: String(CUSTOMERS_ROLE.id),
        name: CUSTOMERS_ROLE.name,
        typeName: 'PROJECT_ROLE',
      },
      associatedItems: [{ id: p.id, name: p.name, typeName: 'PROJECT' }],
      changedValues: [
        {
          fieldName: 'Groups',
          ...(before ? { changedFrom: before } : {}),
          ...(after ? { changedTo: after } : {}),
        },
      ],
    });
  }

  /** JSM organizations: list, create, read, members, desk links (pages of start/limit). */
  private jsm(method: string, p: string, q: URLSearchParams, body: unknown): Answer {
    const injected = this.beforeJsm(method, p, body);
    if (injected) return injected;
    const jsmPage = <T>(all: T[]) => {
      const start = Number(q.get('start') ?? 0);
      const values = all.slice(start, start + Number(q.get('limit') ?? 50));
      return {
        start,
        size: values.length,
        isLastPage: start + values.length >= all.length,
        values,
      };
    };
    const gone = { status: 404, body: { errorMessage: 'Organization does not exist.' } };
    if (p === '/rest/servicedeskapi/organization') {
      if (method === 'GET') return { status: 200, body: jsmPage([...this.orgs.values()]) };
      const id = String(this.orgs.size + 1);
      const name = (body as { name: string }).name;
      this.orgs.set(id, { id, name, members: new Set() });
      return { status: 201, body: { id, name } };
    }
    const desk = /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/organization$/.exec(p);
    if (desk) {
      const links = this.orgLinks.get(desk[1]) ?? new Set<string>();
      this.orgLinks.set(desk[1], links);
      if (method === 'POST') links.add(String((body as { organizationId: number }).organizationId));
      if (method === 'POST') return { status: 204 };
      return { status: 200, body: jsmPage([...links].map((id) => this.orgs.get(id)!)) };
    }
    const one = /^\/rest\/servicedeskapi\/organization\/(\d+)(\/user)?$/.exec(p);
    const org = one && this.orgs.get(one[1]);
    if (!one) return notFound();
    if (!org) return gone;
    if (!one[2]) return { status: 200, body: { id: org.id, name: org.name } };
    // Ordered by accountId, as JSM documents.
    if (method === 'GET')
      return {
        status: 200,
        body: jsmPage([...org.members].sort(byId).map((accountId) => ({ accountId }))),
      };
    const ids = (body as { accountIds: string[] }).accountIds;
    this.orgWrites.push({ method, orgId: org.id, accountIds: ids, status: 204 });
    for (const id of ids) if (method === 'POST') org.members.add(id);
    for (const id of ids) if (method === 'DELETE') org.members.delete(id);
    return { status: 204 };
  }
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function project(p: { id: string; key: string; name: string }) {
  return { ...p, projectTypeKey: 'service_desk', style: 'classic' };
}

function page<T>(values: T[], startAt: number, total: number) {
  return {
    startAt,
    maxResults: values.length,
    total,
    isLast: startAt + values.length >= total,
    values,
  };
}

function notFound(): Answer {
  return { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
}
