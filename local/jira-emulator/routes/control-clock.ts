// The site's clock under /__emulator/clock: read it, or move it on so an hour passes at once
// (quota windows roll over, Retry-After and audit record times follow). No authentication.
import { z } from 'zod';

import type { Clock } from '../clock';
import type { Router } from '../router';
import { parseBody } from '../schemas';

const AdvanceSchema = z.strictObject({ advanceMs: z.number().int().min(0) });

export function registerClockRoutes(r: Router, clock: Clock): void {
  const status = () => ({
    status: 200,
    body: { now: clock.iso(), nowMs: clock.now(), offsetMs: clock.offsetMs },
  });
  r.add('GET', '/__emulator/clock', status, 'none');
  r.add(
    'POST',
    '/__emulator/clock',
    (ctx) => {
      clock.advance(parseBody(AdvanceSchema, ctx.json(), 'clock').advanceMs);
      return status();
    },
    'none',
  );
}
