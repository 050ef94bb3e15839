// Every emulated operation, in success and error cases, checked against Atlassian's OpenAPI
// specs: documented status, response body matching the documented schema.
import type { RunningEmulator } from '../../local/jira-emulator';
import { DEMO, ROLE } from '../../local/jira-emulator';
import type { Client } from './helpers';
import { type CallOptions, start } from './helpers';
import { expectMatchesSpec, isExperimental, loadSpec } from './spec-validator';

const platform = loadSpec('jira-platform.json');
const jsm = loadSpec('jsm.json');
const U = DEMO.users;
const G = DEMO.groups;
const P = DEMO.projects;
const SD = '/rest/servicedeskapi';
const OPT_IN = { 'X-ExperimentalApi': 'opt-in' };
const pa = U.pa.email;
const agent = U.agent.email;
const nobody = U.unlicensed.email;
const PS = '/rest/api/3/permissionscheme';
const GRANTS = `${PS}/{schemeId}/permission`;
const GRANT = `${PS}/{schemeId}/permission/{permissionId}`;
const PROJECT_SCHEME = '/rest/api/3/project/{projectKeyOrId}/permissionscheme';
const AUDIT = '/rest/api/3/auditing/record';
const JSM_SCHEME = 10000;
/** The first grant every seed makes (Default Permission Scheme: Administer Projects). */
const FIRST_GRANT = 10001;
const PORTAL = { type: 'sd.customer.portal.only' };

interface Case {
  api: 'platform' | 'jsm';
  method: string;
  template: string;
  path: string;
  status: number;
  opts?: CallOptions;
}
const c = (
  api: Case['api'],
  method: string,
  template: string,
  path: string,
  status: number,
  opts?: CallOptions,
): Case => ({ api, method, template, path, status, opts });

const cases: Case[] = [
  // projects
  c(
    'platform',
    'GET',
    '/rest/api/3/project/search',
    '/rest/api/3/project/search?typeKey=service_desk&maxResults=2&expand=lead,description',
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/search',
    '/rest/api/3/project/search?categoryId=10001&query=help',
    200,
    { as: pa },
  ),
  c('platform', 'GET', '/rest/api/3/project/search', '/rest/api/3/project/search', 401, {
    as: null,
  }),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/search',
    '/rest/api/3/project/search?maxResults=x',
    400,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}',
    `/rest/api/3/project/${P.MKT.key}`,
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}',
    `/rest/api/3/project/${P.ITHELP.id}`,
    200,
    { as: pa },
  ),
  c('platform', 'GET', '/rest/api/3/project/{projectIdOrKey}', '/rest/api/3/project/NOPE', 404),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}',
    `/rest/api/3/project/${P.HR.key}`,
    404,
    { as: pa },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}',
    `/rest/api/3/project/${P.HR.key}`,
    401,
    { as: null },
  ),
  c('platform', 'POST', '/rest/api/3/project', '/rest/api/3/project', 201, {
    body: {
      key: 'NEWSD',
      name: 'New desk',
      projectTypeKey: 'service_desk',
      projectTemplateKey: 'com.atlassian.servicedesk:simplified-it-service-management',
      leadAccountId: U.admin.accountId,
    },
  }),
  c('platform', 'POST', '/rest/api/3/project', '/rest/api/3/project', 400, {
    body: { key: 'NEWSD', name: 'Another', projectTypeKey: 'service_desk' },
  }),
  c('platform', 'POST', '/rest/api/3/project', '/rest/api/3/project', 400, {
    raw: '{"key":',
    headers: { 'content-type': 'application/json' },
  }),
  c('platform', 'POST', '/rest/api/3/project', '/rest/api/3/project', 403, {
    as: pa,
    body: { key: 'NOPE', name: 'Nope', projectTypeKey: 'software' },
  }),
  c('platform', 'POST', '/rest/api/3/project', '/rest/api/3/project', 401, {
    as: null,
    body: { key: 'NOPE', name: 'Nope', projectTypeKey: 'software' },
  }),
  ...(
    [
      ['/rest/api/3/project/NEWSD', 200, { body: { name: 'New desk, renamed', description: 'x' } }],
      [`/rest/api/3/project/${P.ITHELP.key}`, 200, { as: pa, body: { description: 'By pa' } }],
      ['/rest/api/3/project/NEWSD', 400, { body: { key: 'bad key' } }],
      ['/rest/api/3/project/NEWSD', 400, { body: { permissionScheme: 10000 } }],
      [`/rest/api/3/project/${P.ITHELP.key}`, 403, { as: pa, body: { key: 'ITH' } }],
      [`/rest/api/3/project/${P.HR.key}`, 403, { as: agent, body: { name: 'Mine' } }],
      [`/rest/api/3/project/${P.HR.key}`, 404, { as: pa, body: { name: 'Mine' } }],
      ['/rest/api/3/project/NOPE', 404, { body: { name: 'Nope' } }],
      ['/rest/api/3/project/NEWSD', 401, { as: null, body: { name: 'Nope' } }],
    ] as const
  ).map(([path, status, opts]) =>
    c('platform', 'PUT', '/rest/api/3/project/{projectIdOrKey}', path, status, opts),
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}',
    '/rest/api/3/project/NEWSD',
    404,
    { as: pa },
  ),
  c('platform', 'DELETE', '/rest/api/3/project/{projectIdOrKey}', '/rest/api/3/project/NEWSD', 204),
  c('platform', 'DELETE', '/rest/api/3/project/{projectIdOrKey}', '/rest/api/3/project/NEWSD', 404),
  // the audit log (the changes above are in it)
  ...(
    [
      ['', 200, {}],
      ['?offset=1&limit=2&filter=project&from=2020-01-01T00:00:00.000Z&to=2100-01-01', 200, {}],
      ['', 200, { as: { bearer: U.app.accountId } }],
      ['', 403, { as: pa }],
      ['', 401, { as: null }],
    ] as const
  ).map(([query, status, opts]) =>
    c(
      'platform',
      'GET',
      '/rest/api/3/auditing/record',
      `/rest/api/3/auditing/record${query}`,
      status,
      opts,
    ),
  ),
  // roles
  c('platform', 'GET', '/rest/api/3/role', '/rest/api/3/role', 200),
  c('platform', 'GET', '/rest/api/3/role', '/rest/api/3/role', 403, { as: pa }),
  c('platform', 'GET', '/rest/api/3/role', '/rest/api/3/role', 401, { as: null }),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role',
    `/rest/api/3/project/${P.ITHELP.key}/role`,
    200,
    { as: pa },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role',
    `/rest/api/3/project/${P.MKT.key}/role`,
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role',
    `/rest/api/3/project/${P.HR.key}/role`,
    404,
    { as: pa },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role',
    '/rest/api/3/project/NOPE/role',
    404,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role',
    `/rest/api/3/project/${P.HR.key}/role`,
    401,
    { as: null },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.HR.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.MKT.key}/role/${DEMO.mktRoles.customer}`,
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.MKT.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    404,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.HR.key}/role/99999`,
    404,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.HR.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}?excludeInactiveUsers=maybe`,
    400,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.ITHELP.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    404,
    { as: agent },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.ITHELP.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    401,
    { as: null },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.ITHELP.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    200,
    { as: pa, body: { groupId: [G.contosoCustomers.groupId, G.fabrikamCustomers.groupId] } },
  ),
  // An actor the role already has (added just above): the whole request fails.
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.ITHELP.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    400,
    { body: { groupId: [G.contosoCustomers.groupId, G.hrStaff.groupId] } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.FAC.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    200,
    { body: { group: [G.hrStaff.name] } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.FAC.key}/role/${ROLE.SERVICE_DESK_TEAM}`,
    200,
    { body: { user: [U.pa.accountId] } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.FAC.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    404,
    { body: { groupId: ['no-such-group'] } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.FAC.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    400,
    { body: {} },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.FAC.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    400,
    { raw: 'groupId=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.ITHELP.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    401,
    { as: agent, body: { groupId: [G.hrStaff.groupId] } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/NOPE/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    404,
    { body: { groupId: [G.hrStaff.groupId] } },
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.ITHELP.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${G.fabrikamCustomers.groupId}`,
    204,
    { as: pa },
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.ITHELP.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${G.fabrikamCustomers.groupId}`,
    404,
    { as: pa },
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.FAC.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}?group=${encodeURIComponent(G.hrStaff.name)}`,
    204,
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.FAC.key}/role/${ROLE.SERVICE_DESK_TEAM}?user=${U.pa.accountId}`,
    204,
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.HR.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${G.hrStaff.groupId}&group=x`,
    400,
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.HR.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${G.hrStaff.groupId}`,
    404,
    { as: agent },
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    `/rest/api/3/project/${P.HR.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${G.hrStaff.groupId}`,
    404,
    { as: null },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/roledetails',
    `/rest/api/3/project/${P.MKT.key}/roledetails`,
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/roledetails',
    '/rest/api/3/project/NOPE/roledetails',
    404,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/roledetails',
    `/rest/api/3/project/${P.ITHELP.key}/roledetails?excludeConnectAddons=true&currentMember=false`,
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/roledetails',
    `/rest/api/3/project/${P.ITHELP.key}/roledetails?currentMember=true`,
    200,
    { as: pa },
  ),
  // The agent browses MKT but does not administer it.
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/roledetails',
    `/rest/api/3/project/${P.MKT.key}/roledetails`,
    404,
    { as: agent },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/project/{projectIdOrKey}/roledetails',
    `/rest/api/3/project/${P.MKT.key}/roledetails`,
    401,
    { as: null },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/role/{id}/actors',
    `/rest/api/3/role/${ROLE.ADDONS_PROJECT_ACCESS}/actors`,
    200,
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/role/{id}/actors',
    `/rest/api/3/role/${ROLE.SERVICE_DESK_TEAM}/actors`,
    200,
    { body: { user: [U.agent.accountId] } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/role/{id}/actors',
    `/rest/api/3/role/${ROLE.SERVICE_DESK_TEAM}/actors`,
    400,
    { body: { user: [U.agent.accountId], groupId: [G.hrStaff.groupId] } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/role/{id}/actors',
    `/rest/api/3/role/${ROLE.SERVICE_DESK_TEAM}/actors`,
    403,
    { as: pa, body: { user: [U.agent.accountId] } },
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/role/{id}/actors',
    `/rest/api/3/role/${ROLE.SERVICE_DESK_TEAM}/actors?user=${U.agent.accountId}`,
    200,
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/role/{id}/actors',
    `/rest/api/3/role/${ROLE.SERVICE_DESK_TEAM}/actors`,
    400,
  ),
  c('platform', 'GET', '/rest/api/3/role/{id}/actors', '/rest/api/3/role/424242/actors', 404),
  c(
    'platform',
    'GET',
    '/rest/api/3/role/{id}/actors',
    `/rest/api/3/role/${ROLE.ADMINISTRATORS}/actors`,
    401,
    { as: null },
  ),
  // groups
  c(
    'platform',
    'GET',
    '/rest/api/3/groups/picker',
    '/rest/api/3/groups/picker?query=customers&maxResults=50',
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/groups/picker',
    '/rest/api/3/groups/picker?query=customers',
    200,
    { as: null },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/group/bulk',
    `/rest/api/3/group/bulk?groupId=${G.hrStaff.groupId}&groupId=${G.contosoCustomers.groupId}&groupName=jira-administrators`,
    200,
  ),
  c('platform', 'GET', '/rest/api/3/group/bulk', '/rest/api/3/group/bulk', 403, { as: nobody }),
  c('platform', 'GET', '/rest/api/3/group/bulk', '/rest/api/3/group/bulk', 401, { as: null }),
  c('platform', 'GET', '/rest/api/3/group/bulk', '/rest/api/3/group/bulk?startAt=-1', 400),
  c(
    'platform',
    'GET',
    '/rest/api/3/group/member',
    `/rest/api/3/group/member?groupId=${G.fabrikamCustomers.groupId}&includeInactiveUsers=true`,
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/group/member',
    '/rest/api/3/group/member?groupname=HR%20Staff',
    200,
    { as: agent },
  ),
  c('platform', 'GET', '/rest/api/3/group/member', '/rest/api/3/group/member', 400),
  c('platform', 'GET', '/rest/api/3/group/member', '/rest/api/3/group/member?groupId=nope', 404),
  c(
    'platform',
    'GET',
    '/rest/api/3/group/member',
    `/rest/api/3/group/member?groupId=${G.hrStaff.groupId}`,
    403,
    { as: nobody },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/group/member',
    `/rest/api/3/group/member?groupId=${G.hrStaff.groupId}`,
    401,
    { as: null },
  ),
  c('platform', 'POST', '/rest/api/3/group', '/rest/api/3/group', 201, {
    body: { name: 'local-team' },
  }),
  c('platform', 'POST', '/rest/api/3/group', '/rest/api/3/group', 400, {
    body: { name: 'local-team' },
  }),
  c('platform', 'POST', '/rest/api/3/group', '/rest/api/3/group', 403, {
    as: pa,
    body: { name: 'other-team' },
  }),
  c('platform', 'POST', '/rest/api/3/group', '/rest/api/3/group', 401, {
    as: null,
    body: { name: 'other-team' },
  }),
  c(
    'platform',
    'POST',
    '/rest/api/3/group/user',
    '/rest/api/3/group/user?groupname=local-team',
    201,
    { body: { accountId: U.pa.accountId } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/group/user',
    `/rest/api/3/group/user?groupId=${G.hrStaff.groupId}`,
    403,
    { body: { accountId: U.pa.accountId } },
  ),
  c(
    'platform',
    'POST',
    '/rest/api/3/group/user',
    '/rest/api/3/group/user?groupname=local-team',
    400,
    { body: {} },
  ),
  c('platform', 'POST', '/rest/api/3/group/user', '/rest/api/3/group/user?groupname=no-such', 404, {
    body: { accountId: U.pa.accountId },
  }),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/group/user',
    `/rest/api/3/group/user?groupname=local-team&accountId=${U.pa.accountId}`,
    200,
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/group/user',
    `/rest/api/3/group/user?groupId=${G.contosoCustomers.groupId}&accountId=${U.customer.accountId}`,
    403,
  ),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/group/user',
    '/rest/api/3/group/user?groupname=local-team',
    400,
  ),
  c('platform', 'DELETE', '/rest/api/3/group', '/rest/api/3/group?groupname=local-team', 200),
  c(
    'platform',
    'DELETE',
    '/rest/api/3/group',
    `/rest/api/3/group?groupId=${G.hrStaff.groupId}`,
    403,
  ),
  c('platform', 'DELETE', '/rest/api/3/group', '/rest/api/3/group?groupname=local-team', 404),
  c('platform', 'DELETE', '/rest/api/3/group', '/rest/api/3/group', 400),
  // users, products, permissions
  c(
    'platform',
    'GET',
    '/rest/api/3/myself',
    '/rest/api/3/myself?expand=groups,applicationRoles',
    200,
    { as: { bearer: U.app.accountId } },
  ),
  c('platform', 'GET', '/rest/api/3/myself', '/rest/api/3/myself', 401, { as: null }),
  c(
    'platform',
    'GET',
    '/rest/api/3/user',
    `/rest/api/3/user?accountId=${U.customer.accountId}&expand=groups`,
    200,
  ),
  c('platform', 'GET', '/rest/api/3/user', '/rest/api/3/user?accountId=nope', 404),
  c('platform', 'GET', '/rest/api/3/user', `/rest/api/3/user?accountId=${U.admin.accountId}`, 403, {
    as: nobody,
  }),
  c(
    'platform',
    'GET',
    '/rest/api/3/user/groups',
    `/rest/api/3/user/groups?accountId=${U.customer.accountId}`,
    200,
  ),
  c('platform', 'GET', '/rest/api/3/user/groups', '/rest/api/3/user/groups?accountId=nope', 404),
  c(
    'platform',
    'GET',
    '/rest/api/3/user/groups',
    `/rest/api/3/user/groups?accountId=${U.agent.accountId}`,
    403,
    { as: nobody },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/user/groups',
    `/rest/api/3/user/groups?accountId=${U.agent.accountId}`,
    401,
    { as: null },
  ),
  c('platform', 'GET', '/rest/api/3/users/search', '/rest/api/3/users/search?maxResults=3', 200),
  c('platform', 'GET', '/rest/api/3/users/search', '/rest/api/3/users/search', 403, { as: nobody }),
  c('platform', 'GET', '/rest/api/3/users/search', '/rest/api/3/users/search?startAt=x', 400),
  c('platform', 'GET', '/rest/api/3/applicationrole', '/rest/api/3/applicationrole', 200),
  c('platform', 'GET', '/rest/api/3/applicationrole', '/rest/api/3/applicationrole', 403, {
    as: agent,
  }),
  c(
    'platform',
    'GET',
    '/rest/api/3/applicationrole/{key}',
    '/rest/api/3/applicationrole/jira-servicedesk',
    200,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/applicationrole/{key}',
    '/rest/api/3/applicationrole/jira-nope',
    404,
  ),
  // permission schemes and grants (the health checks read them; admins change them)
  c('platform', 'GET', PS, `${PS}?expand=permissions`, 200),
  c('platform', 'GET', PS, PS, 401, { as: null }),
  c('platform', 'POST', PS, PS, 201, {
    body: { name: 'Locked down', permissions: [{ permission: 'BROWSE_PROJECTS', holder: PORTAL }] },
  }),
  c('platform', 'POST', PS, PS, 400, { body: { name: 'Locked down' } }),
  c('platform', 'POST', PS, PS, 403, { as: pa, body: { name: 'Mine' } }),
  c('platform', 'POST', PS, PS, 401, { as: null, body: { name: 'Mine' } }),
  c('platform', 'GET', `${PS}/{schemeId}`, `${PS}/${JSM_SCHEME}?expand=all`, 200),
  c('platform', 'GET', `${PS}/{schemeId}`, `${PS}/4242`, 404),
  c('platform', 'GET', `${PS}/{schemeId}`, `${PS}/${JSM_SCHEME}`, 401, { as: null }),
  c('platform', 'GET', GRANTS, `${PS}/${JSM_SCHEME}/permission?expand=all`, 200),
  c('platform', 'GET', GRANTS, `${PS}/${JSM_SCHEME}/permission`, 200, { as: agent }),
  c('platform', 'GET', GRANTS, `${PS}/${JSM_SCHEME}/permission`, 404, { as: nobody }),
  c('platform', 'GET', GRANTS, `${PS}/${JSM_SCHEME}/permission`, 401, { as: null }),
  c('platform', 'POST', GRANTS, `${PS}/${JSM_SCHEME}/permission`, 201, {
    body: { permission: 'BROWSE_PROJECTS', holder: { type: 'group', value: G.hrStaff.groupId } },
  }),
  c('platform', 'POST', GRANTS, `${PS}/${JSM_SCHEME}/permission`, 400, {
    body: { permission: 'BROWSE_PROJECTS', holder: PORTAL },
  }),
  c('platform', 'POST', GRANTS, `${PS}/${JSM_SCHEME}/permission`, 400, {
    body: { permission: 'FLY', holder: { type: 'anyone' } },
  }),
  c('platform', 'POST', GRANTS, `${PS}/${JSM_SCHEME}/permission`, 403, {
    as: agent,
    body: { permission: 'BROWSE_PROJECTS', holder: { type: 'anyone' } },
  }),
  c('platform', 'POST', GRANTS, `${PS}/${JSM_SCHEME}/permission`, 401, {
    as: null,
    body: { permission: 'BROWSE_PROJECTS', holder: { type: 'anyone' } },
  }),
  c('platform', 'GET', GRANT, `${PS}/0/permission/${FIRST_GRANT}?expand=all`, 200),
  c('platform', 'GET', GRANT, `${PS}/0/permission/1`, 404),
  c('platform', 'DELETE', GRANT, `${PS}/0/permission/${FIRST_GRANT}`, 403, { as: pa }),
  c('platform', 'DELETE', GRANT, `${PS}/0/permission/${FIRST_GRANT}`, 204),
  c('platform', 'DELETE', GRANT, `${PS}/0/permission/${FIRST_GRANT}`, 400),
  c('platform', 'DELETE', GRANT, `${PS}/0/permission/${FIRST_GRANT}`, 401, { as: null }),
  c('platform', 'GET', PROJECT_SCHEME, `/rest/api/3/project/${P.HR.key}/permissionscheme`, 200),
  c('platform', 'GET', PROJECT_SCHEME, `/rest/api/3/project/${P.MKT.key}/permissionscheme`, 200),
  c(
    'platform',
    'GET',
    PROJECT_SCHEME,
    `/rest/api/3/project/${P.ITHELP.key}/permissionscheme`,
    200,
    {
      as: pa,
    },
  ),
  c(
    'platform',
    'GET',
    PROJECT_SCHEME,
    `/rest/api/3/project/${P.ITHELP.key}/permissionscheme`,
    403,
    {
      as: agent,
    },
  ),
  c('platform', 'GET', PROJECT_SCHEME, `/rest/api/3/project/${P.HR.key}/permissionscheme`, 404, {
    as: pa,
  }),
  c('platform', 'GET', PROJECT_SCHEME, '/rest/api/3/project/NOPE/permissionscheme', 404),
  c('platform', 'GET', PROJECT_SCHEME, `/rest/api/3/project/${P.HR.key}/permissionscheme`, 401, {
    as: null,
  }),
  c('platform', 'PUT', PROJECT_SCHEME, `/rest/api/3/project/${P.PLAT.key}/permissionscheme`, 200, {
    body: { id: 0 },
  }),
  c('platform', 'PUT', PROJECT_SCHEME, `/rest/api/3/project/${P.PLAT.key}/permissionscheme`, 404, {
    body: { id: 4242 },
  }),
  c(
    'platform',
    'PUT',
    PROJECT_SCHEME,
    `/rest/api/3/project/${P.ITHELP.key}/permissionscheme`,
    403,
    {
      as: pa,
      body: { id: 0 },
    },
  ),
  c('platform', 'PUT', PROJECT_SCHEME, `/rest/api/3/project/${P.HR.key}/permissionscheme`, 401, {
    as: null,
    body: { id: 0 },
  }),
  // the audit log (accounts created lately, for Health)
  c('platform', 'GET', AUDIT, `${AUDIT}?filter=User%20created&from=2020-01-01T00:00:00Z`, 200),
  c('platform', 'GET', AUDIT, AUDIT, 403, { as: pa }),
  c('platform', 'GET', AUDIT, AUDIT, 401, { as: null }),
  c(
    'platform',
    'GET',
    '/rest/api/3/mypermissions',
    `/rest/api/3/mypermissions?permissions=ADMINISTER,ADMINISTER_PROJECTS,BROWSE_PROJECTS&projectKey=${P.ITHELP.key}`,
    200,
    { as: pa },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/mypermissions',
    '/rest/api/3/mypermissions?permissions=NOT_A_PERMISSION',
    400,
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/mypermissions',
    `/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=${P.HR.key}`,
    404,
    { as: pa },
  ),
  c(
    'platform',
    'GET',
    '/rest/api/3/mypermissions',
    '/rest/api/3/mypermissions?permissions=ADMINISTER',
    401,
    { as: null },
  ),
  c('platform', 'POST', '/rest/api/3/permissions/check', '/rest/api/3/permissions/check', 200, {
    as: pa,
    body: {
      globalPermissions: ['ADMINISTER'],
      projectPermissions: [
        { permissions: ['ADMINISTER_PROJECTS'], projects: [Number(P.ITHELP.id), Number(P.HR.id)] },
      ],
    },
  }),
  c('platform', 'POST', '/rest/api/3/permissions/check', '/rest/api/3/permissions/check', 400, {
    body: { globalPermissions: ['NOPE'] },
  }),
  c('platform', 'POST', '/rest/api/3/permissions/check', '/rest/api/3/permissions/check', 403, {
    as: pa,
    body: { accountId: U.admin.accountId, globalPermissions: ['ADMINISTER'] },
  }),
  // JSM
  c('jsm', 'GET', `${SD}/servicedesk`, `${SD}/servicedesk?limit=2`, 200),
  c('jsm', 'GET', `${SD}/servicedesk`, `${SD}/servicedesk`, 401, { as: null }),
  c(
    'jsm',
    'GET',
    `${SD}/servicedesk/{serviceDeskId}`,
    `${SD}/servicedesk/${P.HR.serviceDeskId}`,
    200,
  ),
  c('jsm', 'GET', `${SD}/servicedesk/{serviceDeskId}`, `${SD}/servicedesk/${P.ITHELP.key}`, 200, {
    as: pa,
  }),
  c('jsm', 'GET', `${SD}/servicedesk/{serviceDeskId}`, `${SD}/servicedesk/999`, 404),
  c(
    'jsm',
    'GET',
    `${SD}/servicedesk/{serviceDeskId}/customer`,
    `${SD}/servicedesk/${P.ITHELP.serviceDeskId}/customer`,
    200,
    { as: agent, headers: OPT_IN },
  ),
  c(
    'jsm',
    'GET',
    `${SD}/servicedesk/{serviceDeskId}/customer`,
    `${SD}/servicedesk/${P.ITHELP.serviceDeskId}/customer`,
    403,
    { as: { bearer: U.customer.accountId }, headers: OPT_IN },
  ),
  c(
    'jsm',
    'GET',
    `${SD}/servicedesk/{serviceDeskId}/customer`,
    `${SD}/servicedesk/999/customer`,
    404,
    { headers: OPT_IN },
  ),
  c(
    'jsm',
    'GET',
    `${SD}/servicedesk/{serviceDeskId}/customer`,
    `${SD}/servicedesk/1/customer`,
    401,
    { as: null, headers: OPT_IN },
  ),
  c(
    'jsm',
    'POST',
    `${SD}/servicedesk/{serviceDeskId}/customer`,
    `${SD}/servicedesk/${P.FAC.serviceDeskId}/customer`,
    204,
    { body: { accountIds: [U.unlicensed.accountId] } },
  ),
  c(
    'jsm',
    'POST',
    `${SD}/servicedesk/{serviceDeskId}/customer`,
    `${SD}/servicedesk/${P.FAC.serviceDeskId}/customer`,
    400,
    { body: { accountIds: ['nope'] } },
  ),
  c(
    'jsm',
    'POST',
    `${SD}/servicedesk/{serviceDeskId}/customer`,
    `${SD}/servicedesk/${P.FAC.serviceDeskId}/customer`,
    403,
    { as: agent, body: { accountIds: [U.unlicensed.accountId] } },
  ),
  c(
    'jsm',
    'DELETE',
    `${SD}/servicedesk/{serviceDeskId}/customer`,
    `${SD}/servicedesk/${P.FAC.serviceDeskId}/customer`,
    204,
    { headers: OPT_IN, body: { accountIds: [U.unlicensed.accountId] } },
  ),
  c('jsm', 'GET', `${SD}/organization`, `${SD}/organization`, 200),
  c('jsm', 'POST', `${SD}/organization`, `${SD}/organization`, 201, {
    body: { name: 'Fabrikam Inc' },
  }),
  c('jsm', 'POST', `${SD}/organization`, `${SD}/organization`, 400, { body: { nom: 'x' } }),
  c('jsm', 'POST', `${SD}/organization`, `${SD}/organization`, 403, {
    as: nobody,
    body: { name: 'Nobody Inc' },
  }),
  c(
    'jsm',
    'GET',
    `${SD}/organization/{organizationId}`,
    `${SD}/organization/${DEMO.organizations.contoso.id}`,
    200,
  ),
  c('jsm', 'GET', `${SD}/organization/{organizationId}`, `${SD}/organization/999`, 404),
  c(
    'jsm',
    'GET',
    `${SD}/organization/{organizationId}/user`,
    `${SD}/organization/${DEMO.organizations.contoso.id}/user`,
    200,
  ),
  c('jsm', 'POST', `${SD}/organization/{organizationId}/user`, `${SD}/organization/2/user`, 204, {
    body: { accountIds: [U.bob.accountId] },
  }),
  c('jsm', 'DELETE', `${SD}/organization/{organizationId}/user`, `${SD}/organization/2/user`, 204, {
    body: { accountIds: [U.bob.accountId] },
  }),
  c(
    'jsm',
    'GET',
    `${SD}/servicedesk/{serviceDeskId}/organization`,
    `${SD}/servicedesk/${P.ITHELP.serviceDeskId}/organization`,
    200,
  ),
  c(
    'jsm',
    'POST',
    `${SD}/servicedesk/{serviceDeskId}/organization`,
    `${SD}/servicedesk/${P.FAC.serviceDeskId}/organization`,
    204,
    { body: { organizationId: 2 } },
  ),
  c(
    'jsm',
    'POST',
    `${SD}/servicedesk/{serviceDeskId}/organization`,
    `${SD}/servicedesk/${P.FAC.serviceDeskId}/organization`,
    404,
    { body: { organizationId: 999 } },
  ),
  c(
    'jsm',
    'DELETE',
    `${SD}/servicedesk/{serviceDeskId}/organization`,
    `${SD}/servicedesk/${P.FAC.serviceDeskId}/organization`,
    204,
    { body: { organizationId: 2 } },
  ),
  c('jsm', 'DELETE', `${SD}/organization/{organizationId}`, `${SD}/organization/2`, 204),
  c('jsm', 'DELETE', `${SD}/organization/{organizationId}`, `${SD}/organization/2`, 404),
];

let em: RunningEmulator;
let client: Client;
beforeAll(async () => {
  ({ em, client } = await start());
});
afterAll(() => em.close());

test.each(
  cases.map(
    (k, i) => [`${String(i).padStart(3, '0')} ${k.method} ${k.path} -> ${k.status}`, k] as const,
  ),
)('%s', async (_name, k) => {
  const res = await client.call(k.method, k.path, k.opts);
  expect({ status: res.status, body: res.body }).toEqual(
    expect.objectContaining({ status: k.status }),
  );
  expectMatchesSpec(
    k.api === 'jsm' ? jsm : platform,
    k.method,
    k.template,
    res.status,
    res.body ?? {},
  );
});

test('every experimental JSM operation emulated here answers 412 without X-ExperimentalApi', async () => {
  const experimental = [
    ['GET', `${SD}/servicedesk/{serviceDeskId}/customer`, `${SD}/servicedesk/1/customer`],
    ['DELETE', `${SD}/servicedesk/{serviceDeskId}/customer`, `${SD}/servicedesk/1/customer`],
  ] as const;
  for (const [method, template, path] of experimental) {
    expect(isExperimental(jsm, method, template)).toBe(true);
    const res = await client.call(method, path, {
      body: method === 'DELETE' ? { accountIds: [U.customer.accountId] } : undefined,
    });
    expect(res.status).toBe(412);
    expect(res.body.errorMessage).toMatch(/X-ExperimentalApi/);
  }
  expect(isExperimental(jsm, 'POST', `${SD}/servicedesk/{serviceDeskId}/customer`)).toBe(false);
});

test('the validator rejects an undocumented status and a body of the wrong shape', () => {
  expect(() => expectMatchesSpec(platform, 'GET', '/rest/api/3/role', 418, {})).toThrow(
    /does not document/,
  );
  expect(() =>
    expectMatchesSpec(platform, 'GET', '/rest/api/3/project/search', 200, { values: 'nope' }),
  ).toThrow(/does not match/);
  expect(() =>
    expectMatchesSpec(jsm, 'GET', `${SD}/servicedesk`, 200, { values: [{ id: 1 }] }),
  ).toThrow(/does not match/);
  expect(() =>
    expectMatchesSpec(platform, 'GET', '/rest/api/3/role', 401, { errorMessages: 'x' }),
  ).toThrow(/does not match/);
});
