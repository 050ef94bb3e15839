// The routine check's slice, less the projects another run already verified in this cycle (a
// change it was told of, a new project, Enforce now, a retry): the cycle's claim, "every project
// verified since it began", holds for them without a role read. One KVS read per project of the
// slice, no Jira call; a record that cannot be read is no proof, so that project is visited.
import { verifiedSince } from '../../domain/project-visit';
import type { Project } from '../../domain/schemas';
import { errorFields, log } from '../../log';
import { getProjectVisit } from '../../store/project-visits';
import { mapLimit } from '../map-limit';

/** Records read at once (KVS answers them in parallel). */
const READS_AT_ONCE = 8;

export async function passOverVerified(
  slice: Project[],
  cycleStartedAt: string,
): Promise<{ visit: Project[]; verified: Project[] }> {
  const verified = await mapLimit(slice, READS_AT_ONCE, async (p) => {
    try {
      return verifiedSince(await getProjectVisit(p.key), p, cycleStartedAt);
    } catch (err) {
      log.warn('sweep.visit-unread', { projectKey: p.key, ...errorFields(err) });
      return false;
    }
  });
  return {
    visit: slice.filter((_, i) => !verified[i]),
    verified: slice.filter((_, i) => verified[i]),
  };
}
