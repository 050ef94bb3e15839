// The shapes Forge hands to each kind of function, in one place: the __forge_runtime__ the SDKs
// read, the resolver call and its context, scheduled-trigger and product events.
import { randomUUID } from 'crypto';

import type { AppManifest, UiModule } from './manifest';
import { appUuid } from './manifest';

export interface Site {
  cloudId: string;
  siteUrl: string;
  installationId: string;
  environmentId: string;
}

export const installContext = (site: Site) => `ari:cloud:jira::site/${site.cloudId}`;

export function runtimeFor(
  manifest: AppManifest,
  site: Site,
  opts: { invocationId: string; moduleKey: string; accountId?: string; appCodeDir: string },
) {
  return {
    appContext: {
      appId: appUuid(manifest.appId),
      appVersion: '1.0.0',
      environmentId: site.environmentId,
      environmentType: 'DEVELOPMENT',
      invocationId: opts.invocationId,
      installationId: site.installationId,
      moduleKey: opts.moduleKey,
      permissions: { scopes: manifest.scopes, external: {} },
    },
    aaid: opts.accountId,
    proxy: { token: 'forge-local-host', url: 'http://forge-local-host' },
    tracing: {
      traceId: randomUUID().replace(/-/g, ''),
      spanId: randomUUID().replace(/-/g, '').slice(0, 16),
    },
    container: { appCodeDir: opts.appCodeDir },
    externalAuth: [],
  };
}

export interface ProjectRef {
  id: string;
  key: string;
  type: string;
}

/** The viewer's language and time zone (Jira takes them from the user's profile). */
export interface ViewerPlace {
  locale?: string;
  tz?: string;
}

/** The context a Custom UI module (and its resolver) gets, as getContext() returns it. */
export function uiContext(
  site: Site,
  mod: UiModule,
  accountId: string | undefined,
  project?: ProjectRef,
  place: ViewerPlace = {},
) {
  return {
    ...(accountId !== undefined ? { accountId } : {}),
    cloudId: site.cloudId,
    siteUrl: site.siteUrl,
    moduleKey: mod.key,
    localId: `ari:cloud:ecosystem::extension/${site.environmentId}/${mod.key}`,
    environmentId: site.environmentId,
    environmentType: 'DEVELOPMENT',
    locale: place.locale ?? 'en-US',
    timezone: place.tz ?? 'UTC',
    theme: { colorMode: 'light' },
    extension: {
      type: mod.type,
      ...(project ? { project: { id: project.id, key: project.key, type: project.type } } : {}),
    },
  };
}

export function resolverArgs(
  site: Site,
  mod: UiModule,
  accountId: string | undefined,
  functionKey: string,
  payload: unknown,
  project?: ProjectRef,
) {
  const context = uiContext(site, mod, accountId, project);
  // No user (accountId undefined): Forge gives no accountId in the context and no principal.
  return [
    { call: { functionKey, payload: payload ?? {} }, context },
    {
      principal: accountId !== undefined ? { accountId } : undefined,
      installContext: installContext(site),
      installation: { ari: { installationId: site.installationId }, contexts: [] },
    },
  ];
}

export function scheduledTriggerArgs(site: Site, moduleKey: string) {
  return [
    { context: { cloudId: site.cloudId, moduleKey }, contextToken: 'forge-local-context-token' },
    { installContext: installContext(site) },
  ];
}

/** A preUninstall function's arguments: no user, only the context of the installation. */
export function preUninstallArgs(site: Site, moduleKey: string) {
  return [
    { context: { cloudId: site.cloudId, moduleKey }, contextToken: 'forge-local-context-token' },
    { installContext: installContext(site) },
  ];
}

/** avi:jira:created|updated|deleted:project, from the emulator's project_* webhooks. */
export function projectEventArgs(site: Site, moduleKey: string, webhook: any, eventType: string) {
  const p = webhook.project ?? {};
  const event = {
    eventType,
    atlassianId: webhook.user?.accountId ?? p.lead?.accountId,
    project: {
      id: String(p.id ?? ''),
      key: p.key,
      name: p.name,
      projectTypeKey: p.projectTypeKey,
      ...(p.lead ? { lead: p.lead } : {}),
      ...(p.simplified !== undefined ? { simplified: p.simplified } : {}),
    },
    context: { cloudId: site.cloudId, moduleKey },
    contextToken: 'forge-local-context-token',
  };
  return [event, { installContext: installContext(site) }];
}
