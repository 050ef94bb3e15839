// What one request costs in Jira's points model (2026, developer docs "Rate limiting"): 1 point,
// plus per object returned: projects 1; users, groups, project roles and permissions 2. A write
// costs 1. Only the objects an operation lists are counted, not ones nested in them (a project's
// lead, a role's actors): a role read costs 3 points whatever its actors. A read not in the table
// costs 1. A request refused with 429 did nothing and costs nothing.

export type ObjectKind = 'project' | 'user' | 'group' | 'role' | 'permission';

export const OBJECT_POINTS: Record<ObjectKind, number> = {
  project: 1,
  user: 2,
  group: 2,
  role: 2,
  permission: 2,
};

const P = '/rest/api/3';
const SD = '/rest/servicedeskapi';

const length = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
const field = (b: unknown, k: string): unknown =>
  b && typeof b === 'object' ? (b as Record<string, unknown>)[k] : undefined;
const keys = (v: unknown): number => (v && typeof v === 'object' ? Object.keys(v).length : 0);

const list = (b: unknown) => length(b);
const values = (b: unknown) => length(field(b, 'values'));
const single = () => 1;

/** GET operations (by the spec's path template): the kind of object they return, and how many. */
const READS: Record<string, [ObjectKind, (body: unknown) => number]> = {
  [`${P}/project/search`]: ['project', values],
  [`${P}/project`]: ['project', list],
  [`${P}/project/{projectIdOrKey}`]: ['project', single],
  [`${P}/project/{projectIdOrKey}/role`]: ['role', keys],
  [`${P}/project/{projectIdOrKey}/roledetails`]: ['role', list],
  [`${P}/project/{projectIdOrKey}/role/{id}`]: ['role', single],
  [`${P}/role`]: ['role', list],
  [`${P}/role/{id}`]: ['role', single],
  [`${P}/role/{id}/actors`]: ['role', single],
  [`${P}/groups/picker`]: ['group', (b) => length(field(b, 'groups'))],
  [`${P}/group/bulk`]: ['group', values],
  [`${P}/group`]: ['group', single],
  [`${P}/group/member`]: ['user', values],
  [`${P}/myself`]: ['user', single],
  [`${P}/user`]: ['user', single],
  [`${P}/user/groups`]: ['group', list],
  [`${P}/user/search`]: ['user', list],
  [`${P}/users/search`]: ['user', list],
  [`${P}/mypermissions`]: ['permission', (b) => keys(field(b, 'permissions'))],
  [`${SD}/servicedesk/{serviceDeskId}/customer`]: ['user', values],
  [`${SD}/organization/{organizationId}/user`]: ['user', values],
};

/** The points a request costs; `template` is the matched route's, null when none matched. */
export function pointsOf(
  method: string,
  template: string | null,
  status: number,
  body: unknown,
): number {
  if (status === 429) return 0;
  if (method !== 'GET' || status >= 400 || !template) return 1;
  const read = READS[template];
  return read ? 1 + OBJECT_POINTS[read[0]] * read[1](body) : 1;
}
