// Which audit records become change signals: role changes and project updates mark the project,
// a created project is new, a deleted one is forgotten, a deleted group a rule names asks for a
// full run; the rest is noise. Records naming a rule's group hint its organizations changed.
// Records are read by their items' types and ids, so a site in another language yields the same.
import {
  groupHintOf,
  readAuditSignals,
  signalOf,
} from '../../../../src/enforce/signals/audit-signals';
import { answer, fakeClient, FakeJira } from '../../jira/fake-jira';

const RULE_GROUP = 'g-rule';
const groups = new Set([RULE_GROUP]);
const project = { id: '10001', typeName: 'PROJECT' };

describe('signalOf', () => {
  it('marks the project whose roles changed', () => {
    const r = {
      summary: 'Project roles changed',
      objectItem: { id: '10101', typeName: 'PROJECT_ROLE' },
      associatedItems: [project],
    };
    expect(signalOf(r, groups)).toEqual({ kind: 'changed', ref: { projectId: '10001' } });
  });

  it('marks a created project as new and an updated one as changed', () => {
    expect(signalOf({ summary: 'Project created', objectItem: project }, groups)).toEqual({
      kind: 'created',
      ref: { projectId: '10001' },
    });
    expect(signalOf({ summary: 'Project updated', objectItem: project }, groups)).toEqual({
      kind: 'changed',
      ref: { projectId: '10001' },
    });
  });

  it('asks for a full run only when a group a rule names is deleted', () => {
    const deleted = (id: string) => ({
      summary: 'Group deleted',
      objectItem: { id, typeName: 'GROUP' },
    });
    expect(signalOf(deleted(RULE_GROUP), groups)).toBe('full-run');
    expect(signalOf(deleted('g-other'), groups)).toBeUndefined();
  });

  it('names a deleted project by id, and by the key it had when the record says it', () => {
    expect(signalOf({ summary: 'Project deleted', objectItem: project }, groups)).toEqual({
      kind: 'deleted',
      project: { id: '10001' },
    });
    const withKey = {
      summary: 'Project deleted',
      objectItem: project,
      changedValues: [
        { fieldName: 'Name', changedFrom: 'IT Help' },
        { fieldName: 'Key', changedFrom: 'ITHELP' },
      ],
    };
    expect(signalOf(withKey, groups)).toEqual({
      kind: 'deleted',
      project: { id: '10001', key: 'ITHELP' },
    });
  });

  it('ignores renamed groups and records without a project', () => {
    const renamed = { summary: 'Group renamed', objectItem: { id: RULE_GROUP } };
    expect(signalOf(renamed, groups)).toBeUndefined();
    expect(signalOf({ summary: 'Project roles changed', associatedItems: [] }, groups)).toBe(
      undefined,
    );
    expect(signalOf({ summary: 'User created' }, groups)).toBeUndefined();
  });
});

describe('groupHintOf', () => {
  const group = (id: string) => ({ id, typeName: 'GROUP' });
  const user = { id: 'acc-1', typeName: 'USER' };

  it("names a rule's group whose members or name changed, wherever the record puts it", () => {
    for (const summary of ['User added to group', 'User removed from group', 'Group renamed'])
      expect(
        groupHintOf({ summary, objectItem: group(RULE_GROUP), associatedItems: [user] }, groups),
      ).toBe(RULE_GROUP);
    const swapped = {
      summary: 'User added to group',
      objectItem: user,
      associatedItems: [group(RULE_GROUP)],
    };
    expect(groupHintOf(swapped, groups)).toBe(RULE_GROUP);
  });

  it('ignores other groups and other records', () => {
    const other = { summary: 'User added to group', objectItem: group('g-other') };
    expect(groupHintOf(other, groups)).toBeUndefined();
    expect(groupHintOf({ summary: 'Group created', objectItem: group(RULE_GROUP) }, groups)).toBe(
      undefined,
    );
    expect(groupHintOf({ summary: 'User created', objectItem: user }, groups)).toBeUndefined();
  });
});

// Jira writes summaries in the site's language; items, their types and ids do not change.
describe('a site whose audit log speaks another language', () => {
  const group = (id: string) => ({ id, name: 'Contoso Customers', typeName: 'GROUP' });
  const user = { id: 'acc-1', name: 'acc-1', typeName: 'USER' };
  const itHelp = { id: '10001', name: 'IT Help', typeName: 'PROJECT' };
  /** [English record, its summary as a German site writes it] */
  const records: [Record<string, unknown>, string][] = [
    [
      {
        summary: 'Project roles changed',
        objectItem: { id: '10101', name: 'Service Desk Customers', typeName: 'PROJECT_ROLE' },
        associatedItems: [itHelp],
        changedValues: [{ fieldName: 'Groups', changedFrom: 'Contoso Customers' }],
      },
      'Projektrollen geändert',
    ],
    [
      {
        summary: 'Project created',
        objectItem: itHelp,
        changedValues: [
          { fieldName: 'Name', changedTo: 'IT Help' },
          { fieldName: 'Key', changedTo: 'ITHELP' },
        ],
      },
      'Projekt erstellt',
    ],
    [
      {
        summary: 'Project updated',
        objectItem: itHelp,
        changedValues: [{ fieldName: 'Project category', changedFrom: 'Internal' }],
      },
      'Projekt aktualisiert',
    ],
    [
      {
        summary: 'Project deleted',
        objectItem: itHelp,
        changedValues: [
          { fieldName: 'Name', changedFrom: 'IT Help' },
          { fieldName: 'Key', changedFrom: 'ITHELP' },
        ],
      },
      'Projekt gelöscht',
    ],
    [{ summary: 'Group deleted', objectItem: group(RULE_GROUP) }, 'Gruppe gelöscht'],
    [
      {
        summary: 'Group renamed',
        objectItem: group(RULE_GROUP),
        changedValues: [{ fieldName: 'Name', changedFrom: 'Old', changedTo: 'New' }],
      },
      'Gruppe umbenannt',
    ],
    [
      { summary: 'User added to group', objectItem: group(RULE_GROUP), associatedItems: [user] },
      'Benutzer zur Gruppe hinzugefügt',
    ],
  ];

  it('yields the same signals and hints as the English records', () => {
    const english = records.map(([r]) => [signalOf(r, groups), groupHintOf(r, groups)]);
    const german = records.map(([r, summary]) => [
      signalOf({ ...r, summary }, groups),
      groupHintOf({ ...r, summary }, groups),
    ]);
    expect(german).toEqual(english);
    // And those are the signals the records carry, not nothing.
    expect(english.map(([s]) => s)).toEqual([
      { kind: 'changed', ref: { projectId: '10001' } },
      { kind: 'created', ref: { projectId: '10001' } },
      { kind: 'changed', ref: { projectId: '10001' } },
      { kind: 'deleted', project: { id: '10001', key: 'ITHELP' } },
      'full-run',
      undefined,
      undefined,
    ]);
    expect(english.map(([, hint]) => hint)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      RULE_GROUP,
      RULE_GROUP,
    ]);
  });

  it('tells an update that clears a field from a deletion: the name stays', () => {
    const cleared = {
      summary: 'Projekt aktualisiert',
      objectItem: itHelp,
      changedValues: [{ fieldName: 'Beschreibung', changedFrom: 'Old text' }],
    };
    expect(signalOf(cleared, groups)).toEqual({ kind: 'changed', ref: { projectId: '10001' } });
  });
});

describe('readAuditSignals', () => {
  const APP = 'app-account';
  const roleChange = (author: string, summary: string, created: string, projectId = '10001') => ({
    id: Number(created.slice(14, 16)),
    created,
    summary,
    authorAccountId: author,
    objectItem: { id: '10101', typeName: 'PROJECT_ROLE' },
    associatedItems: [{ id: projectId, typeName: 'PROJECT' }],
  });

  it("answers when it last saw the app change each role, and leaves the app's records out of the signals", async () => {
    const records = [
      roleChange(APP, 'Projektrollen geändert', '2026-01-01T10:20:00.000+0000'),
      roleChange(APP, 'Projektrollen geändert', '2026-01-01T10:10:00.000Z'),
      roleChange('person', 'Projektrollen geändert', '2026-01-01T10:30:00.000Z', '10002'),
    ];
    const jira = new FakeJira().then(answer(200, { total: 3, records }));
    const read = await readAuditSignals(fakeClient(jira).client, {
      since: '2026-01-01T10:00:00.000Z',
      until: '2026-01-01T11:00:00.000Z',
      appAccountId: APP,
      ruleGroupIds: groups,
      seen: new Set(),
    });
    expect(read).toMatchObject({
      readable: true,
      changed: [{ projectId: '10002' }],
      from: '2026-01-01T09:55:00.000Z',
      complete: true,
      records: 1,
    });
    expect(read.readable && [...read.own]).toEqual([['10001:10101', '2026-01-01T10:20:00.000Z']]);
  });
});

// A person's change of a role that names no group the app watches asks for no visit; any doubt,
// and the project is visited as before.
describe('readAuditSignals: role changes that cannot concern the app', () => {
  const APP = 'app-account';
  const CUSTOMERS = 'Contoso Customers';
  const at = '2026-01-01T10:30:00.000Z';
  let nextId = 1;
  const roleChange = (from: string, to: string, projectId = '10001') => ({
    id: nextId++,
    created: at,
    summary: 'Project roles changed',
    authorAccountId: 'person',
    objectItem: { id: '10101', name: 'Service Desk Customers', typeName: 'PROJECT_ROLE' },
    associatedItems: [{ id: projectId, name: 'IT Help', typeName: 'PROJECT' }],
    changedValues: [
      {
        fieldName: 'Groups',
        ...(from ? { changedFrom: from } : {}),
        ...(to ? { changedTo: to } : {}),
      },
    ],
  });
  const renamed = (from: string, to: string) => ({
    id: nextId++,
    created: '2026-01-01T10:40:00.000Z',
    summary: 'Group renamed',
    objectItem: { id: RULE_GROUP, name: to, typeName: 'GROUP' },
    changedValues: [{ fieldName: 'Name', changedFrom: from, changedTo: to }],
  });

  async function read(
    records: object[],
    opts: { names?: string[] | undefined; ledger?: Record<string, { groupName?: string }[]> } = {},
  ) {
    const names = 'names' in opts ? opts.names : [CUSTOMERS];
    const ledger = opts.ledger ?? {};
    const jira = new FakeJira().then(answer(200, { total: records.length, records }));
    const ledgerReads: string[] = [];
    const result = await readAuditSignals(fakeClient(jira).client, {
      since: '2026-01-01T10:00:00.000Z',
      until: '2026-01-01T11:00:00.000Z',
      appAccountId: APP,
      ruleGroupIds: groups,
      seen: new Set(),
      quiet: {
        ruleGroupNames: names,
        allRuleGroupIds: groups,
        ledgerOf: async (projectId) => {
          ledgerReads.push(projectId);
          return ledger[projectId] ?? [];
        },
      },
    });
    if (!result.readable) throw new Error('unreadable');
    return { ...result, ledgerReads };
  }

  it('marks nothing when a person adds a group no rule names to Service Desk Customers', async () => {
    const r = await read([roleChange(CUSTOMERS, `${CUSTOMERS}, Sales Team`)]);
    expect(r).toMatchObject({ changed: [], quiet: 1, records: 1 });
    // Nor for a group added to a role that held none, or to another role.
    const other = {
      ...roleChange('', 'jira-administrators'),
      objectItem: { id: '10002', typeName: 'PROJECT_ROLE' },
    };
    expect(await read([roleChange('', 'Sales Team'), other])).toMatchObject({
      changed: [],
      quiet: 2,
    });
  });

  it("marks the project when a person removes a rule's group, whatever the case Jira writes", async () => {
    expect(await read([roleChange(`${CUSTOMERS}, Sales Team`, 'Sales Team')])).toMatchObject({
      changed: [{ projectId: '10001' }],
      quiet: 0,
    });
    expect(await read([roleChange('CONTOSO CUSTOMERS', '')])).toMatchObject({
      changed: [{ projectId: '10001' }],
    });
  });

  it('marks the project when the group added holds ", " and a rule\'s group\'s name with it', async () => {
    // "Contoso Customers" and "Contoso Customers, EMEA" read as the rule's group twice: the
    // record cannot say the rule's group was not replaced.
    const r = await read([roleChange(CUSTOMERS, `${CUSTOMERS}, ${CUSTOMERS}, EMEA`)]);
    expect(r).toMatchObject({ changed: [{ projectId: '10001' }], quiet: 0 });
    // A rule's group whose name holds ", ": any part of it added or removed is a doubt.
    const split = await read([roleChange('', 'EMEA')], { names: ['Customers, EMEA'] });
    expect(split).toMatchObject({ changed: [{ projectId: '10001' }] });
  });

  it("marks the project when a person removes a group the app's ledger holds there", async () => {
    const ledger = { '10001': [{ groupName: 'Legacy Customers' }], '10002': [{}] };
    const r = await read(
      [
        roleChange('Legacy Customers, Sales Team', 'Sales Team'),
        // A ledger entry without a name may be any group.
        roleChange('', 'Sales Team', '10002'),
        // The same removal elsewhere, where the app holds nothing: no visit.
        roleChange('Legacy Customers', '', '10003'),
      ],
      { ledger },
    );
    expect(r).toMatchObject({
      changed: [{ projectId: '10001' }, { projectId: '10002' }],
      quiet: 1,
    });
    expect(r.ledgerReads.sort()).toEqual(['10001', '10002', '10003']);
  });

  it("marks every role change when a rule's group was renamed in the same hour", async () => {
    // Removed under its old name, renamed since: neither name the run knows is the record's.
    const r = await read([
      roleChange('Contoso Clients', ''),
      renamed('Contoso Clients', CUSTOMERS),
    ]);
    expect(r).toMatchObject({ changed: [{ projectId: '10001' }], quiet: 0, renamed: [RULE_GROUP] });
  });

  it("marks every role change while a rule's group's name is not known, and one of users only", async () => {
    expect(await read([roleChange('', 'Sales Team')], { names: undefined })).toMatchObject({
      changed: [{ projectId: '10001' }],
    });
    const usersOnly = {
      ...roleChange('', ''),
      changedValues: [{ fieldName: 'Users', changedTo: 'acc-1' }],
    };
    expect(await read([usersOnly])).toMatchObject({ changed: [{ projectId: '10001' }] });
  });

  it("leaves the app's own records to the self-check", async () => {
    const own = { ...roleChange('', 'Sales Team'), authorAccountId: APP };
    const r = await read([own]);
    expect(r).toMatchObject({ changed: [], quiet: 0, records: 0 });
    expect(r.own.get('10001:10101')).toBe(at);
  });
});
