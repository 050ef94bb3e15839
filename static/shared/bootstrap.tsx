// What both Custom UI pages do first: the CSS reset, the theme, the viewer's language, and the
// page's App in #root.
import '@atlaskit/css-reset';

import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { view } from '@forge/bridge';
import { type ComponentType, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { currentLocale, initI18n } from './i18n';

export async function bootstrap(App: ComponentType): Promise<void> {
  // Both themes, following the browser's colour scheme, so every token() resolves at once; then ask
  // Jira to apply its own theme (light or dark) to the frame where the host supports theming.
  void setGlobalTheme({
    colorMode: 'auto',
    light: 'light',
    dark: 'dark',
    spacing: 'spacing',
    typography: 'typography',
  });
  void Promise.resolve()
    .then(() => view.theme.enable())
    // Theming is cosmetic: without it the page keeps Atlaskit's light defaults.
    .catch(() => undefined);

  await initI18n();
  document.documentElement.lang = currentLocale();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
