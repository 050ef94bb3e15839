// Rules as large as a save accepts run through the real host, which refuses any KVS value over
// 240 KiB as Forge does; rules too large are answered as the page reads a refusal (code, field,
// the limit in words), and nothing is stored.
import type { Stack } from './stack';
import { DEMO, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

const keys = (count: number, length: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `K${String(from + i).padStart(length - 1, '0')}`);

/** Four rules of the schema's most keys and exclusions (5,000 each): close to the limit. */
async function saveFourLargest() {
  for (let r = 0; r < 4; r++)
    await stack.admin('saveRule', {
      rule: {
        name: `Listed ${r + 1}`,
        groupIds: [r % 2 ? FABRIKAM : CONTOSO],
        scope: {
          type: 'keys',
          keys: [
            ...(r === 0 ? ['ITHELP', 'FAC'] : []),
            ...keys(r === 0 ? 4998 : 5000, 10, r * 1e4),
          ],
        },
        exclude: [...(r === 0 ? ['FAC'] : []), ...keys(r === 0 ? 4999 : 5000, 10, r * 1e4 + 5e3)],
      },
    });
}

const refusal = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e);

it('a run and a preview of rules close to the limit succeed through the host', async () => {
  await saveFourLargest();
  const { runId } = await stack.admin('startRun', { dryRun: false });
  const run = await stack.waitForRun(runId);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 1, errors: 0 } });
  expect(await stack.roleGroups('ITHELP')).toContain(CONTOSO);
  expect(await stack.roleGroups('FAC')).not.toContain(CONTOSO);

  const preview = await stack.admin('previewPlan', {});
  expect(await stack.waitForRun(preview.runId)).toMatchObject({
    status: 'succeeded',
    counts: { adds: 0, errors: 0 },
  });
});

it('a rule, a rule set or an import too large is answered as invalid input with the limit, and nothing is stored', async () => {
  await saveFourLargest();
  const rules = await stack.admin('listRules');

  const tooMany = await refusal(
    stack.admin('saveRule', {
      rule: { name: 'One more', groupIds: [CONTOSO], scope: { type: 'keys', keys: keys(300, 10) } },
    }),
  );
  expect(tooMany).toMatchObject({
    code: 'invalid-input',
    field: 'scope',
    message: expect.stringMatching(
      /^All rules together may hold at most about 40,000 project keys and exclusions \(512 KB; fewer when keys are long\); this rule would make it 40,300 \(\d+ KB\)\. Use a project category or a key pattern instead of listing keys\.$/,
    ),
  });

  const tooLong = await refusal(
    stack.admin('saveRule', {
      rule: { name: 'Long', groupIds: [CONTOSO], scope: { type: 'keys', keys: keys(5000, 60) } },
    }),
  );
  expect(tooLong).toMatchObject({
    code: 'invalid-input',
    field: 'scope',
    message:
      'The rule is not valid. Projects: A rule may hold at most about 18,000 project keys and ' +
      'exclusions (232 KB; fewer when keys are long); this one would hold 5,000 (308 KB). Use ' +
      'a project category or a key pattern instead of listing keys.',
  });

  const file = [
    { name: 'Imported', groupIds: [FABRIKAM], scope: { type: 'keys', keys: keys(300, 10) } },
  ];
  for (const preview of [true, false])
    expect(
      await refusal(stack.admin('importRules', { rules: file, replace: false, preview })),
    ).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(
        /^All rules together may hold at most about 40,000 project keys .* the rules in this file would make it 40,300 .* Nothing was imported\.$/,
      ),
    });

  expect(await stack.admin('listRules')).toEqual(rules);
  const saves = await stack.admin('getAudit', { kind: 'rule-saved' });
  expect(saves.items).toHaveLength(4);
});
