// The admin page's tabs, in their order.
export const TABS = [
  'Rules',
  'Preview',
  'Runs',
  'Health',
  'Requests',
  'Audit',
  'Settings',
] as const;
export type TabName = (typeof TABS)[number];
