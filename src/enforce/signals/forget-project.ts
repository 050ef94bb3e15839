// A project deleted in Jira (Forge's avi:jira:deleted:project, or the audit log's "Project
// deleted") cannot be repaired, so what the app kept for it is forgotten: its ledger (the role
// bindings the app added: kept, they would count as removals on the admin page for ever), its
// exclusions and exclusion requests, its change marks, its last-run and last-visit keys, the page's last reading of it. A soft
// delete (to the trash) or an archive is not forgotten: Jira can restore the project, and then
// its ledger is still what tells the app's bindings from a person's. JSM organization links are
// not recorded per project (org-link.ts never undoes them): there is nothing of theirs to forget.
import { log } from '../../log';
import { forgetMarks } from '../../store/dirty-projects';
import { deleteExclusionRequest, listExclusionRequests } from '../../store/exclusion-requests';
import { listExclusions, removeExclusion } from '../../store/exclusions';
import { forgetProjectLedger, getProjectLedger } from '../../store/ledger';
import { forgetProjectLive } from '../../store/project-live';
import { forgetProjectRun } from '../../store/project-runs';
import { forgetProjectVisit } from '../../store/project-visits';

/** What a deletion names: the id always; the key when the event or record gives it. */
export interface DeletedProject {
  id: string;
  key?: string;
}

export async function forgetProject(project: DeletedProject): Promise<void> {
  // The key, when the signal lacks it, is the ledger's (the app's bindings name it).
  const key = project.key ?? (await getProjectLedger(project.id))[0]?.projectKey;
  const [exclusions, requests] = await Promise.all([
    key ? listExclusions() : Promise.resolve([]),
    key ? listExclusionRequests(key) : Promise.resolve([]),
  ]);
  const excluded = exclusions.filter((e) => e.projectKey === key);
  await Promise.all([
    ...excluded.map((e) => removeExclusion(e.ruleId, e.projectKey)),
    ...requests.map((r) => deleteExclusionRequest(r.projectKey, r.ruleId)),
    forgetMarks({ id: project.id, key }),
    ...(key ? [forgetProjectRun(key), forgetProjectVisit(key), forgetProjectLive(key)] : []),
  ]);
  // The ledger last: until it is gone, a retry after a failure above still finds the key in it.
  await forgetProjectLedger(project.id);
  log.info('project.forgotten', {
    projectId: project.id,
    projectKey: key,
    exclusions: excluded.length,
    requests: requests.length,
  });
}
