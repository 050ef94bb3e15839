// The admin page's words for one organization of a run (static/admin/src/org-words.ts): an hourly
// run that left it alone says since when and how often the routine check reads it in full; one
// that synced says why and what changed.
import type { OrgPlanSummary } from '../../../src/domain/org-plan';
import { orgPlanSentence } from '../../../static/admin/src/org-words';
import { formatDateTime } from '../../../static/shared/format';

jest.mock('@forge/bridge', () => ({ i18n: {}, view: {} }));

const base: OrgPlanSummary = {
  organizationId: '7',
  organizationName: 'Acme Partners',
  adds: 0,
  removals: 0,
  drift: 0,
  keptByRemovalSetting: 0,
  manualMembers: 0,
};

describe('orgPlanSentence', () => {
  it('an unchanged organization: since when, and how often it is read in full', () => {
    const at = '2026-03-02T10:00:00.000Z';
    expect(orgPlanSentence({ ...base, unchangedSince: at, fullReadHours: 672 }, true)).toBe(
      `Unchanged since ${formatDateTime(at)} (member counts as then, no member read); read in full by the routine check every 672 h`,
    );
    // A run recorded before: the full read followed the routine check's period then.
    expect(orgPlanSentence({ ...base, unchangedSince: at, sweepHours: 12 }, true)).toBe(
      `Unchanged since ${formatDateTime(at)} (member counts as then, no member read); read in full by the routine check every 12 h`,
    );
  });

  it('an organization someone removed members from: synced, and why', () => {
    expect(
      orgPlanSentence({ ...base, adds: 1, drift: 1, syncedBecause: 'org-members-removed' }, true),
    ).toBe(
      'Synced (the organization has fewer members than its last sync left: someone removed some): 1 member added · 0 removed · 1 drift',
    );
  });

  it('a synced organization: why, then what was added and removed', () => {
    expect(
      orgPlanSentence({ ...base, adds: 3, removals: 1, syncedBecause: 'members-changed' }, true),
    ).toBe("Synced (a group's member count changed): 3 members added · 1 removed");
    expect(orgPlanSentence({ ...base, adds: 1, syncedBecause: 'sweep' }, true)).toBe(
      'Synced (verified by the routine check): 1 member added · 0 removed',
    );
  });

  it('one the routine check reads a few pages an hour: being verified, and the next hourly run goes on', () => {
    expect(orgPlanSentence({ ...base, continuesNextHour: true, spread: true }, true)).toBe(
      'Being verified by the routine check, a few pages of members an hour; the next hourly run goes on where this one stopped',
    );
  });

  it("one the hour's points ran out on: not finished, and the next hourly run goes on", () => {
    expect(orgPlanSentence({ ...base, continuesNextHour: true }, true)).toBe(
      "Not finished: this hour's share of Jira's quota ran out; the next hourly run goes on where this one stopped",
    );
    expect(orgPlanSentence({ ...base, adds: 4, syncedBecause: 'continued' }, true)).toBe(
      'Synced (went on with a read an earlier hour stopped when its Jira usage ran out): 4 members added · 0 removed',
    );
  });

  it('says how many members were already there, added by someone else, and left as theirs', () => {
    expect(orgPlanSentence({ ...base, adds: 2, leftAsTheirs: 3 }, true)).toBe(
      '2 members added · 0 removed · 3 already in, added by someone else: left as theirs',
    );
  });

  it('a run that is not hourly, or a preview: the counts alone', () => {
    expect(orgPlanSentence({ ...base, adds: 2, manualMembers: 4 }, false)).toBe(
      '2 members to add · 0 to remove · 4 added by people, never touched',
    );
  });
});
