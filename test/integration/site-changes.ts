// Changes a Jira admin or the identity provider makes to the emulated site, which the health
// tests use to break the site and mend it: permission grants, and provisioned accounts.
import { DEMO } from '../../local/jira-emulator';
import type { Stack } from './stack';

/** The default Jira Service Management permission scheme of the emulator. */
export const JSM_SCHEME = 10000;

export async function grantPermission(
  stack: Stack,
  permission: string,
  holder: object,
  scheme = JSM_SCHEME,
): Promise<number> {
  const res = await stack.jira('POST', `/rest/api/3/permissionscheme/${scheme}/permission`, {
    permission,
    holder,
  });
  if (res.status !== 201) throw new Error(`grant ${permission}: ${res.status}`);
  return res.body.id;
}

export async function revokePermission(stack: Stack, id: number, scheme = JSM_SCHEME) {
  const res = await stack.jira('DELETE', `/rest/api/3/permissionscheme/${scheme}/permission/${id}`);
  if (res.status !== 204) throw new Error(`revoke grant ${id}: ${res.status}`);
}

/** An account the identity provider provisions over SCIM; answers its accountId. */
export async function provisionUser(stack: Stack, email: string, displayName: string) {
  const res = await fetch(`${stack.emulator.url}/scim/directory/${DEMO.directoryId}/Users`, {
    method: 'POST',
    headers: { authorization: 'Bearer key', 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: email,
      displayName,
      emails: [{ value: email, primary: true }],
    }),
  });
  if (res.status !== 201) throw new Error(`provision ${email}: ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}

/** A request of the identity provider to the SCIM directory (groups: members, names, deletes). */
export async function scimRequest(stack: Stack, method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.emulator.url}/scim/directory/${DEMO.directoryId}${path}`, {
    method,
    headers: { authorization: 'Bearer key', 'content-type': 'application/scim+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`SCIM ${method} ${path}: ${res.status}`);
}

/** The identity provider adds or removes members of a synced group. */
export const patchGroupMembers = (
  stack: Stack,
  groupId: string,
  op: 'add' | 'remove',
  ids: string[],
) =>
  scimRequest(stack, 'PATCH', `/Groups/${groupId}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op, path: 'members', value: ids.map((value) => ({ value })) }],
  });
