import { isLastPlatformPage, platformPages } from '../../../src/jira/paging';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

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
    const pages = platformPages(
      async (startAt, max) => {
        asked.push(startAt);
        const values = data.slice(startAt, startAt + max);
        return { values, isLast: startAt + max >= data.length };
      },
      { pageSize: 2 },
    );
    await expect(collect(pages)).resolves.toEqual(data);
    expect(asked).toEqual([0, 2, 4]);
  });
});
