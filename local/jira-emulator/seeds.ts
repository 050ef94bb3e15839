// Seeds: what every site has (admin, the app's account, roles, products, an identity provider
// directory), the demo site `npm start` shows, and large generated sites for benchmarks.
// Ids are fixed here so tests and other modules can import them.
import { ROLE } from './model';
import { ensureDefaultSchemes } from './permission-schemes';
import { State } from './state';

export type SeedSpec =
  | { seed: 'empty' }
  | { seed: 'demo' }
  | {
      seed: 'generated';
      projects: number;
      groups: number;
      users: number;
      teamManaged?: number;
      software?: number;
      /** Two more synced groups, "Org Members A" and "B", of this many people of their own each. */
      orgMembers?: number;
    };

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_ACCOUNT_ID = '5d0000000000000000000001';
/** The app's own account (accountType app): what asApp() calls Jira as. */
export const APP_ACCOUNT_ID = '5d00000000000000000a9901';
export const APP_EMAIL = 'customer-role-sync@connect.atlassian.com';
export const APP_DISPLAY_NAME = 'Customer Role Sync';
/** The identity provider directory present on every seed ("Entra ID"). */
export const SCIM_DIRECTORY_ID = 'd1d1d1d1-0000-4000-8000-000000000001';

/** Groups every seed has, by groupId. */
export const BASE_GROUPS = {
  siteAdmins: { groupId: 'a0000000-0000-4000-8000-000000000001', name: 'site-admins' },
  jiraAdministrators: {
    groupId: 'a0000000-0000-4000-8000-000000000002',
    name: 'jira-administrators',
  },
  addonsAdmin: { groupId: 'a0000000-0000-4000-8000-000000000003', name: 'atlassian-addons-admin' },
  servicedeskUsers: {
    groupId: 'a0000000-0000-4000-8000-000000000004',
    name: 'jira-servicedesk-users',
  },
  softwareUsers: { groupId: 'a0000000-0000-4000-8000-000000000005', name: 'jira-software-users' },
} as const;

export const DEMO = {
  directoryId: SCIM_DIRECTORY_ID,
  users: {
    admin: { accountId: ADMIN_ACCOUNT_ID, email: ADMIN_EMAIL },
    app: { accountId: APP_ACCOUNT_ID, email: APP_EMAIL },
    /** Project admin of ITHELP only (user actor in its Administrators role). */
    pa: { accountId: '5d0000000000000000000002', email: 'pa@example.com' },
    /** In jira-servicedesk-users and the Service Desk Team of ITHELP, HR, FAC (Member of MKT). */
    agent: { accountId: '5d0000000000000000000003', email: 'agent@example.com' },
    /** Member of the synced group Contoso Customers. */
    customer: { accountId: '5d0000000000000000000004', email: 'customer@example.com' },
    /** No groups, no roles. */
    unlicensed: { accountId: '5d0000000000000000000005', email: 'unlicensed@example.com' },
    alice: { accountId: '5d0000000000000000000006', email: 'alice@contoso.example' },
    bob: { accountId: '5d0000000000000000000007', email: 'bob@fabrikam.example' },
    erin: { accountId: '5d0000000000000000000008', email: 'erin@example.com' },
    /** Deprovisioned by the identity provider: inactive, still a member of Fabrikam Customers. */
    former: { accountId: '5d0000000000000000000009', email: 'former@fabrikam.example' },
  },
  groups: {
    ...BASE_GROUPS,
    contosoCustomers: {
      groupId: 'e0000000-0000-4000-8000-000000000001',
      name: 'Contoso Customers',
    },
    fabrikamCustomers: {
      groupId: 'e0000000-0000-4000-8000-000000000002',
      name: 'Fabrikam Customers',
    },
    hrStaff: { groupId: 'e0000000-0000-4000-8000-000000000003', name: 'HR Staff' },
  },
  projects: {
    ITHELP: { key: 'ITHELP', id: '10001', serviceDeskId: '1', name: 'IT Help Desk' },
    HR: { key: 'HR', id: '10002', serviceDeskId: '2', name: 'HR Services' },
    FAC: { key: 'FAC', id: '10003', serviceDeskId: '3', name: 'Facilities' },
    /** Team-managed service project: roles of its own (ids below). */
    MKT: { key: 'MKT', id: '10004', serviceDeskId: '4', name: 'Marketing Requests' },
    PLAT: { key: 'PLAT', id: '10005', name: 'Platform' },
  },
  /** MKT's own roles (team-managed). */
  mktRoles: { administrator: 10201, member: 10202, viewer: 10203, customer: 10204 },
  categories: { internal: { id: '10001', name: 'Internal' } },
  organizations: { contoso: { id: '1', name: 'Contoso Ltd' } },
  /** The hand-made binding the app must never remove: HR Staff in HR's Service Desk Customers. */
  manualBinding: {
    projectKey: 'HR',
    roleId: ROLE.SERVICE_DESK_CUSTOMERS,
    groupId: 'e0000000-0000-4000-8000-000000000003',
  },
} as const;

/** What every seed has. */
function base(s: State): void {
  for (const g of Object.values(BASE_GROUPS)) s.addGroup(g.name, { groupId: g.groupId });
  for (const g of [BASE_GROUPS.siteAdmins, BASE_GROUPS.jiraAdministrators, BASE_GROUPS.addonsAdmin])
    s.adminGroupIds.add(g.groupId);
  s.addGlobalRole(
    ROLE.DEVELOPERS,
    'Developers',
    'A project role that represents developers in a project',
  );
  s.addGlobalRole(
    ROLE.ADMINISTRATORS,
    'Administrators',
    'A project role that represents administrators in a project',
  );
  s.addGlobalRole(
    ROLE.ADDONS_PROJECT_ACCESS,
    'atlassian-addons-project-access',
    'A project role that represents Connect and Forge apps',
  );
  s.addGlobalRole(
    ROLE.SERVICE_DESK_TEAM,
    'Service Desk Team',
    'Members of the service desk team (agents)',
  );
  s.addGlobalRole(
    ROLE.SERVICE_DESK_CUSTOMERS,
    'Service Desk Customers',
    'Customers of the service desk (portal access)',
  );
  s.defaultActors.get(ROLE.ADDONS_PROJECT_ACCESS)!.groups.add(BASE_GROUPS.addonsAdmin.groupId);
  s.appRoles.set('jira-software', {
    key: 'jira-software',
    name: 'Jira',
    groups: new Set([BASE_GROUPS.softwareUsers.groupId]),
    defaultGroups: new Set([BASE_GROUPS.softwareUsers.groupId]),
    selectedByDefault: true,
    numberOfSeats: 100,
  });
  s.appRoles.set('jira-servicedesk', {
    key: 'jira-servicedesk',
    name: 'Jira Service Management',
    groups: new Set([BASE_GROUPS.servicedeskUsers.groupId]),
    defaultGroups: new Set([BASE_GROUPS.servicedeskUsers.groupId]),
    selectedByDefault: false,
    numberOfSeats: 25,
  });
  s.directories.set(SCIM_DIRECTORY_ID, { id: SCIM_DIRECTORY_ID, name: 'Entra ID' });
  ensureDefaultSchemes(s);
  const admin = s.addUser({
    accountId: ADMIN_ACCOUNT_ID,
    emailAddress: ADMIN_EMAIL,
    displayName: 'Ada Admin',
  });
  for (const g of [
    BASE_GROUPS.siteAdmins,
    BASE_GROUPS.jiraAdministrators,
    BASE_GROUPS.servicedeskUsers,
    BASE_GROUPS.softwareUsers,
  ])
    s.addMember(s.groups.get(g.groupId)!, admin);
  const app = s.addUser({
    accountId: APP_ACCOUNT_ID,
    emailAddress: APP_EMAIL,
    displayName: APP_DISPLAY_NAME,
    accountType: 'app',
  });
  s.addMember(s.groups.get(BASE_GROUPS.addonsAdmin.groupId)!, app);
}

function provisioned(
  s: State,
  accountId: string,
  email: string,
  displayName: string,
  active = true,
) {
  const u = s.addUser({ accountId, emailAddress: email, displayName, active });
  const at = '2026-01-05T09:00:00.000Z';
  u.scim = { directoryId: SCIM_DIRECTORY_ID, userName: email, created: at, lastModified: at };
  return u;
}

function demo(s: State): void {
  const U = DEMO.users;
  const G = DEMO.groups;
  const pa = s.addUser({
    accountId: U.pa.accountId,
    emailAddress: U.pa.email,
    displayName: 'Paula Projectadmin',
  });
  const agent = s.addUser({
    accountId: U.agent.accountId,
    emailAddress: U.agent.email,
    displayName: 'Arno Agent',
  });
  const customer = provisioned(s, U.customer.accountId, U.customer.email, 'Cora Customer');
  s.addUser({
    accountId: U.unlicensed.accountId,
    emailAddress: U.unlicensed.email,
    displayName: 'Uma Unlicensed',
  });
  const alice = provisioned(s, U.alice.accountId, U.alice.email, 'Alice Contoso');
  const bob = provisioned(s, U.bob.accountId, U.bob.email, 'Bob Fabrikam');
  const erin = provisioned(s, U.erin.accountId, U.erin.email, 'Erin HR');
  const former = provisioned(s, U.former.accountId, U.former.email, 'Former Fabrikam', false);
  s.addMember(s.groups.get(G.servicedeskUsers.groupId)!, agent);
  s.addMember(s.groups.get(G.servicedeskUsers.groupId)!, pa);

  const synced = (
    g: { groupId: string; name: string },
    members: ReturnType<State['addUser']>[],
  ) => {
    const group = s.addGroup(g.name, {
      groupId: g.groupId,
      managedBy: 'EXTERNAL',
      directoryId: SCIM_DIRECTORY_ID,
      externalId: `entra-${g.groupId.slice(-4)}`,
    });
    for (const m of members) s.addMember(group, m);
  };
  synced(G.contosoCustomers, [customer, alice]);
  synced(G.fabrikamCustomers, [bob, former]);
  synced(G.hrStaff, [erin]);

  const internal = s.addCategory(DEMO.categories.internal.name, 'Internal service teams');
  const P = DEMO.projects;
  const mk = (
    p: { key: string; name: string },
    projectTypeKey: 'service_desk' | 'software',
    style: 'classic' | 'next-gen',
    categoryId?: string,
  ) =>
    s.createProject({
      key: p.key,
      name: p.name,
      projectTypeKey,
      style,
      leadAccountId: ADMIN_ACCOUNT_ID,
      categoryId,
      description: `${p.name} (demo)`,
    });
  const ithelp = mk(P.ITHELP, 'service_desk', 'classic', internal.id);
  const hr = mk(P.HR, 'service_desk', 'classic', internal.id);
  const fac = mk(P.FAC, 'service_desk', 'classic');
  const mkt = mk(P.MKT, 'service_desk', 'next-gen');
  const plat = mk(P.PLAT, 'software', 'classic');

  s.addUserActor(ithelp, ROLE.ADMINISTRATORS, pa.accountId);
  for (const p of [ithelp, hr, fac]) s.addUserActor(p, ROLE.SERVICE_DESK_TEAM, agent.accountId);
  s.addUserActor(mkt, mkt.ownRoles!.member!, agent.accountId);
  s.addGroupActor(plat, ROLE.DEVELOPERS, G.softwareUsers.groupId);
  // The hand-made binding (someone added HR Staff to HR's customers in Jira's UI).
  s.addGroupActor(hr, ROLE.SERVICE_DESK_CUSTOMERS, G.hrStaff.groupId);

  const contoso = s.addOrganization(DEMO.organizations.contoso.name);
  contoso.members.add(alice.accountId);
  ithelp.organizationIds.add(contoso.id);
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * N service projects P0001.. (the first `teamManaged` of them team-managed), `software` software
 * projects S0001.., M synced groups "Synced Group 0001".., K synced users user0001@generated.example
 * in one to three groups each. Every third service project has a synced group in its customers
 * role already; every project has the first agent in its team.
 */
function generated(s: State, spec: Extract<SeedSpec, { seed: 'generated' }>): void {
  const rand = prng(42);
  const users = [];
  for (let i = 1; i <= spec.users; i++) {
    const n = String(i).padStart(4, '0');
    users.push(provisioned(s, s.ids.accountId(), `user${n}@generated.example`, `User ${n}`));
  }
  const groups = [];
  for (let i = 1; i <= spec.groups; i++) {
    groups.push(
      s.addGroup(`Synced Group ${String(i).padStart(4, '0')}`, {
        managedBy: 'EXTERNAL',
        directoryId: SCIM_DIRECTORY_ID,
      }),
    );
  }
  if (groups.length)
    for (const u of users) {
      const k = 1 + Math.floor(rand() * 3);
      for (let j = 0; j < k; j++) s.addMember(groups[Math.floor(rand() * groups.length)], u);
    }
  const agent = s.addUser({
    accountId: '5d0000000000000000000003',
    emailAddress: 'agent@example.com',
    displayName: 'Arno Agent',
  });
  s.addMember(s.groups.get(BASE_GROUPS.servicedeskUsers.groupId)!, agent);
  const categories = [s.addCategory('Internal'), s.addCategory('External')];
  const teamManaged = Math.min(spec.teamManaged ?? 0, spec.projects);
  for (let i = 1; i <= spec.projects; i++) {
    const n = String(i).padStart(4, '0');
    const p = s.createProject({
      key: `P${n}`,
      name: `Service Project ${n}`,
      projectTypeKey: 'service_desk',
      style: i <= teamManaged ? 'next-gen' : 'classic',
      leadAccountId: ADMIN_ACCOUNT_ID,
      categoryId: categories[i % 3 === 0 ? 1 : 0]?.id,
    });
    s.addUserActor(p, s.roleFor(p, 'agent')!, agent.accountId);
    if (groups.length && i % 3 === 0)
      s.addGroupActor(
        p,
        s.roleFor(p, 'customer')!,
        groups[Math.floor(rand() * groups.length)].groupId,
      );
  }
  for (const letter of spec.orgMembers ? ['A', 'B'] : []) {
    const g = s.addGroup(`Org Members ${letter}`, {
      managedBy: 'EXTERNAL',
      directoryId: SCIM_DIRECTORY_ID,
    });
    for (let i = 1; i <= spec.orgMembers!; i++) {
      const n = `${letter.toLowerCase()}${String(i).padStart(5, '0')}`;
      s.addMember(g, provisioned(s, s.ids.accountId(), `org-${n}@generated.example`, `Org ${n}`));
    }
  }
  for (let i = 1; i <= (spec.software ?? 0); i++) {
    const n = String(i).padStart(4, '0');
    s.createProject({
      key: `S${n}`,
      name: `Software Project ${n}`,
      projectTypeKey: 'software',
      style: 'classic',
      leadAccountId: ADMIN_ACCOUNT_ID,
    });
  }
}

export function buildState(spec: SeedSpec = { seed: 'demo' }): State {
  const s = new State(spec.seed);
  base(s);
  if (spec.seed === 'demo') demo(s);
  else if (spec.seed === 'generated') generated(s, spec);
  return s;
}
