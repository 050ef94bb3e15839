// What route modules share: the state, the permission checks and the outgoing webhooks.
import type { Permissions } from './permissions';
import type { State } from './state';
import type { Webhooks } from './webhooks';

export interface Services {
  state: State;
  perms: Permissions;
  webhooks: Webhooks;
}
