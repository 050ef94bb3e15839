// Jira platform paging (/rest/api/3: startAt / maxResults, answered with isLast / total /
// values), written once. It advances by the number of values actually returned, since Jira may
// cap a page below the size asked for, and stops on an empty page so a server that never says
// "last" cannot loop forever.
import { z } from 'zod';

/** A page of platform results; `values` holds items checked with `item`. */
export function platformPageSchema<I extends z.ZodType>(item: I) {
  return z.object({
    startAt: z.number().optional(),
    maxResults: z.number().optional(),
    total: z.number().optional(),
    isLast: z.boolean().optional(),
    values: z.array(item),
  });
}

export interface PlatformPage<T> {
  values: T[];
  startAt?: number;
  maxResults?: number;
  total?: number;
  isLast?: boolean;
}

/** Whether this is the last platform page, from isLast, else total, else a short page. */
export function isLastPlatformPage(
  page: PlatformPage<unknown>,
  startAt: number,
  asked: number,
): boolean {
  if (page.values.length === 0) return true;
  if (page.isLast !== undefined) return page.isLast;
  if (page.total !== undefined) return startAt + page.values.length >= page.total;
  return page.values.length < asked;
}

/** Yields each page's values, asking `fetchPage` for successive pages until the last. */
export async function* platformPages<T>(
  fetchPage: (startAt: number, maxResults: number) => Promise<PlatformPage<T>>,
  opts: { pageSize: number; startAt?: number },
): AsyncGenerator<T[]> {
  let startAt = opts.startAt ?? 0;
  for (;;) {
    const page = await fetchPage(startAt, opts.pageSize);
    if (page.values.length) yield page.values;
    if (isLastPlatformPage(page, startAt, opts.pageSize)) return;
    startAt += page.values.length;
  }
}
