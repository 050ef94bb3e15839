// The demo site's rules (`npm start` creates them when the app has none): the synced customer
// groups on the demo's desks, and the Contoso Ltd organization kept in step with its group.
import { DEMO } from './jira-emulator';

export const DEMO_RULES = [
  {
    name: 'Contoso and Fabrikam are customers of our help desks',
    groupIds: [DEMO.groups.contosoCustomers.groupId, DEMO.groups.fabrikamCustomers.groupId],
    scope: { type: 'keys', keys: ['ITHELP', 'HR', 'FAC', 'MKT', 'PLAT'] },
  },
  // An organization rule: Contoso's people see each other's requests on the IT help desk.
  {
    name: 'Contoso Customers are the Contoso Ltd organization',
    groupIds: [DEMO.groups.contosoCustomers.groupId],
    scope: { type: 'keys', keys: ['ITHELP'] },
    target: 'organization',
    organization: { name: DEMO.organizations.contoso.name },
  },
];
