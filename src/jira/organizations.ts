// JSM organizations, as the app (scope manage:servicedesk-customer): find by name, create, read
// and change members, link to service desks. JSM pages with start/limit/isLastPage. A site can
// restrict organization management to Jira admins; Jira's 403 then says what to change.
import { route } from '@forge/api';
import { z } from 'zod';

import { count, pastFirst } from '../domain/text';
import type { JiraClient } from './client';
import { JiraError } from './errors';
import { parseAs } from './parse';

/** JSM answers at most 50 items a page. */
export const JSM_PAGE = 50;
/** Accounts per add or remove call: a failed call names a small set. */
export const MEMBER_BATCH = 50;

const OrgSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
});
export type Organization = z.output<typeof OrgSchema>;

function jsmPageSchema<I extends z.ZodType>(item: I) {
  return z.object({
    start: z.number().optional(),
    size: z.number().optional(),
    isLastPage: z.boolean().optional(),
    values: z.array(item),
  });
}
const OrgPage = jsmPageSchema(OrgSchema);
const UserPage = jsmPageSchema(z.object({ accountId: z.string() }));

const FORBIDDEN_HINT =
  'Jira refused the app: in Jira settings > Products > Jira Service Management > Configuration, ' +
  'allow organization management for the app (or turn off "only Jira admins manage ' +
  'organizations"), or change the rule to target the customer role only.';

/** Every page of a JSM list, from start 0 until isLastPage (or an empty page). */
async function allPages<T>(
  fetch: (start: number) => Promise<{ values: T[]; isLastPage?: boolean }>,
): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; ;) {
    const page = await fetch(start);
    out.push(...page.values);
    if (page.isLastPage !== false || page.values.length === 0) return out;
    start += page.values.length;
  }
}

/** A 403 on an organization call becomes an error that says which setting to change. */
async function orgCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof JiraError && err.status === 403)
      throw new JiraError(err.call, 403, err.jiraMessages, FORBIDDEN_HINT);
    throw err;
  }
}

export function listOrganizations(client: JiraClient): Promise<Organization[]> {
  return orgCall(() =>
    allPages(async (start) => {
      const call = `list the site's organizations${pastFirst(start)}`;
      const q = new URLSearchParams({ start: String(start), limit: String(JSM_PAGE) });
      const raw = await client.requestJira(route`/rest/servicedeskapi/organization?${q}`, {
        call,
      });
      return parseAs(call, OrgPage, raw);
    }),
  );
}

export async function findOrganizationByName(
  client: JiraClient,
  name: string,
): Promise<Organization | undefined> {
  const want = name.trim().toLowerCase();
  return (await listOrganizations(client)).find((o) => o.name.trim().toLowerCase() === want);
}

export function createOrganization(client: JiraClient, name: string): Promise<Organization> {
  const call = `create organization "${name}"`;
  return orgCall(async () =>
    parseAs(
      call,
      OrgSchema,
      await client.requestJira(route`/rest/servicedeskapi/organization`, {
        call,
        method: 'POST',
        body: JSON.stringify({ name }),
      }),
    ),
  );
}

/** The organization with this id, or null when it was deleted. */
export function getOrganization(client: JiraClient, id: string): Promise<Organization | null> {
  const call = 'read the organization';
  return orgCall(async () => {
    const raw = await client.requestJira(route`/rest/servicedeskapi/organization/${id}`, {
      call,
      notFoundAsNull: true,
    });
    return raw === null ? null : parseAs(call, OrgSchema, raw);
  });
}

/** Every member's accountId (each member costs 2 points of Jira's quota). */
export async function organizationMemberIds(client: JiraClient, id: string): Promise<string[]> {
  const out: string[] = [];
  for (let start = 0; ;) {
    const page = await organizationMembersPage(client, id, start);
    out.push(...page.accountIds);
    if (page.isLast) return out;
    start += page.accountIds.length;
  }
}

/**
 * One page of an organization's members from `start`: JSM lists them ordered by accountId, so a
 * page also says who is not a member between its first and last account. A page of one member
 * (`limit` 1, 3 points) counts the organization: see domain/org-probe.ts.
 */
export function organizationMembersPage(
  client: JiraClient,
  id: string,
  start: number,
  limit = JSM_PAGE,
): Promise<{ accountIds: string[]; isLast: boolean }> {
  return orgCall(async () => {
    const call =
      limit === 1
        ? "count the organization's members"
        : `list the organization's members${pastFirst(start)}`;
    const q = new URLSearchParams({ start: String(start), limit: String(limit) });
    const raw = await client.requestJira(route`/rest/servicedeskapi/organization/${id}/user?${q}`, {
      call,
    });
    const page = parseAs(call, UserPage, raw);
    return {
      accountIds: page.values.map((u) => u.accountId),
      isLast: page.isLastPage !== false || page.values.length === 0,
    };
  });
}

/**
 * Adds or removes one batch of accounts (at most MEMBER_BATCH); both are safe to repeat. An add
 * is not retried after a 5xx or no answer: it may have been applied, and a later success could
 * not tell the app's add from a person's (JSM answers 204 either way); the caller decides.
 */
export function changeOrganizationMembers(
  client: JiraClient,
  id: string,
  kind: 'add' | 'remove',
  accountIds: string[],
): Promise<void> {
  const call = `${kind} ${count(accountIds.length, 'member')} ${kind === 'add' ? 'to' : 'from'} the organization`;
  return orgCall(async () => {
    await client.requestJira(route`/rest/servicedeskapi/organization/${id}/user`, {
      call,
      method: kind === 'add' ? 'POST' : 'DELETE',
      body: JSON.stringify({ accountIds }),
      notFoundHint: 'The organization was deleted; the next run creates it again.',
    });
  });
}

/** The ids of the organizations linked to a desk (by its id or its project's key). */
export function deskOrganizationIds(client: JiraClient, deskId: string): Promise<string[]> {
  return orgCall(async () =>
    (
      await allPages(async (start) => {
        const call = `list the organizations linked to ${deskId}${pastFirst(start)}`;
        const q = new URLSearchParams({ start: String(start), limit: String(JSM_PAGE) });
        const raw = await client.requestJira(
          route`/rest/servicedeskapi/servicedesk/${deskId}/organization?${q}`,
          { call },
        );
        return parseAs(call, OrgPage, raw);
      })
    ).map((o) => o.id),
  );
}

export function linkOrganization(client: JiraClient, deskId: string, orgId: string) {
  const call = `link the organization to ${deskId}`;
  return orgCall(async () => {
    await client.requestJira(route`/rest/servicedeskapi/servicedesk/${deskId}/organization`, {
      call,
      method: 'POST',
      body: JSON.stringify({ organizationId: Number(orgId) }),
      retryUnsafe: true,
    });
  });
}
