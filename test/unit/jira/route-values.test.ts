// docs/threat-model.md: `route` does not encode path values, it refuses path manipulation; the
// app's patterns leave nothing in a path value that would need encoding.
import { route } from '@forge/api';

import { GroupIdSchema, ProjectKeySchema } from '../../../src/domain/schemas';

it('route refuses path manipulation in a path value and encodes query values', () => {
  for (const bad of ['../admin', 'A/B', 'A?x=1', 'A#x', 'a\\b'])
    expect(() => route`/rest/api/3/project/${bad}`).toThrow(/path manipulation/);
  expect(route`/rest/api/3/project/search?query=${'a b&c'}`.value).toBe(
    '/rest/api/3/project/search?query=a%20b%26c',
  );
});

it('group ids and project keys cannot hold anything a path would need encoded', () => {
  for (const bad of ['a b', 'a%2Fb', 'a/b', 'é', 'a?b', 'a.b'])
    expect(GroupIdSchema.safeParse(bad).success).toBe(false);
  for (const bad of ['IT HELP', 'IT%2F', 'IT-HELP', 'IT.HELP'])
    expect(ProjectKeySchema.safeParse(bad).success).toBe(false);
  expect(GroupIdSchema.parse('e0000000-0000-4000-8000-000000000001:x_y')).toBeTruthy();
});
