// A small stateful Jira for the engine's unit tests: company-managed service projects with one
// customers role, synced groups, paged project search, and role actors that the app reads, adds
// (POST, several groups at once) and removes (DELETE). Every write is recorded with who made it.
export const CUSTOMERS_ROLE = { id: 10101, name: 'Service Desk Customers' };

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

  handle(method: string, path: string, body: unknown, runId?: string): Answer {
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
    const role = /^\/rest\/api\/3\/project\/([^/]+)\/role\/(\d+)$/.exec(p);
    if (role) {
      const key = role[1];
      const actors = this.actors.get(key);
      if (!actors || Number(role[2]) !== CUSTOMERS_ROLE.id) return notFound();
      if (method === 'POST') {
        const ids = (body as { groupId: string[] }).groupId;
        const w: SiteWrite = { method: 'POST', projectKey: key, groupIds: ids, runId };
        this.onWrite(w);
        this.writes.push(w);
        ids.forEach((g) => actors.add(g));
      } else if (method === 'DELETE') {
        const g = q.get('groupId')!;
        const w: SiteWrite = { method: 'DELETE', projectKey: key, groupIds: [g], runId };
        this.onWrite(w);
        this.writes.push(w);
        if (!actors.delete(g)) return notFound();
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
}

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
