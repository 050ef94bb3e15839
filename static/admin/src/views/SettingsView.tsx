// Settings: scheduled enforcement, removal of app-made bindings, project exclusions, how often a
// project may run, audit retention; rules export and import; preparing to uninstall.
// A change based on older settings than the stored ones (another admin saved since) is refused and
// says so, with a way to reload them. Its sections and hooks are in ./settings.
import { Stack } from '@atlaskit/primitives';

import { useSuccessFlag } from '../components/successFlag';
import { RulesImportSection } from './settings/RulesImportSection';
import { ReplaceRulesDialog, SwitchConfirmation } from './settings/SettingsDialogs';
import { SiteSettingsSection } from './settings/SiteSettingsSection';
import { UninstallSection } from './settings/UninstallSection';
import { useRulesImport } from './settings/useRulesImport';
import { useSiteSettings } from './settings/useSiteSettings';
import { useUninstall } from './settings/useUninstall';

export default function SettingsView() {
  const flag = useSuccessFlag();
  const site = useSiteSettings(flag);
  const io = useRulesImport(flag);
  // Preparing turns the hourly runs off: the switch above shows it.
  const uninstall = useUninstall(() => void site.settings.reload());
  const { settings, confirming, setConfirming } = site;

  return (
    <Stack space="space.400">
      <SiteSettingsSection site={site} />
      <RulesImportSection io={io} />
      <UninstallSection u={uninstall} />
      {confirming && settings.data ? (
        <SwitchConfirmation
          settingKey={confirming.key}
          turningOn={!settings.data[confirming.key]}
          removalOn={settings.data.removeUnwanted}
          impact={confirming.impact}
          busy={site.saving !== null}
          onConfirm={() => {
            const key = confirming.key;
            setConfirming(undefined);
            void site.toggle(key);
          }}
          onCancel={() => {
            const key = confirming.key;
            setConfirming(undefined);
            document.getElementById(`setting-${key}`)?.focus();
          }}
        />
      ) : null}
      {io.pending?.replace && io.importRemoval ? (
        <ReplaceRulesDialog
          preview={io.importNotice?.text}
          removal={io.importRemoval}
          busy={io.importing}
          onConfirm={() => void io.confirmImport()}
          onCancel={io.cancelImport}
        />
      ) : null}
    </Stack>
  );
}
