// The host's clock inside a worker: Date (new Date(), Date.now()) reads real time plus the host's
// offset, and a timer the app set fires as soon as the clock passes its due time, so a function
// that waits for Retry-After or the top of the hour is not kept waiting when the clock is moved
// on. Installed before the app's bundle loads, like Forge's own runtime hooks; time limits stay
// real (the host measures them on its own clock).
const RealDate = Date;
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

let offsetMs = 0;
const timers = new Map<unknown, { due: number; fire: () => void }>();

/** Past this many timers, those that ended otherwise (cleared by a copy of clearTimeout taken
 * before the hook, or closed) are forgotten: a Node timer says it is over (`_destroyed`). */
const SWEEP_AT = 1_000;
function forgetEnded(): void {
  for (const handle of timers.keys())
    if ((handle as { _destroyed?: boolean })._destroyed) timers.delete(handle);
}

/** Real time, for what Forge measures in real time (an invocation's time left). */
export const realNow = (): number => RealDate.now();
const shiftedNow = () => RealDate.now() + offsetMs;

/** Moves the clock to the host's offset; timers now due fire at once. */
export function setClockOffset(ms: number): void {
  if (ms === offsetMs) return;
  offsetMs = ms;
  const now = shiftedNow();
  forgetEnded();
  for (const [handle, t] of [...timers]) {
    if (t.due > now) continue;
    timers.delete(handle);
    realClearTimeout(handle as NodeJS.Timeout);
    t.fire();
  }
}

export function installClock(initialOffsetMs: number): void {
  offsetMs = initialOffsetMs;
  function ShiftedDate(this: unknown, ...args: unknown[]): unknown {
    // Called without `new`, Date answers the current time as a string.
    if (!new.target) return new RealDate(shiftedNow()).toString();
    return Reflect.construct(RealDate, args.length ? args : [shiftedNow()], new.target);
  }
  Object.setPrototypeOf(ShiftedDate, RealDate);
  ShiftedDate.prototype = RealDate.prototype;
  (ShiftedDate as unknown as { now: () => number }).now = shiftedNow;
  globalThis.Date = ShiftedDate as unknown as DateConstructor;

  const setTimeoutShifted = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const due = shiftedNow() + Math.max(0, Number(ms) || 0);
    const handle = realSetTimeout(() => {
      timers.delete(handle);
      fn(...args);
    }, ms);
    timers.set(handle, { due, fire: () => fn(...args) });
    if (timers.size > SWEEP_AT) forgetEnded();
    return handle;
  };
  globalThis.setTimeout = Object.assign(setTimeoutShifted, {
    __promisify__: realSetTimeout.__promisify__,
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = (handle: NodeJS.Timeout | string | number | undefined) => {
    if (!timers.delete(handle) && handle !== undefined && typeof handle !== 'object')
      for (const key of timers.keys()) if (Number(key) === Number(handle)) timers.delete(key);
    realClearTimeout(handle);
  };
}
