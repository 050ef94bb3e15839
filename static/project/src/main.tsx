import '@atlaskit/css-reset';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Atlassian's light theme first, so every token() resolves at once; then ask Jira to apply its own theme.
void setGlobalTheme({ colorMode: 'light', light: 'light', dark: 'dark', spacing: 'spacing', typography: 'typography' });
void Promise.resolve()
  .then(() => view.theme.enable())
  .catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
