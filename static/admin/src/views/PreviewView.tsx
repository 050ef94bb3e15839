// Preview: a dry run (whole site or one rule) shown per project; nothing changes until Apply.
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { useEffect, useState } from 'react';

import { call } from '../../../shared/api';
import { t } from '../../../shared/i18n';
import { RunProgress } from '../../../shared/RunProgress';
import { isRunActive } from '../../../shared/RunStatusLozenge';
import { Empty } from '../../../shared/states';
import { subtleCard } from '../../../shared/styles';
import { ToggleField } from '../../../shared/ToggleField';
import { useLoad } from '../../../shared/useLoad';
import { useRunPolling } from '../../../shared/useRunPolling';
import type { Navigate } from '../App';
import { ApplyPreviewDialog } from '../components/ApplyPreviewDialog';
import { OrgPlanList } from '../components/OrgPlanList';
import { PlanList } from '../components/PlanList';

interface RuleOption {
  value: string;
  label: string;
}

export default function PreviewView({
  ruleId,
  startNow,
  onStarted,
  onRuleIdChange,
  navigate,
}: {
  ruleId?: string;
  /** Start the preview at once (a rule just created); onStarted says it did. */
  startNow?: boolean;
  onStarted?: () => void;
  onRuleIdChange: (ruleId: string | undefined) => void;
  navigate: Navigate;
}) {
  // Read again for each rule asked for: one saved a moment ago is in the list, by its name.
  const rules = useLoad(() => call('listRules', {}), [ruleId]);
  const [runId, setRunId] = useState<string>();
  const [starting, setStarting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [changesOnly, setChangesOnly] = useState(true);
  const polling = useRunPolling(runId);

  const ALL: RuleOption = { value: '', label: t('runs.preview.allRules') };
  const options = [
    ALL,
    ...(rules.data ?? []).map((r) => ({
      value: r.id,
      label: r.enabled ? r.name : t('runs.preview.disabledRule', { name: r.name }),
    })),
  ];
  const selected = options.find((o) => o.value === (ruleId ?? '')) ?? ALL;
  const label = !ruleId
    ? t('runs.preview.ofAll')
    : selected.value === ruleId
      ? t('runs.preview.ofRule', { name: selected.label })
      : t('runs.preview.ofChosen');
  const finished = polling.run && !isRunActive(polling.run);
  const counts = polling.run?.counts;
  const hasChanges = !!counts && counts.adds + counts.removals > 0;
  const orgChanges = !!counts && (counts.orgAdds ?? 0) + (counts.orgRemovals ?? 0) > 0;

  async function preview() {
    setConfirming(false);
    setStarting(true);
    setError(undefined);
    setRunId(undefined);
    try {
      const { runId: id } = await call('previewPlan', ruleId ? { ruleId } : {});
      setRunId(id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setStarting(false);
    }
  }

  // Asked once (a rule just created): the request is cleared, so coming back to the tab later
  // starts nothing; the rule list is read again, as the new rule is not in it yet.
  useEffect(() => {
    if (!startNow) return;
    onStarted?.();
    void rules.reload();
    void preview();
  }, [startNow]); // eslint-disable-line react-hooks/exhaustive-deps

  async function apply() {
    // Applies exactly this preview's changes (re-checked against Jira), nothing else. A failure
    // is shown in the dialog, which stays open.
    const { runId: id } = await call('applyPreview', { runId: runId! });
    setConfirming(false);
    navigate('Runs', { runId: id });
  }

  return (
    <Stack space="space.200">
      <Heading size="medium" as="h2">
        {t('runs.preview.title')}
      </Heading>
      <Text as="p" color="color.text.subtle">
        {t('runs.preview.intro')}
      </Text>
      <Inline space="space.200" alignBlock="end" shouldWrap>
        <Box xcss={selectBox}>
          <Label htmlFor="preview-rule">{t('runs.preview.rulesLabel')}</Label>
          <Select<RuleOption>
            inputId="preview-rule"
            options={options}
            value={selected}
            onChange={(o) => {
              onRuleIdChange(o?.value || undefined);
              setRunId(undefined);
            }}
            isLoading={rules.loading}
            testId="preview-rule"
          />
        </Box>
        <Button
          appearance="primary"
          onClick={() => void preview()}
          isLoading={starting}
          isDisabled={!!runId && !finished}
        >
          {t('runs.preview.start')}
        </Button>
      </Inline>
      {rules.error ? (
        <SectionMessage appearance="warning" title={t('runs.preview.rulesError')}>
          <Text as="p">{rules.error.message}</Text>
        </SectionMessage>
      ) : null}
      {error ? (
        <SectionMessage appearance="error" title={t('runs.preview.notStarted')}>
          <Text as="p">{error}</Text>
        </SectionMessage>
      ) : null}

      {!runId && !starting ? (
        <Empty header={t('runs.preview.emptyTitle')} description={t('runs.preview.emptyText')} />
      ) : null}

      {runId ? (
        <Box xcss={subtleCard}>
          <RunProgress polling={polling} label={label} />
        </Box>
      ) : null}

      {runId && finished ? (
        <PreviewResult
          runId={runId}
          oneRule={!!ruleId}
          changesOnly={changesOnly}
          onToggleChangesOnly={() => setChangesOnly(!changesOnly)}
          canApply={!(polling.run?.status === 'failed' || !hasChanges)}
          orgChanges={orgChanges}
          onApply={() => setConfirming(true)}
        />
      ) : null}
      {runId && confirming ? (
        <ApplyPreviewDialog
          runId={runId}
          onApply={apply}
          onPreviewAgain={() => void preview()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </Stack>
  );
}

/** A finished preview: its changes (all projects or changes only) and Apply. */
function PreviewResult({
  runId,
  oneRule,
  changesOnly,
  onToggleChangesOnly,
  canApply,
  orgChanges,
  onApply,
}: {
  runId: string;
  /** The preview is of one rule: Apply makes only its changes. */
  oneRule: boolean;
  changesOnly: boolean;
  onToggleChangesOnly: () => void;
  /** The preview succeeded and found something to change. */
  canApply: boolean;
  /** The preview would add or remove organization members (the next run does, not Apply). */
  orgChanges: boolean;
  onApply: () => void;
}) {
  return (
    <Stack space="space.200">
      <Inline space="space.200" alignBlock="center" spread="space-between" shouldWrap>
        <ToggleField
          id="changes-only"
          label={t('runs.preview.changesOnly')}
          isChecked={changesOnly}
          onChange={onToggleChangesOnly}
        />
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text size="small" color="color.text.subtle">
            {oneRule ? t('runs.preview.appliesRule') : t('runs.preview.appliesAll')}
          </Text>
          <Button appearance="primary" onClick={onApply} isDisabled={!canApply}>
            {t('runs.preview.apply')}
          </Button>
        </Inline>
      </Inline>
      {orgChanges ? (
        <Text as="p" size="small" color="color.text.subtle" testId="preview-org-note">
          {t('runs.preview.orgNote')}
        </Text>
      ) : null}
      <OrgPlanList runId={runId} applied={false} />
      <PlanList
        runId={runId}
        changesOnly={changesOnly}
        applied={false}
        quietWhenEmpty={orgChanges}
      />
    </Stack>
  );
}

const selectBox = xcss({ minWidth: '260px', flexGrow: 1, maxWidth: '420px' });
