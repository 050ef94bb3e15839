// Project events that take a project away: a deletion forgets what the app kept for it; a move
// to the trash or an archive keeps it, since Jira can restore the project and its ledger is still
// what tells the app's bindings from a person's.
import { projectCreated } from '../../../../src/index';
import { Engine } from '../harness/engine';

let engine: Engine;
beforeEach(async () => {
  engine = await Engine.withRule();
});
afterEach(() => engine.platform.uninstall());

async function event(eventType: string, project = { id: '20000', key: 'P1' }): Promise<void> {
  const inv = engine.platform.invoke('project-event', () => projectCreated({ eventType, project }));
  await inv.settled;
  expect(inv.state).toBe('done');
}

it('a project in the trash or archived keeps its ledger; a deleted one is forgotten', async () => {
  expect(await engine.run()).toMatchObject({ status: 'succeeded' });
  expect(engine.platform.keys('ledger:')).toEqual(['ledger:20000', 'ledger:20001', 'ledger:20002']);
  engine.platform.seed('project-last-run:P1', 'earlier-run');

  await event('avi:jira:softdeleted:project');
  await event('avi:jira:archived:project');
  expect(engine.platform.keys('ledger:')).toHaveLength(3);
  expect(engine.platform.keys('project-last-run:P1')).toHaveLength(1);

  await event('avi:jira:deleted:project');
  expect(engine.platform.keys('ledger:')).toEqual(['ledger:20001', 'ledger:20002']);
  expect(engine.platform.keys('project-last-run:P1')).toEqual([]);
  // A copy of the event delivered again finds nothing left to forget.
  await event('avi:jira:deleted:project');
  expect(engine.platform.keys('ledger:')).toEqual(['ledger:20001', 'ledger:20002']);
});
