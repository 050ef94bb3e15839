// Group names a rule last saw (for rename detection): two saves remembering different groups at
// the same moment both keep theirs; names stored by the version before per-group keys still count.
import { getKnownGroupNames, rememberGroupNames } from '../../../src/store/settings';
import { on, Platform } from '../enforce/harness/platform';

let kvs: Platform;
beforeEach(() => {
  kvs = Platform.ambient();
});
afterEach(() => kvs.uninstall());

it('two concurrent saves lose neither name', async () => {
  kvs.seed('group-names', { 'g-old': 'Old Name' });
  // A has read and is held before its write; B writes meanwhile; then A goes on.
  const gate = kvs.hold(on.write('group-name:g-a'));
  const a = rememberGroupNames({ 'g-a': 'Contoso' });
  await gate.reached;
  await rememberGroupNames({ 'g-b': 'Fabrikam' });
  gate.release();
  await a;
  expect(await getKnownGroupNames()).toEqual({
    'g-old': 'Old Name',
    'g-a': 'Contoso',
    'g-b': 'Fabrikam',
  });
});

it('writes only names that changed', async () => {
  await rememberGroupNames({ 'g-a': 'Contoso' });
  const writes = () => kvs.log.filter((c) => c.op === 'set').length;
  const before = writes();
  await rememberGroupNames({ 'g-a': 'Contoso' });
  expect(writes()).toBe(before);
  await rememberGroupNames({ 'g-a': 'Contoso Ltd' });
  expect(writes()).toBe(before + 1);
  expect(await getKnownGroupNames()).toEqual({ 'g-a': 'Contoso Ltd' });
});
