// What a page offers for each error code (static/shared/error-view.ts): who may use the page,
// what is gone, and the one action that can help; never read from the message's words.
import { errorView } from '../../../static/shared/error-view';

const title = 'The runs could not be read';

it('forbidden names whose page it is, and offers nothing to retry', () => {
  expect(errorView('forbidden', { title })).toEqual({
    title: 'You need to be a Jira admin',
    appearance: 'warning',
  });
  expect(errorView('forbidden', { title, admins: 'project' }).title).toBe(
    'You need to be an admin of this project',
  );
  expect(errorView('unauthenticated', { title }).action).toBeUndefined();
});

it('not-found says what no longer exists, with no retry', () => {
  expect(errorView('not-found', { title, subject: 'This run' })).toEqual({
    title: 'This run no longer exists',
    appearance: 'warning',
  });
});

it('passing faults offer Try again; a conflict offers Reload; a refusal offers neither', () => {
  for (const code of ['internal', 'jira', 'unavailable'] as const)
    expect(errorView(code, { title })).toEqual({ title, action: 'retry', appearance: 'error' });
  expect(errorView('conflict', { title }).action).toBe('reload');
  for (const code of ['invalid-input', 'too-soon'] as const)
    expect(errorView(code, { title })).toEqual({ title, appearance: 'warning' });
});
