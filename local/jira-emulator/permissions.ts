// Jira's default permission scheme, reduced to what the emulated endpoints check:
// - Administer Jira (ADMINISTER): members of the admin groups (jira-administrators, site-admins,
//   atlassian-addons-admin for apps). Jira admins administer and browse every project.
// - Administer Projects: the project's administrators role (directly or through a group).
// - Browse Projects: any role of the project (agents, customers, administrators...).
// - Service desk agent: the project's Service Desk Team role (Member in team-managed ones).
// - Browse users and groups (USER_PICKER): Jira admins and licensed users (in a product's groups).
import type { Project, User } from './model';
import type { State } from './state';

export const GLOBAL_PERMISSIONS = [
  'ADMINISTER',
  'SYSTEM_ADMIN',
  'USER_PICKER',
  'CREATE_SHARED_OBJECTS',
  'BULK_CHANGE',
  'MANAGE_GROUP_FILTER_SUBSCRIPTIONS',
] as const;
export const PROJECT_PERMISSIONS = [
  'ADMINISTER_PROJECTS',
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'ASSIGN_ISSUES',
  'ASSIGNABLE_USER',
  'TRANSITION_ISSUES',
  'ADD_COMMENTS',
  'SERVICEDESK_AGENT',
  'VIEW_READONLY_WORKFLOW',
] as const;
export type GlobalPermission = (typeof GLOBAL_PERMISSIONS)[number];
export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];

const NAMES: Record<string, string> = {
  ADMINISTER: 'Administer Jira',
  SYSTEM_ADMIN: 'Administer Jira (system)',
  USER_PICKER: 'Browse users and groups',
  CREATE_SHARED_OBJECTS: 'Share dashboards and filters',
  BULK_CHANGE: 'Make bulk changes',
  MANAGE_GROUP_FILTER_SUBSCRIPTIONS: 'Manage group filter subscriptions',
  ADMINISTER_PROJECTS: 'Administer Projects',
  BROWSE_PROJECTS: 'Browse Projects',
  CREATE_ISSUES: 'Create Issues',
  EDIT_ISSUES: 'Edit Issues',
  ASSIGN_ISSUES: 'Assign Issues',
  ASSIGNABLE_USER: 'Assignable User',
  TRANSITION_ISSUES: 'Transition Issues',
  ADD_COMMENTS: 'Add Comments',
  SERVICEDESK_AGENT: 'Service Desk Agent',
  VIEW_READONLY_WORKFLOW: 'View Read-Only Workflow',
};
const IDS: Record<string, string> = {
  ADMINISTER: '0',
  SYSTEM_ADMIN: '44',
  USER_PICKER: '27',
  CREATE_SHARED_OBJECTS: '22',
  BULK_CHANGE: '33',
  MANAGE_GROUP_FILTER_SUBSCRIPTIONS: '24',
  ADMINISTER_PROJECTS: '23',
  BROWSE_PROJECTS: '10',
  CREATE_ISSUES: '11',
  EDIT_ISSUES: '12',
  ASSIGN_ISSUES: '13',
  ASSIGNABLE_USER: '17',
  TRANSITION_ISSUES: '46',
  ADD_COMMENTS: '15',
  SERVICEDESK_AGENT: '10501',
  VIEW_READONLY_WORKFLOW: '45',
};

export function permissionInfo(key: string): {
  id: string;
  key: string;
  name: string;
  type: 'GLOBAL' | 'PROJECT';
  description: string;
} {
  const type = (GLOBAL_PERMISSIONS as readonly string[]).includes(key) ? 'GLOBAL' : 'PROJECT';
  return {
    id: IDS[key],
    key,
    name: NAMES[key],
    type,
    description: `${NAMES[key]} (${type === 'GLOBAL' ? 'global' : 'project'} permission).`,
  };
}

export function isKnownPermission(key: string): boolean {
  return key in IDS;
}

export class Permissions {
  constructor(private readonly state: State) {}

  isJiraAdmin(u: User | null): boolean {
    if (!u || !u.active) return false;
    for (const g of u.groups) if (this.state.adminGroupIds.has(g)) return true;
    return false;
  }

  isLicensed(u: User): boolean {
    for (const r of this.state.appRoles.values())
      for (const g of u.groups) if (r.groups.has(g)) return true;
    return false;
  }

  global(u: User | null, perm: string): boolean {
    if (!u || !u.active) return false;
    switch (perm) {
      case 'ADMINISTER':
      case 'SYSTEM_ADMIN':
        return this.isJiraAdmin(u);
      case 'USER_PICKER':
      case 'CREATE_SHARED_OBJECTS':
      case 'BULK_CHANGE':
      case 'MANAGE_GROUP_FILTER_SUBSCRIPTIONS':
        return this.isJiraAdmin(u) || this.isLicensed(u);
      default:
        return false;
    }
  }

  project(u: User | null, p: Project, perm: string): boolean {
    if (!u || !u.active) return false;
    const admin = this.isJiraAdmin(u);
    const projectAdmin = () => admin || this.inPurposeRole(u, p, 'admin');
    switch (perm) {
      case 'ADMINISTER_PROJECTS':
        return projectAdmin();
      case 'BROWSE_PROJECTS':
      case 'CREATE_ISSUES':
      case 'ADD_COMMENTS':
        return admin || this.inAnyRole(u, p);
      case 'SERVICEDESK_AGENT':
        return (
          p.projectTypeKey === 'service_desk' &&
          (projectAdmin() || this.inPurposeRole(u, p, 'agent'))
        );
      case 'EDIT_ISSUES':
      case 'ASSIGN_ISSUES':
      case 'ASSIGNABLE_USER':
      case 'TRANSITION_ISSUES':
      case 'VIEW_READONLY_WORKFLOW':
        // Working on issues: agents in service projects, any role member elsewhere.
        return (
          projectAdmin() ||
          (p.projectTypeKey === 'service_desk'
            ? this.inPurposeRole(u, p, 'agent')
            : this.inAnyRole(u, p))
        );
      default:
        return false;
    }
  }

  canBrowse(u: User | null, p: Project): boolean {
    return this.project(u, p, 'BROWSE_PROJECTS');
  }
  canAdminister(u: User | null, p: Project): boolean {
    return this.project(u, p, 'ADMINISTER_PROJECTS');
  }
  isAgent(u: User | null, p: Project): boolean {
    return this.project(u, p, 'SERVICEDESK_AGENT');
  }

  /** Whether the user administers at least one project (some endpoints ask for "any project"). */
  administersAnyProject(u: User | null): boolean {
    if (this.isJiraAdmin(u)) return true;
    if (!u) return false;
    for (const p of this.state.projects.values())
      if (this.inPurposeRole(u, p, 'admin')) return true;
    return false;
  }

  private inPurposeRole(u: User, p: Project, purpose: 'admin' | 'agent' | 'customer'): boolean {
    const r = this.state.roleFor(p, purpose);
    return r !== undefined && this.state.inRole(u, p, r);
  }

  private inAnyRole(u: User, p: Project): boolean {
    for (const roleId of p.actors.keys()) if (this.state.inRole(u, p, roleId)) return true;
    return false;
  }
}
