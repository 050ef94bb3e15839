// Control calls for Jira's rate limits and the site's plan: read and set the points quota
// (usage too) and the burst buckets, move the quota window on so tests need not wait an hour,
// and set the site's plan (Free: no audit log; Tier 2 quotas follow it) and language (audit
// record summaries). No authentication.
import { z } from 'zod';

import { type Limits, LimitsSettingsSchema } from '../limits';
import { LANGUAGES, PLANS } from '../model';
import type { Router } from '../router';
import { parseBody } from '../schemas';
import type { State } from '../state';

const C = '/__emulator';

export function registerLimitRoutes(r: Router, c: { limits: Limits; state: () => State }): void {
  const status = () => ({ status: 200, body: c.limits.status() });

  r.add('GET', `${C}/limits`, status, 'none');
  r.add(
    'PUT',
    `${C}/limits`,
    (ctx) => {
      c.limits.configure(parseBody(LimitsSettingsSchema, ctx.json(), 'limits'));
      return status();
    },
    'none',
  );
  r.add(
    'DELETE',
    `${C}/limits`,
    () => {
      c.limits.reset();
      return { status: 204 };
    },
    'none',
  );
  r.add(
    'POST',
    `${C}/limits/window`,
    () => {
      c.limits.quota.moveOn();
      return status();
    },
    'none',
  );

  const site = () => ({
    status: 200,
    body: { plan: c.state().plan, language: c.state().language },
  });
  r.add('GET', `${C}/site`, site, 'none');
  r.add(
    'PUT',
    `${C}/site`,
    (ctx) => {
      const b = parseBody(
        z.strictObject({ plan: z.enum(PLANS).optional(), language: z.enum(LANGUAGES).optional() }),
        ctx.json(),
        'site',
      );
      const s = c.state();
      if (b.plan) s.plan = b.plan;
      if (b.language) s.language = b.language;
      s.touch();
      return site();
    },
    'none',
  );
}
