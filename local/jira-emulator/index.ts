// The Jira Cloud + JSM emulator: startEmulator() and the seeds' well-known ids.
import { startServer, type EmulatorOptions, type RunningEmulator } from './server';

export type { EmulatorOptions, RunningEmulator } from './server';
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
export { ROLE, TEAM_MANAGED_ROLES } from './model';
export { TIER1_LIMITS, type LimitsSettings } from './limits';

/** Starts an emulated Jira Cloud site with JSM (demo seed unless told otherwise). */
export function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startServer(opts);
}
