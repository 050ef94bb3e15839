// The organization unit tests' site: one project and one synced group on the deterministic
// platform (a fresh one per test), the rule that keeps the group's members in organization
// "Acme", and hourly runs. Given a start time, Date is faked from it and the test moves it on
// (`advance`); the platform's own promises and timers run as usual.
import { saveRule } from '../../../../src/enforce/rules/rules-service';
import { Engine } from '../harness/engine';

export const HOUR = 3_600_000;
export const ORG_USERS = /^\/rest\/servicedeskapi\/organization\/\d+\/user$/;

export interface OrgSite {
  engine: Engine;
  /** The faked time (ms), for a site with a clock. */
  now: number;
}

/** A fresh site before each test, torn down after it. */
export function useOrgSite(start?: string): OrgSite {
  const site = { now: 0 } as OrgSite;
  beforeEach(() => {
    if (start !== undefined) {
      site.now = Date.parse(start);
      // Only Date is faked.
      jest.useFakeTimers({
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
        now: site.now,
      });
    }
    site.engine = new Engine({ projects: 1, groups: 1 });
    site.engine.platform.install();
  });
  afterEach(() => {
    site.engine.platform.uninstall();
    if (start !== undefined) jest.useRealTimers();
  });
  return site;
}

/** Moves the faked time on. */
export function advance(site: OrgSite, ms: number): void {
  site.now += ms;
  jest.setSystemTime(site.now);
}

export const ruleGroup = (engine: Engine) => engine.site.groups[0].groupId;
export const acme = (engine: Engine) =>
  [...engine.site.orgs.values()].find((o) => o.name === 'Acme')!;

/** Saves, as an admin, the rule that keeps the group's members in organization "Acme". */
export async function saveOrgRule(engine: Engine): Promise<void> {
  const inv = engine.platform.invoke('admin', () =>
    saveRule(
      {
        name: 'Into Acme',
        groupIds: [ruleGroup(engine)],
        scope: { type: 'all' },
        target: 'organization',
        organization: { name: 'Acme' },
      },
      'admin',
    ),
  );
  await inv.settled;
  if (inv.state !== 'done') throw inv.error;
}

/** The hourly run, from its trigger until its queue is empty; answers its record. */
export async function hourlyRun(engine: Engine): Promise<any> {
  const before = new Set(engine.runs().map((r) => r.id));
  const inv = engine.hourly();
  await engine.platform.quiesce();
  if (inv.state !== 'done') throw inv.error;
  await engine.drain(5000);
  const [run] = engine.runs().filter((r) => !before.has(r.id));
  return run;
}

/** What a run's sync of each organization said. */
export const orgPlans = (engine: Engine, runId: string) =>
  engine.platform.values<{ plans: any[] }>(`runorg:${runId}`)[0].plans;

/** The hourly run `hours` after the last one, which succeeds: what it says of the organization. */
export async function orgRunAfter(site: OrgSite, hours: number): Promise<any> {
  advance(site, hours * HOUR);
  const run = await hourlyRun(site.engine);
  expect(run.status).toBe('succeeded');
  return orgPlans(site.engine, run.id)[0];
}
