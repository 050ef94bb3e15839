// The site's state and every change to it. Routes validate and authorise, then call these
// methods, which keep the indexes (by key, by name, group -> bindings) consistent.
import { auditChange, auditProjectCreating, auditRoleChanging, projectItem } from './audit-log';
import { Clock } from './clock';
import { IdSource } from './ids';
import type {
  AccountType,
  Actors,
  ApplicationRole,
  AuditItem,
  AuditRecord,
  Category,
  Directory,
  Group,
  Language,
  ManagedBy,
  Organization,
  PermissionScheme,
  Plan,
  Project,
  ProjectStyle,
  ProjectTypeKey,
  Role,
  User,
} from './model';
import { ROLE, TEAM_MANAGED_ROLES } from './model';
import { assignDefaultScheme } from './permission-schemes';

export interface NewProject {
  key: string;
  name: string;
  projectTypeKey: ProjectTypeKey;
  style: ProjectStyle;
  leadAccountId: string;
  description?: string;
  categoryId?: string;
}

type Plain<T> = { [K in keyof T]: T[K] extends Set<infer V> ? V[] : T[K] };
export interface SerializedState {
  format: 1;
  salt: string;
  idPosition: number;
  counters: State['counters'];
  users: Plain<User>[];
  groups: Plain<Group>[];
  roles: Role[];
  globalRoleIds: number[];
  defaultActors: [number, { groups: string[]; users: string[] }][];
  projects: (Omit<Plain<Project>, 'actors'> & {
    actors: [number, { groups: string[]; users: string[] }][];
  })[];
  categories: Category[];
  appRoles: Plain<ApplicationRole>[];
  organizations: Plain<Organization>[];
  directories: Directory[];
  adminGroupIds: string[];
  /** Absent in files written before permission schemes, the audit log and plans were emulated. */
  permissionSchemes?: PermissionScheme[];
  auditRecords?: AuditRecord[];
  plan?: Plan;
  language?: Language;
}

export class State {
  readonly ids: IdSource;
  readonly users = new Map<string, User>();
  private readonly usersByEmail = new Map<string, string>();
  readonly groups = new Map<string, Group>();
  private readonly groupsByName = new Map<string, string>();
  readonly roles = new Map<number, Role>();
  /** Global roles in display order. */
  globalRoleIds: number[] = [];
  /** Default actors per global role: copied into projects created afterwards. */
  readonly defaultActors = new Map<number, Actors>();
  readonly projects = new Map<string, Project>();
  private readonly projectsByKey = new Map<string, string>();
  private sortedProjects: Project[] | null = null;
  readonly serviceDesks = new Map<string, string>(); // serviceDeskId -> projectId
  readonly categories = new Map<string, Category>();
  readonly appRoles = new Map<string, ApplicationRole>();
  readonly organizations = new Map<string, Organization>();
  readonly directories = new Map<string, Directory>();
  /** Members of these groups have the Administer Jira global permission. */
  readonly adminGroupIds = new Set<string>();
  /** groupId -> "projectId:roleId" of every role binding that names it (to clean up on delete). */
  private readonly groupBindings = new Map<string, Set<string>>();
  readonly permissionSchemes = new Map<number, PermissionScheme>();
  /** Jira's audit log, oldest first (see audit-log.ts). */
  readonly auditRecords: AuditRecord[] = [];
  /** Free plans have no audit log; Tier 2 quotas follow the plan. */
  plan: Plan = 'standard';
  /** Audit record summaries are written in it. */
  language: Language = 'en';
  counters = {
    project: 10000,
    role: 10200,
    serviceDesk: 0,
    organization: 0,
    category: 10000,
    permissionScheme: 10000,
    grant: 10000,
    audit: 0,
  };
  /** Bumped on every change: persistence writes only when it moved. */
  version = 0;
  /** The site's clock (the server's, shared across resets): what the state records as now. */
  clock = new Clock();

  constructor(readonly salt = 'emulator') {
    this.ids = new IdSource(salt);
  }

  /** Plain JSON of everything (for the persist file). */
  serialize(): SerializedState {
    const actors = (a: Actors) => ({ groups: [...a.groups], users: [...a.users] });
    return {
      format: 1,
      salt: this.salt,
      idPosition: this.ids.position,
      counters: { ...this.counters },
      users: [...this.users.values()].map((u) => ({ ...u, groups: [...u.groups] })),
      groups: [...this.groups.values()].map((g) => ({ ...g, members: [...g.members] })),
      roles: [...this.roles.values()],
      globalRoleIds: this.globalRoleIds,
      defaultActors: [...this.defaultActors].map(([id, a]) => [id, actors(a)]),
      projects: [...this.projects.values()].map((p) => ({
        ...p,
        actors: [...p.actors].map(
          ([id, a]) => [id, actors(a)] as [number, { groups: string[]; users: string[] }],
        ),
        customers: [...p.customers],
        organizationIds: [...p.organizationIds],
      })),
      categories: [...this.categories.values()],
      appRoles: [...this.appRoles.values()].map((r) => ({
        ...r,
        groups: [...r.groups],
        defaultGroups: [...r.defaultGroups],
      })),
      organizations: [...this.organizations.values()].map((o) => ({
        ...o,
        members: [...o.members],
      })),
      directories: [...this.directories.values()],
      adminGroupIds: [...this.adminGroupIds],
      permissionSchemes: [...this.permissionSchemes.values()],
      auditRecords: this.auditRecords,
      plan: this.plan,
      language: this.language,
    };
  }

  static deserialize(d: SerializedState): State {
    if (d?.format !== 1)
      throw new Error(
        'The persisted emulator state has an unknown format; delete the file to start from a seed.',
      );
    const s = new State(d.salt);
    s.ids.position = d.idPosition;
    s.counters = { ...s.counters, ...d.counters };
    const actors = (a: { groups: string[]; users: string[] }): Actors => ({
      groups: new Set(a.groups),
      users: new Set(a.users),
    });
    for (const u of d.users) {
      s.users.set(u.accountId, { ...u, groups: new Set(u.groups) });
      if (u.emailAddress) s.usersByEmail.set(u.emailAddress.toLowerCase(), u.accountId);
    }
    for (const g of d.groups) {
      s.groups.set(g.groupId, { ...g, members: new Set(g.members) });
      s.groupsByName.set(g.name.toLowerCase(), g.groupId);
    }
    for (const r of d.roles) s.roles.set(r.id, r);
    s.globalRoleIds = d.globalRoleIds;
    for (const [id, a] of d.defaultActors) s.defaultActors.set(id, actors(a));
    for (const p of d.projects) {
      const project: Project = {
        ...p,
        actors: new Map(p.actors.map(([id, a]) => [id, actors(a)])),
        customers: new Set(p.customers),
        organizationIds: new Set(p.organizationIds),
      };
      s.projects.set(p.id, project);
      s.projectsByKey.set(p.key.toUpperCase(), p.id);
      if (p.serviceDeskId) s.serviceDesks.set(p.serviceDeskId, p.id);
      for (const [roleId, a] of project.actors)
        for (const g of a.groups) {
          let b = s.groupBindings.get(g);
          if (!b) {
            b = new Set();
            s.groupBindings.set(g, b);
          }
          b.add(`${p.id}:${roleId}`);
        }
    }
    for (const c of d.categories) s.categories.set(c.id, c);
    for (const r of d.appRoles)
      s.appRoles.set(r.key, {
        ...r,
        groups: new Set(r.groups),
        defaultGroups: new Set(r.defaultGroups),
      });
    for (const o of d.organizations)
      s.organizations.set(o.id, { ...o, members: new Set(o.members) });
    for (const dir of d.directories) s.directories.set(dir.id, dir);
    for (const id of d.adminGroupIds) s.adminGroupIds.add(id);
    for (const ps of d.permissionSchemes ?? []) s.permissionSchemes.set(ps.id, ps);
    s.auditRecords.push(...(d.auditRecords ?? []));
    if (d.plan) s.plan = d.plan;
    if (d.language) s.language = d.language;
    return s;
  }

  touch(): void {
    this.version += 1;
  }

  // ---- users -------------------------------------------------------------------------------
  addUser(u: {
    accountId?: string;
    emailAddress: string;
    displayName: string;
    accountType?: AccountType;
    active?: boolean;
  }): User {
    const user: User = {
      accountId: u.accountId ?? this.ids.accountId(),
      emailAddress: u.emailAddress,
      displayName: u.displayName,
      accountType: u.accountType ?? 'atlassian',
      active: u.active ?? true,
      groups: new Set(),
    };
    this.users.set(user.accountId, user);
    if (user.emailAddress) this.usersByEmail.set(user.emailAddress.toLowerCase(), user.accountId);
    this.touch();
    return user;
  }

  userByEmail(email: string): User | undefined {
    const id = this.usersByEmail.get(email.toLowerCase());
    return id ? this.users.get(id) : undefined;
  }

  setUserEmail(user: User, email: string): void {
    if (user.emailAddress) this.usersByEmail.delete(user.emailAddress.toLowerCase());
    user.emailAddress = email;
    this.usersByEmail.set(email.toLowerCase(), user.accountId);
    this.touch();
  }

  // ---- groups ------------------------------------------------------------------------------
  addGroup(
    name: string,
    opts: {
      managedBy?: ManagedBy;
      directoryId?: string;
      externalId?: string;
      groupId?: string;
    } = {},
  ): Group {
    const at = this.clock.iso();
    const g: Group = {
      groupId: opts.groupId ?? this.ids.uuid(),
      name,
      managedBy: opts.managedBy ?? 'ADMINS',
      members: new Set(),
      created: at,
      lastModified: at,
      ...(opts.directoryId ? { directoryId: opts.directoryId } : {}),
      ...(opts.externalId ? { externalId: opts.externalId } : {}),
    };
    this.groups.set(g.groupId, g);
    this.groupsByName.set(name.toLowerCase(), g.groupId);
    this.touch();
    auditChange(this, { summary: 'Group created', ...this.groupAudit(g) });
    return g;
  }

  groupByName(name: string): Group | undefined {
    const id = this.groupsByName.get(name.toLowerCase());
    return id ? this.groups.get(id) : undefined;
  }

  renameGroup(g: Group, name: string): void {
    const was = g.name;
    this.groupsByName.delete(g.name.toLowerCase());
    g.name = name;
    g.lastModified = this.clock.iso();
    this.groupsByName.set(name.toLowerCase(), g.groupId);
    this.touch();
    auditChange(this, {
      summary: 'Group renamed',
      ...this.groupAudit(g),
      changedValues: [{ fieldName: 'Name', changedFrom: was, changedTo: name }],
    });
  }

  /** Deletes a group everywhere it is referenced: members, role actors, defaults, products. */
  deleteGroup(g: Group): void {
    for (const accountId of g.members) this.users.get(accountId)?.groups.delete(g.groupId);
    for (const binding of this.groupBindings.get(g.groupId) ?? []) {
      const [projectId, roleId] = binding.split(':');
      this.projects.get(projectId)?.actors.get(Number(roleId))?.groups.delete(g.groupId);
    }
    this.groupBindings.delete(g.groupId);
    for (const a of this.defaultActors.values()) a.groups.delete(g.groupId);
    for (const r of this.appRoles.values()) {
      r.groups.delete(g.groupId);
      r.defaultGroups.delete(g.groupId);
    }
    this.adminGroupIds.delete(g.groupId);
    for (const ps of this.permissionSchemes.values())
      ps.grants = ps.grants.filter(
        (x) => x.holder.type !== 'group' || x.holder.value !== g.groupId,
      );
    this.groups.delete(g.groupId);
    this.groupsByName.delete(g.name.toLowerCase());
    this.touch();
    auditChange(this, { summary: 'Group deleted', ...this.groupAudit(g) });
  }

  /** How audit records name a group: by id, its directory as parent (synced groups). */
  private groupAudit(g: Group): { category: string; objectItem: AuditItem } {
    const dir = g.directoryId ? this.directories.get(g.directoryId) : undefined;
    return {
      category: 'group management',
      objectItem: {
        id: g.groupId,
        name: g.name,
        typeName: 'GROUP',
        ...(dir ? { parentId: dir.id, parentName: dir.name } : {}),
      },
    };
  }

  /** "New users have access to this product": a new account joins those products' default groups. */
  grantDefaultAccess(u: User): void {
    for (const r of this.appRoles.values())
      if (r.selectedByDefault)
        for (const id of r.defaultGroups) {
          const g = this.groups.get(id);
          if (g) this.addMember(g, u);
        }
  }

  addMember(g: Group, u: User): void {
    const joined = !g.members.has(u.accountId);
    g.members.add(u.accountId);
    u.groups.add(g.groupId);
    g.lastModified = this.clock.iso();
    this.touch();
    if (joined) this.auditMembership('User added to group', g, u);
  }

  removeMember(g: Group, u: User): void {
    const left = g.members.delete(u.accountId);
    u.groups.delete(g.groupId);
    g.lastModified = this.clock.iso();
    this.touch();
    if (left) this.auditMembership('User removed from group', g, u);
  }

  /**
   * Jira's audit log shows membership changes (SCIM's and REST's) as the group's record with the
   * account as associated item; Atlassian does not document these records.
   */
  private auditMembership(summary: string, g: Group, u: User): void {
    auditChange(this, {
      summary,
      ...this.groupAudit(g),
      associatedItems: [{ id: u.accountId, name: u.accountId, typeName: 'USER' }],
    });
  }

  // ---- roles -------------------------------------------------------------------------------
  addGlobalRole(id: number, name: string, description: string): Role {
    const r: Role = { id, name, description };
    this.roles.set(id, r);
    this.globalRoleIds.push(id);
    this.defaultActors.set(id, { groups: new Set(), users: new Set() });
    this.touch();
    return r;
  }

  /** The roles a project has, in display order: its own (team-managed) or the global ones. */
  projectRoleIds(p: Project): number[] {
    return p.ownRoles ? Object.values<number>(p.ownRoles) : this.globalRoleIds;
  }

  projectHasRole(p: Project, roleId: number): boolean {
    const r = this.roles.get(roleId);
    if (!r) return false;
    return p.ownRoles ? r.projectId === p.id : r.projectId === undefined;
  }

  /** The role that administers the project / holds its agents / its customers, by purpose. */
  roleFor(p: Project, purpose: 'admin' | 'agent' | 'customer'): number | undefined {
    if (p.ownRoles)
      return purpose === 'admin'
        ? p.ownRoles.administrator
        : purpose === 'agent'
          ? p.ownRoles.member
          : p.ownRoles.customer;
    return purpose === 'admin'
      ? ROLE.ADMINISTRATORS
      : purpose === 'agent'
        ? ROLE.SERVICE_DESK_TEAM
        : ROLE.SERVICE_DESK_CUSTOMERS;
  }

  actorsOf(p: Project, roleId: number): Actors {
    let a = p.actors.get(roleId);
    if (!a) {
      a = { groups: new Set(), users: new Set() };
      p.actors.set(roleId, a);
    }
    return a;
  }

  addGroupActor(p: Project, roleId: number, groupId: string): void {
    auditRoleChanging(this, p, roleId);
    this.actorsOf(p, roleId).groups.add(groupId);
    let b = this.groupBindings.get(groupId);
    if (!b) {
      b = new Set();
      this.groupBindings.set(groupId, b);
    }
    b.add(`${p.id}:${roleId}`);
    this.touch();
  }

  removeGroupActor(p: Project, roleId: number, groupId: string): boolean {
    auditRoleChanging(this, p, roleId);
    const removed = p.actors.get(roleId)?.groups.delete(groupId) ?? false;
    this.groupBindings.get(groupId)?.delete(`${p.id}:${roleId}`);
    if (removed) this.touch();
    return removed;
  }

  addUserActor(p: Project, roleId: number, accountId: string): void {
    auditRoleChanging(this, p, roleId);
    this.actorsOf(p, roleId).users.add(accountId);
    this.touch();
  }

  removeUserActor(p: Project, roleId: number, accountId: string): boolean {
    auditRoleChanging(this, p, roleId);
    const removed = p.actors.get(roleId)?.users.delete(accountId) ?? false;
    if (removed) this.touch();
    return removed;
  }

  /** Whether a user is in a project's role, directly or through one of their groups. */
  inRole(u: User, p: Project, roleId: number): boolean {
    const a = p.actors.get(roleId);
    if (!a) return false;
    if (a.users.has(u.accountId)) return true;
    if (a.groups.size < u.groups.size) {
      for (const g of a.groups) if (u.groups.has(g)) return true;
    } else {
      for (const g of u.groups) if (a.groups.has(g)) return true;
    }
    return false;
  }

  // ---- projects ----------------------------------------------------------------------------
  projectByIdOrKey(idOrKey: string): Project | undefined {
    if (/^\d+$/.test(idOrKey)) return this.projects.get(idOrKey);
    const id = this.projectsByKey.get(idOrKey.toUpperCase());
    return id ? this.projects.get(id) : undefined;
  }

  projectByName(name: string): Project | undefined {
    const lower = name.toLowerCase();
    for (const p of this.projects.values()) if (p.name.toLowerCase() === lower) return p;
    return undefined;
  }

  /** Projects ordered by key, cached until the next create/delete. */
  projectsByKeyOrder(): Project[] {
    if (!this.sortedProjects)
      this.sortedProjects = [...this.projects.values()].sort((a, b) =>
        a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      );
    return this.sortedProjects;
  }

  createProject(n: NewProject): Project {
    this.counters.project += 1;
    const p: Project = {
      id: String(this.counters.project),
      key: n.key,
      name: n.name,
      description: n.description ?? '',
      projectTypeKey: n.projectTypeKey,
      style: n.style,
      leadAccountId: n.leadAccountId,
      uuid: this.ids.uuid(),
      actors: new Map(),
      customers: new Set(),
      organizationIds: new Set(),
      ...(n.categoryId ? { categoryId: n.categoryId } : {}),
    };
    auditProjectCreating(p);
    if (n.style === 'next-gen') {
      // A team-managed project gets its own roles; service projects also a customer role
      // that Jira's UI hides.
      p.ownRoles = {};
      const purposes: (keyof typeof TEAM_MANAGED_ROLES)[] =
        n.projectTypeKey === 'service_desk'
          ? ['administrator', 'member', 'viewer', 'customer']
          : ['administrator', 'member', 'viewer'];
      for (const purpose of purposes) {
        this.counters.role += 1;
        const id = this.counters.role;
        this.roles.set(id, {
          id,
          name: TEAM_MANAGED_ROLES[purpose],
          description: `${TEAM_MANAGED_ROLES[purpose]} of ${n.name}`,
          projectId: p.id,
        });
        p.ownRoles[purpose] = id;
      }
    } else {
      for (const [roleId, a] of this.defaultActors) {
        for (const g of a.groups) this.addGroupActor(p, roleId, g);
        for (const u of a.users) this.addUserActor(p, roleId, u);
      }
    }
    // Jira puts the project's creator/lead into its administrators role.
    const adminRole = this.roleFor(p, 'admin');
    if (adminRole !== undefined && this.users.has(n.leadAccountId))
      this.addUserActor(p, adminRole, n.leadAccountId);
    if (p.projectTypeKey === 'service_desk') {
      this.counters.serviceDesk += 1;
      p.serviceDeskId = String(this.counters.serviceDesk);
      this.serviceDesks.set(p.serviceDeskId, p.id);
    }
    assignDefaultScheme(this, p);
    this.projects.set(p.id, p);
    this.projectsByKey.set(p.key.toUpperCase(), p.id);
    this.sortedProjects = null;
    this.touch();
    auditChange(this, {
      summary: 'Project created',
      category: 'projects',
      objectItem: projectItem(p),
      changedValues: this.projectFields(p)
        .filter(([, v]) => v)
        .map(([fieldName, v]) => ({ fieldName, changedTo: v })),
    });
    return p;
  }

  /** Changes a project's details; a new key replaces the old one (which no longer resolves). */
  updateProject(
    p: Project,
    u: Partial<Pick<Project, 'key' | 'name' | 'description' | 'leadAccountId'>> & {
      categoryId?: string | null;
    },
  ): void {
    const before = this.projectFields(p);
    if (u.key !== undefined && u.key !== p.key) {
      this.projectsByKey.delete(p.key.toUpperCase());
      p.key = u.key;
      this.projectsByKey.set(p.key.toUpperCase(), p.id);
      this.sortedProjects = null;
    }
    if (u.name !== undefined) p.name = u.name;
    if (u.description !== undefined) p.description = u.description;
    if (u.leadAccountId !== undefined) p.leadAccountId = u.leadAccountId;
    if (u.categoryId === null) delete p.categoryId;
    else if (u.categoryId !== undefined) p.categoryId = u.categoryId;
    this.touch();
    const after = this.projectFields(p);
    const changedValues = after
      .map(([fieldName, v], i) => ({ fieldName, from: before[i][1], to: v }))
      .filter((c) => c.from !== c.to)
      .map(({ fieldName, from, to }) => ({
        fieldName,
        ...(from ? { changedFrom: from } : {}),
        ...(to ? { changedTo: to } : {}),
      }));
    if (changedValues.length)
      auditChange(this, {
        summary: 'Project updated',
        category: 'projects',
        objectItem: projectItem(p),
        changedValues,
      });
  }

  /** A project's details as audit records show them. */
  private projectFields(p: Project): [string, string][] {
    const category = p.categoryId ? this.categories.get(p.categoryId)?.name : undefined;
    return [
      ['Name', p.name],
      ['Key', p.key],
      ['Description', p.description],
      ['Project lead', p.leadAccountId],
      ['Project category', category ?? ''],
    ];
  }

  deleteProject(p: Project): void {
    for (const [roleId, a] of p.actors)
      for (const g of a.groups) this.groupBindings.get(g)?.delete(`${p.id}:${roleId}`);
    if (p.ownRoles) for (const id of Object.values(p.ownRoles)) this.roles.delete(id);
    if (p.serviceDeskId) this.serviceDesks.delete(p.serviceDeskId);
    for (const ps of this.permissionSchemes.values())
      if (ps.projectId === p.id) this.permissionSchemes.delete(ps.id);
    this.projects.delete(p.id);
    this.projectsByKey.delete(p.key.toUpperCase());
    this.sortedProjects = null;
    this.touch();
    auditChange(this, {
      summary: 'Project deleted',
      category: 'projects',
      objectItem: projectItem(p),
      changedValues: [
        { fieldName: 'Name', changedFrom: p.name },
        { fieldName: 'Key', changedFrom: p.key },
      ],
    });
  }

  serviceDeskProject(idOrKey: string): Project | undefined {
    const pid = this.serviceDesks.get(idOrKey);
    const p = pid ? this.projects.get(pid) : this.projectByIdOrKey(idOrKey);
    return p?.serviceDeskId ? p : undefined;
  }

  addCategory(name: string, description = ''): Category {
    this.counters.category += 1;
    const c = { id: String(this.counters.category), name, description };
    this.categories.set(c.id, c);
    this.touch();
    return c;
  }

  addOrganization(name: string): Organization {
    this.counters.organization += 1;
    const o: Organization = {
      id: String(this.counters.organization),
      name,
      members: new Set(),
      created: this.clock.iso(),
    };
    this.organizations.set(o.id, o);
    this.touch();
    return o;
  }

  deleteOrganization(o: Organization): void {
    for (const p of this.projects.values()) p.organizationIds.delete(o.id);
    this.organizations.delete(o.id);
    this.touch();
  }
}
