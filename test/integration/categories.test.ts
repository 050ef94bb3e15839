// The rule editor's category picker through the host: the admin resolver reads Jira's project
// categories as the app (scope read:jira-work), and a category scope covers exactly its projects.
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

let stack: Stack;
afterEach(async () => {
  await stack?.close();
});

it('lists the demo site\'s categories by name, and the "Internal" scope covers ITHELP and HR', async () => {
  stack = await startStack();
  const categories = await stack.admin('listProjectCategories', {});
  expect(categories).toEqual([
    { id: DEMO.categories.internal.id, name: 'Internal', description: 'Internal service teams' },
  ]);
  const preview = await stack.admin('previewScope', {
    scope: { type: 'categories', categoryIds: [DEMO.categories.internal.id] },
    exclude: [],
  });
  expect(preview.projects.map((p: { key: string }) => p.key).sort()).toEqual(['HR', 'ITHELP']);
});

it('answers an empty list on a site without categories, and refuses fields', async () => {
  stack = await startStack({ seed: { seed: 'empty' } });
  await expect(stack.admin('listProjectCategories', {})).resolves.toEqual([]);
  await expect(stack.admin('listProjectCategories', { query: 'x' })).rejects.toThrow(/query/);
});

it('the audit names a rule’s categories, before and after a change, never by id', async () => {
  stack = await startStack();
  const internal = DEMO.categories.internal.id;
  const saved = await stack.admin('saveRule', {
    rule: demoRule({ scope: { type: 'categories', categoryIds: [internal] } }),
  });
  await stack.admin('saveRule', {
    rule: {
      ...demoRule({ scope: { type: 'keys', keys: ['HR'] } }),
      id: saved.id,
      version: saved.version,
    },
  });
  const messages = (await stack.admin('getAudit', { kind: 'rule-saved' })).items.map(
    (e: { message: string }) => e.message,
  );
  expect(messages).toEqual([
    expect.stringMatching(/What changed: scope projects in category "Internal" → projects HR\.$/),
    expect.stringMatching(/^Created rule .*; projects in category "Internal"; role /),
  ]);
  expect(messages.join(' ')).not.toContain(internal);
});
