// Renewing a kept project list from a later listing: only where the two disagree is a project
// looked up in Jira.
import { listingDiff } from '../../../src/domain/listing-diff';
import type { Project } from '../../../src/domain/schemas';

const p = (id: number, extra: Partial<Project> = {}): Project => ({
  id: String(id),
  key: `P${id}`,
  name: `Desk ${id}`,
  typeKey: 'service_desk',
  style: 'classic',
  ...extra,
});

it('looks up nothing when the lists agree (a run visit reason is not a difference)', () => {
  expect(listingDiff([p(1), p(2)], [p(1, { visit: ['sweep'] }), p(2)])).toEqual([]);
});

it('looks up a project only one list has, and one listed with other fields', () => {
  const kept = [p(1), p(2), p(4, { categoryId: '7' })];
  const listed = [p(1), p(3), p(4)];
  // 2: gone or missed by the listing; 3: created and missed by the audit log; 4: recategorised.
  expect(listingDiff(kept, listed)).toEqual(['2', '3', '4']);
});

it('says nothing of kept projects created after the listing passed their place (higher ids)', () => {
  expect(listingDiff([p(9), p(10), p(11)], [p(9), p(10)])).toEqual([]);
  // Ids compare as numbers: 100 comes after 99.
  expect(listingDiff([p(99), p(100)], [p(100)])).toEqual(['99']);
});
