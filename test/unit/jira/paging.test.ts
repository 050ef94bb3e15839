import { collect, isLastPlatformPage, jsmPages, platformPages } from '../../../src/jira/paging';

describe('platform paging', () => {
  it('decides the last page from isLast, else total, else a short page, and stops on an empty page', () => {
    expect(isLastPlatformPage({ values: [1], isLast: false, total: 1 }, 0, 1)).toBe(false);
    expect(isLastPlatformPage({ values: [1, 2], total: 4 }, 2, 2)).toBe(true);
    expect(isLastPlatformPage({ values: [1, 2], total: 5 }, 2, 2)).toBe(false);
    expect(isLastPlatformPage({ values: [1] }, 0, 2)).toBe(true);
    expect(isLastPlatformPage({ values: [], isLast: false }, 0, 2)).toBe(true);
  });

  it('asks for successive pages until the last', async () => {
    const asked: number[] = [];
    const data = [1, 2, 3, 4, 5];
    const pages = platformPages(async (startAt, max) => {
      asked.push(startAt);
      const values = data.slice(startAt, startAt + max);
      return { values, isLast: startAt + max >= data.length };
    }, { pageSize: 2 });
    await expect(collect(pages)).resolves.toEqual(data);
    expect(asked).toEqual([0, 2, 4]);
  });
});

describe('JSM paging', () => {
  it('follows isLastPage and stops when it is missing or the page is empty', async () => {
    const starts: number[] = [];
    const answers = [{ values: ['a', 'b'], isLastPage: false }, { values: ['c'], isLastPage: false }, { values: [] as string[], isLastPage: false }];
    const all = await collect(jsmPages(async (start) => (starts.push(start), answers.shift()!), { limit: 2 }));
    expect(all).toEqual(['a', 'b', 'c']);
    expect(starts).toEqual([0, 2, 3]);
    await expect(collect(jsmPages(async () => ({ values: ['x'] }), { limit: 2 }))).resolves.toEqual(['x']);
  });
});
