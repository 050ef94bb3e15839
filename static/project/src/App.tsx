// The project settings page: what Customer Role Sync does in this project, for a project admin
// who may not be a Jira admin. Talks only to the project resolver (the project is the one Jira
// opened the page for; the resolver reads it from the Forge context, never from a payload).
import PageHeader from '@atlaskit/page-header';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useState } from 'react';

import type { ResolverError } from '../../shared/api';
import type { ProjectStatus } from '../../shared/contract';
import { errorView } from '../../shared/error-view';
import { t } from '../../shared/i18n';
import { ErrorMessageBox, Loading } from '../../shared/states';
import { useLoad } from '../../shared/useLoad';
import { callProject, contextProjectKey } from './api';
import { EnforceNow } from './views/EnforceNow';
import { GroupsSection, UnmanagedSection } from './views/GroupsSection';
import { LastRunSection } from './views/LastRunSection';
import { OrganizationsSection } from './views/OrganizationsSection';
import { RulesSection } from './views/RulesSection';

const pageStyles = xcss({
  maxWidth: '1080px',
  paddingInline: 'space.400',
  paddingBlockEnd: 'space.800',
});

export function App() {
  const [contextKey, setContextKey] = useState<string>();
  useEffect(() => {
    void contextProjectKey().then(setContextKey);
  }, []);
  const status = useLoad<ProjectStatus>(() => callProject('getProjectStatus', {}));
  const s = status.data;
  const key = s?.project.key ?? contextKey;

  let body;
  if (!s && status.loading)
    body = (
      <Loading
        label={key ? t('project.app.loadingProject', { key }) : t('project.app.loadingThis')}
      />
    );
  else if (!s && (status.error?.code === 'forbidden' || status.error?.code === 'unauthenticated')) {
    body = (
      <Box testId="access-refused">
        <SectionMessage
          appearance="warning"
          title={errorView(status.error.code, { title: '', admins: 'project' }).title}
        >
          <Stack space="space.100">
            <Text as="p">{status.error.message}</Text>
            <Text as="p">{t('project.app.askAdmin')}</Text>
          </Stack>
        </SectionMessage>
      </Box>
    );
  } else if (!s && status.error) {
    body = (
      <ErrorMessageBox
        title={t('project.app.readError')}
        admins="project"
        error={status.error}
        onRetry={() => void status.reload()}
      />
    );
  } else if (!s) {
    body = null;
  } else {
    body = (
      <ProjectPage
        status={s}
        reload={status.reload}
        refreshing={status.loading}
        refreshError={status.error}
      />
    );
  }

  return (
    <Box xcss={pageStyles}>
      <PageHeader>{t('app.title')}</PageHeader>
      <Stack space="space.300">
        <Text as="p" color="color.text.subtle">
          {s
            ? t('project.app.intro', {
                project: t('project.app.projectNamed', {
                  name: s.project.name,
                  key: s.project.key,
                }),
                role: s.roleName,
              })
            : t('project.app.introLoading', { project: key ?? t('project.app.thisProject') })}
        </Text>
        {body}
      </Stack>
    </Box>
  );
}

function ProjectPage({
  status,
  reload,
  refreshing,
  refreshError,
}: {
  status: ProjectStatus;
  reload: () => Promise<void>;
  refreshing: boolean;
  refreshError?: ResolverError;
}) {
  const covered = status.rules.length > 0;
  return (
    <Stack space="space.400">
      {refreshError ? (
        <SectionMessage appearance="warning" title={t('project.app.refreshError')}>
          <Text as="p">{refreshError.message}</Text>
        </SectionMessage>
      ) : null}
      <GroupsSection status={status} refreshing={refreshing} />
      {covered ? <EnforceNow status={status} reload={reload} /> : null}
      <UnmanagedSection status={status} />
      <OrganizationsSection status={status} />
      {covered || status.excludedRules ? <RulesSection status={status} reload={reload} /> : null}
      <LastRunSection status={status} />
    </Stack>
  );
}
