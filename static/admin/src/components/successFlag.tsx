// Success messages as Atlaskit flags: announced to screen readers, out of the page's flow.
import { useFlags } from '@atlaskit/flag';
import SuccessIcon from '@atlaskit/icon/core/status-success';
import { token } from '@atlaskit/tokens';
import { useCallback } from 'react';

import { t } from '../../../shared/i18n';

export function useSuccessFlag() {
  const { showFlag } = useFlags();
  return useCallback(
    (title: string, description?: string, action?: { label: string; onClick: () => void }) =>
      showFlag({
        title,
        description,
        // A flag with an action is a normal one: a bold flag hides its words and actions behind
        // Expand, and the action is what the admin should do next.
        ...(action
          ? {
              appearance: 'normal' as const,
              actions: [{ content: action.label, onClick: action.onClick }],
            }
          : { appearance: 'success' as const }),
        icon: <SuccessIcon label={t('admin.flag.success')} color={token('color.icon.success')} />,
        isAutoDismiss: true,
        testId: 'success-flag',
      }),
    [showFlag],
  );
}
