// Which runs hold the site lease. Pure. A run of one project from its settings page does not:
// it changes only that project, under the project's own lease (src/store/project-lease.ts), so
// no project admin can block or skip the scheduled run or an admin's run.
import type { Run } from './schemas';

export function holdsSiteLease(run: Pick<Run, 'dryRun' | 'trigger'>): boolean {
  return !run.dryRun && run.trigger !== 'project';
}
