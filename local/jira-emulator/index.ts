// The Jira Cloud + JSM emulator: startEmulator() and the seeds' well-known ids.
import { type EmulatorOptions, type RunningEmulator, startServer } from './server';

export { type LimitsSettings, TIER1_LIMITS } from './limits';
export { ROLE, TEAM_MANAGED_ROLES } from './model';
export type { SeedSpec } from './seeds';
export {
  ADMIN_ACCOUNT_ID,
  ADMIN_EMAIL,
  APP_ACCOUNT_ID,
  APP_DISPLAY_NAME,
  APP_EMAIL,
  BASE_GROUPS,
  DEMO,
  SCIM_DIRECTORY_ID,
} from './seeds';
export type { EmulatorOptions, RunningEmulator } from './server';

/** Starts an emulated Jira Cloud site with JSM (demo seed unless told otherwise). */
export function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startServer(opts);
}
