// The project's JSM organizations that rules keep in step with synced groups: each one, and whether
// it is linked to this desk yet (the next run links it).
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';

import type { ProjectStatus } from '../../../shared/contract';
import { t } from '../../../shared/i18n';

export function OrganizationsSection({ status }: { status: ProjectStatus }) {
  const orgs = status.organizations ?? [];
  if (orgs.length === 0) return null;
  return (
    <Stack space="space.150" testId="organizations-section">
      <Heading size="medium" as="h2">
        {t('project.organizations.heading')}
      </Heading>
      <Text as="p" color="color.text.subtle">
        {t('project.organizations.text')}
      </Text>
      {orgs.map((o) => (
        <Inline key={o.organizationId ?? o.name} space="space.100" alignBlock="center">
          <Text>{o.name}</Text>
          {o.linked ? (
            <Lozenge appearance="success">{t('project.organizations.linked')}</Lozenge>
          ) : (
            <Lozenge appearance="moved">
              {o.organizationId
                ? t('project.organizations.linkedNext')
                : t('project.organizations.createdNext')}
            </Lozenge>
          )}
        </Inline>
      ))}
    </Stack>
  );
}
