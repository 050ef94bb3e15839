// The scope editor's live list: which service projects the scope covers right now (debounced previewScope).
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useEffect, useState } from 'react';

import { call } from '../../../shared/api';
import type { ProjectScope, ScopePreview } from '../../../shared/contract';
import { listSentence } from '../../../shared/format';
import { t } from '../../../shared/i18n';
import { subtleCard } from '../../../shared/styles';
import { useDebounced } from '../../../shared/useLoad';

const SHOWN = 60;

export function ScopePreviewPanel({ args }: { args?: { scope: ProjectScope; exclude: string[] } }) {
  const key = args ? JSON.stringify(args) : '';
  const debouncedKey = useDebounced(key, 400);
  const [state, setState] = useState<{ key: string; data?: ScopePreview; error?: string }>({
    key: '',
  });

  useEffect(() => {
    if (!debouncedKey) return;
    let live = true;
    const parsed = JSON.parse(debouncedKey) as { scope: ProjectScope; exclude: string[] };
    call('previewScope', parsed).then(
      (data) => live && setState({ key: debouncedKey, data }),
      (err: Error) => live && setState({ key: debouncedKey, error: err.message }),
    );
    return () => {
      live = false;
    };
  }, [debouncedKey]);

  const loading = !!key && state.key !== key;
  const data = state.data && state.key ? state.data : undefined;

  return (
    <Box xcss={subtleCard} testId="scope-preview">
      <div aria-live="polite" aria-busy={loading}>
        <Stack space="space.150">
          <Inline space="space.100" alignBlock="center">
            <Heading size="xsmall" as="h3" id="scope-preview-title">
              {t('runs.scope.title')}
            </Heading>
            {loading ? <Spinner size="small" label={t('runs.scope.updating')} /> : null}
          </Inline>
          {!args ? (
            <Text as="p" color="color.text.subtle">
              {t('runs.scope.unfinished')}
            </Text>
          ) : state.error && state.key === key ? (
            <SectionMessage appearance="warning">
              <Text as="p">{state.error}</Text>
            </SectionMessage>
          ) : data ? (
            <Stack space="space.100">
              <Text as="p" weight="medium" testId="scope-preview-total">
                {data.complete === false
                  ? t('runs.scope.totalPartial', {
                      count: data.total,
                      scanned: data.scanned ?? 0,
                      all: data.serviceProjects ?? 0,
                    })
                  : data.total === 0
                    ? t('runs.scope.none')
                    : t('runs.scope.total', { count: data.total })}
              </Text>
              {data.complete === false ? (
                <Text as="p" size="small" color="color.text.subtle" testId="scope-preview-partial">
                  {t('runs.scope.partial')}
                </Text>
              ) : null}
              {data.projects.length ? (
                <Box as="ul" xcss={list}>
                  {data.projects.slice(0, SHOWN).map((p) => (
                    <Box as="li" key={p.key} xcss={item}>
                      <Inline space="space.100" alignBlock="center" shouldWrap>
                        <Lozenge>{p.key}</Lozenge>
                        <Text>{p.name}</Text>
                        {p.style === 'next-gen' ? (
                          <Text size="small" color="color.text.subtlest">
                            {t('runs.scope.teamManaged')}
                          </Text>
                        ) : null}
                      </Inline>
                    </Box>
                  ))}
                </Box>
              ) : null}
              {data.total > Math.min(SHOWN, data.projects.length) ? (
                <Text as="p" size="small" color="color.text.subtle">
                  {t('runs.scope.more', {
                    count: data.total - Math.min(SHOWN, data.projects.length),
                  })}
                </Text>
              ) : null}
              {data.excluded.length ? (
                <Text as="p" size="small" color="color.text.subtle">
                  {t('runs.scope.excluded', { projects: listSentence(data.excluded, 12) })}
                </Text>
              ) : null}
            </Stack>
          ) : (
            <Text as="p" color="color.text.subtle">
              {t('common.loading')}
            </Text>
          )}
        </Stack>
      </div>
    </Box>
  );
}

const list = xcss({
  listStyle: 'none',
  padding: 'space.0',
  margin: 'space.0',
  maxHeight: '360px',
  overflowY: 'auto',
});
const item = xcss({ paddingBlock: 'space.050', margin: 'space.0' });
