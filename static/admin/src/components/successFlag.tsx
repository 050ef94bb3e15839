// Success messages as Atlaskit flags: announced to screen readers, out of the page's flow.
import { useFlags } from '@atlaskit/flag';
import SuccessIcon from '@atlaskit/icon/core/status-success';
import { token } from '@atlaskit/tokens';
import { useCallback } from 'react';

export function useSuccessFlag() {
  const { showFlag } = useFlags();
  return useCallback(
    (title: string, description?: string) =>
      showFlag({
        title,
        description,
        appearance: 'success',
        icon: <SuccessIcon label="Success" color={token('color.icon.success')} />,
        isAutoDismiss: true,
        testId: 'success-flag',
      }),
    [showFlag],
  );
}
