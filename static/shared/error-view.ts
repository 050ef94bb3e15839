// What a page offers for a failed call, by the error's code (never by its words): the title, the
// one action that can help, and how loud the message is.
import type { PageErrorCode } from './api';
import { t } from './i18n';

export interface ErrorView {
  title: string;
  /** `retry`: "Try again" (a passing fault); `reload`: read the current state again. */
  action?: 'retry' | 'reload';
  appearance: 'error' | 'warning';
}

export interface ErrorViewOptions {
  /** What failed, as the page says it ("The runs could not be read"). */
  title: string;
  /** Who may use the page: the forbidden title names them. */
  admins?: 'jira' | 'project';
  /** What went missing, for not-found ("This run", in the viewer's language); "This" without one. */
  subject?: string;
}

export function errorView(code: PageErrorCode, opts: ErrorViewOptions): ErrorView {
  switch (code) {
    case 'forbidden':
      return {
        title:
          opts.admins === 'project'
            ? t('shared.errorView.forbiddenProject')
            : t('shared.errorView.forbiddenJira'),
        appearance: 'warning',
      };
    case 'unauthenticated':
      return { title: t('shared.errorView.signIn'), appearance: 'warning' };
    case 'not-found':
      return {
        title: opts.subject
          ? t('shared.errorView.notFound', { subject: opts.subject })
          : t('shared.errorView.notFoundThis'),
        appearance: 'warning',
      };
    case 'conflict':
      return { title: opts.title, action: 'reload', appearance: 'warning' };
    case 'too-soon':
    case 'invalid-input':
      return { title: opts.title, appearance: 'warning' };
    case 'internal':
    case 'jira':
    case 'unavailable':
      return { title: opts.title, action: 'retry', appearance: 'error' };
  }
}
