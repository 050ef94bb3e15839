// The six spec files the repository's copy holds: the ones @forge/lint's permission linter reads
// offline (USE_LOCAL_SWAGGER with LOCAL_*_SWAGGER), in the same folder.
import path from 'path';

export const LINT_SPEC_FILES = {
  LOCAL_JIRA_SWAGGER: 'jira-platform.json',
  LOCAL_JSM_SWAGGER: 'jsm.json',
  LOCAL_JSW_SWAGGER: 'jsw.json',
  LOCAL_CONF_SWAGGER: 'conf.json',
  LOCAL_CONF_V2_SWAGGER: 'conf2.json',
  LOCAL_BB_SWAGGER: 'bb.json',
} as const;

/** The environment that makes @forge/lint read the specs in `dir` instead of fetching them. */
export function lintSwaggerEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = { USE_LOCAL_SWAGGER: '1' };
  for (const [name, file] of Object.entries(LINT_SPEC_FILES)) env[name] = path.join(dir, file);
  return env;
}
