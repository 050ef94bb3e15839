// The admin page: one Jira-like page with a tab per view.
import PageHeader from '@atlaskit/page-header';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { Box, xcss } from '@atlaskit/primitives';
import { lazy, Suspense, useCallback, useState } from 'react';
import { Loading } from '../../shared/states';
import { RulesView } from './views/RulesView';

const PreviewView = lazy(() => import('./views/PreviewView'));
const RunsView = lazy(() => import('./views/RunsView'));
const HealthView = lazy(() => import('./views/HealthView'));
const AuditView = lazy(() => import('./views/AuditView'));
const SettingsView = lazy(() => import('./views/SettingsView'));

export const TABS = ['Rules', 'Preview', 'Runs', 'Health', 'Audit', 'Settings'] as const;
export type TabName = (typeof TABS)[number];

const pageStyles = xcss({
  maxWidth: '1280px',
  marginInline: 'auto',
  paddingInline: 'space.400',
  paddingBlockEnd: 'space.800',
});

const panelStyles = xcss({ width: '100%', paddingBlockStart: 'space.300' });

export interface Navigate {
  /** Open a view; for Preview, optionally for one rule; for Runs, optionally a run's detail. */
  (tab: TabName, opts?: { ruleId?: string; runId?: string }): void;
}

export function App() {
  const [selected, setSelected] = useState(0);
  const [previewRuleId, setPreviewRuleId] = useState<string | undefined>();
  const [openRunId, setOpenRunId] = useState<string | undefined>();

  const navigate = useCallback<Navigate>((tab, opts) => {
    if (tab === 'Preview') setPreviewRuleId(opts?.ruleId);
    if (tab === 'Runs') setOpenRunId(opts?.runId);
    setSelected(TABS.indexOf(tab));
  }, []);

  return (
    <Box xcss={pageStyles}>
      <PageHeader>Customer Role Sync</PageHeader>
      <Box as="p" xcss={xcss({ color: 'color.text.subtle', marginBlockEnd: 'space.200' })}>
        Makes the members of groups synced from your identity provider customers of your service
        projects, in each project&apos;s customer role, without using agent licences.
      </Box>
      <Tabs id="crs-tabs" selected={selected} onChange={(index) => setSelected(index)}>
        <TabList>
          {TABS.map((t) => (
            <Tab key={t}>{t}</Tab>
          ))}
        </TabList>
        <TabPanel>
          <Box xcss={panelStyles}>
            <RulesView navigate={navigate} />
          </Box>
        </TabPanel>
        <TabPanel>
          <Box xcss={panelStyles}>
            <Suspense fallback={<Loading label="Loading preview" />}>
              <PreviewView
                ruleId={previewRuleId}
                onRuleIdChange={setPreviewRuleId}
                navigate={navigate}
              />
            </Suspense>
          </Box>
        </TabPanel>
        <TabPanel>
          <Box xcss={panelStyles}>
            <Suspense fallback={<Loading label="Loading runs" />}>
              <RunsView openRunId={openRunId} onOpenRun={setOpenRunId} />
            </Suspense>
          </Box>
        </TabPanel>
        <TabPanel>
          <Box xcss={panelStyles}>
            <Suspense fallback={<Loading label="Loading health checks" />}>
              <HealthView />
            </Suspense>
          </Box>
        </TabPanel>
        <TabPanel>
          <Box xcss={panelStyles}>
            <Suspense fallback={<Loading label="Loading audit log" />}>
              <AuditView />
            </Suspense>
          </Box>
        </TabPanel>
        <TabPanel>
          <Box xcss={panelStyles}>
            <Suspense fallback={<Loading label="Loading settings" />}>
              <SettingsView />
            </Suspense>
          </Box>
        </TabPanel>
      </Tabs>
    </Box>
  );
}
