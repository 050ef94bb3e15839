// One tab's failure stays in its tab: a part of the page that fails to load (as after the app
// was deployed again under an open page) or to draw shows why and a Reload, and the other tabs
// keep working.
import Button from '@atlaskit/button/new';
import { Box, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { router } from '@forge/bridge';
import { Component, type ReactNode } from 'react';

export class TabBoundary extends Component<
  { tab: string; children: ReactNode },
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
          title={`The ${this.props.tab} tab could not be shown`}
          actions={[
            <Button key="reload" onClick={() => void router.reload()}>
              Reload
            </Button>,
          ]}
        >
          <Text as="p">
            {updated
              ? 'Part of the page could not be loaded: the app may have been updated since you opened it. Reload the page to get the current version; the other tabs still work.'
              : `Something went wrong while showing this tab (${error.message}). Reload the page; the other tabs still work.`}
          </Text>
        </SectionMessage>
      </Box>
    );
  }
}
