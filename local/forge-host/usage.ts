// What the app used of the Forge platform: what Forge bills (functions, KVS data, logs). The
// host counts it; the bench sums it per simulated hour and prices it.

export interface HostUsage {
  invocations: number;
  /** Summed duration of every invocation (ms). */
  functionMs: number;
  kvsReads: number;
  kvsWrites: number;
  kvsReadBytes: number;
  kvsWriteBytes: number;
  logBytes: number;
}

export const emptyUsage = (): HostUsage => ({
  invocations: 0,
  functionMs: 0,
  kvsReads: 0,
  kvsWrites: 0,
  kvsReadBytes: 0,
  kvsWriteBytes: 0,
  logBytes: 0,
});

/** The sum of `usages`, measure by measure. */
export function addUsage(usages: HostUsage[]): HostUsage {
  const total = emptyUsage();
  for (const u of usages)
    for (const k of Object.keys(total) as (keyof HostUsage)[]) total[k] += u[k];
  return total;
}
