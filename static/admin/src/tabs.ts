// The admin page's tabs, in their order. A tab's name is its identifier (in the page's address,
// test ids and `navigate`); what a person reads is its label, from the catalogue.
import { type MessageKey, t } from '../../shared/i18n';

const LABELS = {
  Rules: 'admin.tabs.rules',
  Preview: 'admin.tabs.preview',
  Runs: 'admin.tabs.runs',
  Health: 'admin.tabs.health',
  Requests: 'admin.tabs.requests',
  Audit: 'admin.tabs.audit',
  Settings: 'admin.tabs.settings',
} as const satisfies Record<string, MessageKey>;

export type TabName = keyof typeof LABELS;
export const TABS = Object.keys(LABELS) as readonly TabName[];

/** The tab's name in the viewer's language. */
export const tabLabel = (tab: TabName): string => t(LABELS[tab]);
