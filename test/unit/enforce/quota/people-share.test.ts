// Claims on the people's share of the hour made at the same moment: every order of their storage
// calls is tried (each claim reads the totals, writes its hold, reads again, and may take the
// hold back). Whatever the order, what is granted never exceeds one person's part, and one
// claim alone is granted. Without the second read, both would be granted in some orders.
import { claimShare } from '../../../../src/enforce/quota/people-budget';
import { hourKey } from '../../../../src/jira/quota';
import { Platform } from '../harness/platform';

const NOW = Date.parse('2026-03-01T13:10:00Z');
// Defaults: 5% of Tier 1's 65,000 points for people (3,250), a fifth of it for one (650).
const PERSON = 650;

/** Runs the claims with their KVS calls released in the order `choices` picks; their answers. */
async function interleave(
  claims: { accountId: string; points: number }[],
  choices: number[],
): Promise<{ granted: boolean[]; held: number; options: number[] }> {
  const platform = new Platform();
  platform.install();
  try {
    platform.stepMode = true;
    const invs = claims.map((c, i) =>
      platform.invoke(`claim-${i}`, () =>
        claimShare(c.accountId, `item-${i}`, c.points, {}, { now: NOW }),
      ),
    );
    const options: number[] = [];
    for (let step = 0; ; step++) {
      await platform.quiesce();
      const held = platform.heldCalls();
      if (held.length === 0) break;
      options.push(held.length);
      held[(choices[step] ?? 0) % held.length].release();
    }
    const granted = invs.map((inv) => {
      if (inv.state !== 'done') throw inv.error;
      return (inv.result as { granted: boolean }).granted;
    });
    const held = platform
      .values<{ points: number }>(`peoplespend:${hourKey(NOW)}:`)
      .reduce((n, v) => n + v.points, 0);
    return { granted, held, options };
  } finally {
    platform.uninstall();
  }
}

/** Every schedule: the choice at each step, odometer-style, until all were tried. */
async function everySchedule(
  claims: { accountId: string; points: number }[],
  check: (r: Awaited<ReturnType<typeof interleave>>) => void,
): Promise<number> {
  let choices: number[] = [];
  let tried = 0;
  for (;;) {
    const r = await interleave(claims, choices);
    tried++;
    check(r);
    // The next schedule: the last step with another option left takes it; later steps restart.
    const next = r.options.map((_, i) => choices[i] ?? 0);
    let i = next.length - 1;
    while (i >= 0 && next[i] + 1 >= r.options[i]) i--;
    if (i < 0) return tried;
    choices = [...next.slice(0, i), next[i] + 1];
  }
}

it('two claims of one person that together exceed their part: never both granted, in any order', async () => {
  const claims = [
    { accountId: 'acc-pa', points: 400 },
    { accountId: 'acc-pa', points: 400 },
  ];
  let bothRefused = 0;
  const tried = await everySchedule(claims, ({ granted, held }) => {
    expect(granted.filter(Boolean).length).toBeLessThanOrEqual(1);
    // What stays held is what was granted: a refused claim took its hold back.
    expect(held).toBe(400 * granted.filter(Boolean).length);
    expect(held).toBeLessThanOrEqual(PERSON);
    if (!granted.some(Boolean)) bothRefused++;
  });
  expect(tried).toBeGreaterThan(10);
  // Some orders refuse both (each saw the other's hold): less spending, never more.
  expect(bothRefused).toBeLessThan(tried);
});

it('claims of two people are each within their own part: both granted, in any order', async () => {
  const claims = [
    { accountId: 'acc-pa', points: 400 },
    { accountId: 'acc-pb', points: 400 },
  ];
  await everySchedule(claims, ({ granted, held }) => {
    expect(granted).toEqual([true, true]);
    expect(held).toBe(800);
  });
});
