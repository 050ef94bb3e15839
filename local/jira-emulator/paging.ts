// Paging as each API family does it: the platform's PageBean (startAt, maxResults, total,
// isLast, nextPage) and JSM's PagedDTO (start, limit, size, isLastPage, _links).
import { badRequest } from './errors';
import type { Ctx } from './router';

/** An integer query parameter; 400 for anything that is not one. Values above max are capped (as Jira does). */
export function intParam(
  ctx: Ctx,
  name: string,
  def: number,
  opts: { min?: number; max?: number } = {},
): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return def;
  if (!/^-?\d+$/.test(raw))
    throw badRequest(
      `The value '${raw}' is invalid for the parameter '${name}': it must be an integer.`,
      { [name]: 'must be an integer' },
    );
  let n = Number(raw);
  if (opts.min !== undefined && n < opts.min)
    throw badRequest(`The parameter '${name}' must be at least ${opts.min}; got ${n}.`, {
      [name]: `must be at least ${opts.min}`,
    });
  if (opts.max !== undefined && n > opts.max) n = opts.max;
  return n;
}

export function boolParam(ctx: Ctx, name: string, def: boolean): boolean {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return def;
  if (raw !== 'true' && raw !== 'false')
    throw badRequest(
      `The value '${raw}' is invalid for the parameter '${name}': use true or false.`,
    );
  return raw === 'true';
}

function urlWith(ctx: Ctx, changes: Record<string, string>): string {
  const q = new URLSearchParams(ctx.query);
  for (const [k, v] of Object.entries(changes)) q.set(k, v);
  const qs = q.toString();
  return `${ctx.base}${ctx.path}${qs ? `?${qs}` : ''}`;
}

export function platformPage<T, R>(
  ctx: Ctx,
  items: readonly T[],
  render: (t: T) => R,
  opts: { defaultMax: number; max: number },
) {
  const startAt = intParam(ctx, 'startAt', 0, { min: 0 });
  const maxResults = Math.min(
    intParam(ctx, 'maxResults', opts.defaultMax, { min: 0, max: opts.max }),
    ctx.pageCap ?? Infinity,
  );
  const slice = items.slice(startAt, startAt + maxResults);
  const isLast = startAt + slice.length >= items.length;
  return {
    self: urlWith(ctx, {}),
    ...(isLast
      ? {}
      : {
          nextPage: urlWith(ctx, {
            startAt: String(startAt + slice.length),
            maxResults: String(maxResults),
          }),
        }),
    maxResults,
    startAt,
    total: items.length,
    isLast,
    values: slice.map(render),
  };
}

export function jsmPage<T, R>(
  ctx: Ctx,
  items: readonly T[],
  render: (t: T) => R,
  opts: { defaultLimit?: number; max?: number } = {},
) {
  const start = intParam(ctx, 'start', 0, { min: 0 });
  const limit = intParam(ctx, 'limit', opts.defaultLimit ?? 50, { min: 1, max: opts.max ?? 100 });
  const slice = items.slice(start, start + limit);
  const isLastPage = start + slice.length >= items.length;
  return {
    _expands: [] as string[],
    size: slice.length,
    start,
    limit,
    isLastPage,
    _links: {
      base: ctx.base,
      context: '',
      self: urlWith(ctx, {}),
      ...(isLastPage
        ? {}
        : { next: urlWith(ctx, { start: String(start + limit), limit: String(limit) }) }),
      ...(start > 0
        ? {
            prev: urlWith(ctx, { start: String(Math.max(0, start - limit)), limit: String(limit) }),
          }
        : {}),
    },
    values: slice.map(render),
  };
}
