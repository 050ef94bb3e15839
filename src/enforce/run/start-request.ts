// What starting a run asks for: who starts it, why, and which part of the site it covers.
import type { RunTrigger } from '../../domain/schemas';
import type { RunSubset } from './run-subsets';

export interface StartRunRequest {
  trigger: RunTrigger;
  dryRun: boolean;
  /** accountId of the person, or "app" */
  startedBy: string;
  /** a run of one project */
  projectKey?: string;
  /** a preview of one rule */
  ruleId?: string;
  /** a run of these projects only, chosen from an earlier run (run-subsets.ts) */
  subset?: RunSubset;
  /** the preview this run applies (its changes only), or the run whose failures it retries */
  appliesPreview?: string;
  retryOf?: string;
}
