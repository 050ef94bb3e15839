// One tab's failure stays in its tab: a part of the page that fails to load (as after the app
// was deployed again under an open page) or to draw shows why and a Reload, and the other tabs
// keep working.
import Button from '@atlaskit/button/new';
import { Box, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { router } from '@forge/bridge';
import { Component, type ReactNode } from 'react';

import { t } from '../../shared/i18n';
import { tabLabel, type TabName } from './tabs';

export class TabBoundary extends Component<
  { tab: TabName; children: ReactNode },
  { error?: Error }
> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    // A chunk that no longer exists on the server: the app was updated since the page opened.
    const updated = /dynamically imported module|Failed to fetch|Loading chunk/i.test(
      error.message,
    );
    return (
      <Box testId={`tab-error-${this.props.tab.toLowerCase()}`}>
        <SectionMessage
          appearance="error"
          title={t('admin.boundary.title', { tab: tabLabel(this.props.tab) })}
          actions={[
            <Button key="reload" onClick={() => void router.reload()}>
              {t('admin.boundary.reload')}
            </Button>,
          ]}
        >
          <Text as="p">
            {updated
              ? t('admin.boundary.updated')
              : t('admin.boundary.failed', { error: error.message })}
          </Text>
        </SectionMessage>
      </Box>
    );
  }
}
