// Reads manifest.yml into the few facts the host needs: which function runs which module,
// with which time limit, under which scopes. Forge validates the manifest on deploy; here we
// fail early with the module named, so a typo does not surface as "handler not found" later.
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';

import { type ModuleTitle, readTranslations, titleIn, type Translations } from './translations';

export interface FunctionDef {
  key: string;
  /** "index.adminResolver" -> file "index", export "adminResolver". */
  file: string;
  exportName: string;
  timeoutSeconds?: number;
}
export interface UiModule {
  type: 'jira:adminPage' | 'jira:projectSettingsPage';
  key: string;
  /** The title in the fallback language (the shell's nav); `titleSource` as the manifest has it. */
  title: string;
  titleSource: ModuleTitle;
  resource: string;
  resolverFunction?: string;
}
export interface ConsumerModule {
  key: string;
  queue: string;
  function: string;
}
export interface ScheduledTrigger {
  key: string;
  function: string;
  interval?: string;
}
export interface TriggerModule {
  key: string;
  function: string;
  events: string[];
}
/** A lifecycle trigger (preUninstall): the function Forge runs at that point of an install. */
export interface LifecycleTrigger {
  key: string;
  function: string;
}
export interface Resource {
  key: string;
  path: string;
}
/** A Custom Entity Store entity (`app.storage.entities`): its attributes and their types. */
export interface EntityDef {
  name: string;
  attributes: Record<string, EntityAttributeType>;
}
export type EntityAttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';
const ATTRIBUTE_TYPES = ['string', 'boolean', 'float', 'integer', 'any'];
// Forge's manifest schema for entity names and attribute names.
const ENTITY_NAME = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;
const ATTRIBUTE_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

export interface AppManifest {
  appId: string;
  scopes: string[];
  functions: Map<string, FunctionDef>;
  uiModules: UiModule[];
  consumers: ConsumerModule[];
  scheduledTriggers: ScheduledTrigger[];
  triggers: TriggerModule[];
  preUninstall: LifecycleTrigger[];
  resources: Resource[];
  entities: EntityDef[];
  translations?: Translations;
  /** Where manifest.yml was read from; resources resolve against its folder. */
  root: string;
}

const UI_TYPES = ['jira:adminPage', 'jira:projectSettingsPage'] as const;

export function loadManifest(repoRoot: string): AppManifest {
  const file = path.join(repoRoot, 'manifest.yml');
  if (!fs.existsSync(file))
    throw new Error(`No manifest.yml in ${repoRoot}: pass the app's folder as repoRoot.`);
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  const modules = doc.modules ?? {};
  const functions = new Map<string, FunctionDef>();
  for (const f of modules.function ?? []) {
    const [fileName, exportName] = String(f.handler ?? '').split('.');
    if (!fileName || !exportName)
      throw new Error(
        `manifest.yml: function "${f.key}" has handler "${f.handler}"; expected "<file>.<export>".`,
      );
    const timeoutSeconds = f.timeoutSeconds === undefined ? undefined : Number(f.timeoutSeconds);
    if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= 900)) {
      throw new Error(
        `manifest.yml: function "${f.key}" has timeoutSeconds ${f.timeoutSeconds}; Forge allows 1..900.`,
      );
    }
    functions.set(f.key, { key: f.key, file: fileName, exportName, timeoutSeconds });
  }
  const needFn = (moduleKey: string, fn: string | undefined): string => {
    if (!fn || !functions.has(fn))
      throw new Error(
        `manifest.yml: module "${moduleKey}" names function "${fn}", which is not under modules.function.`,
      );
    return fn;
  };
  const translations = readTranslations(doc, repoRoot);
  const uiModules: UiModule[] = [];
  for (const type of UI_TYPES) {
    for (const m of modules[type] ?? []) {
      uiModules.push({
        type,
        key: m.key,
        title: titleIn(m.title ?? m.key, translations, translations?.fallback.default ?? 'en-US'),
        titleSource: m.title ?? m.key,
        resource: m.resource,
        resolverFunction: m.resolver?.function ? needFn(m.key, m.resolver.function) : undefined,
      });
    }
  }
  return {
    appId: doc.app?.id ?? 'ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000',
    scopes: [...(doc.permissions?.scopes ?? [])].map(String),
    functions,
    uiModules,
    consumers: (modules.consumer ?? []).map((m: any) => ({
      key: m.key,
      queue: m.queue,
      function: needFn(m.key, m.function ?? m.resolver?.function),
    })),
    scheduledTriggers: (modules.scheduledTrigger ?? []).map((m: any) => ({
      key: m.key,
      function: needFn(m.key, m.function),
      interval: m.interval,
    })),
    triggers: (modules.trigger ?? []).map((m: any) => ({
      key: m.key,
      function: needFn(m.key, m.function),
      events: [...(m.events ?? [])],
    })),
    preUninstall: (modules.preUninstall ?? []).map((m: any) => ({
      key: m.key,
      function: needFn(m.key, m.function),
    })),
    resources: (doc.resources ?? []).map((r: any) => ({ key: r.key, path: r.path })),
    entities: (doc.app?.storage?.entities ?? []).map(entityDef),
    translations,
    root: repoRoot,
  };
}

function entityDef(e: any): EntityDef {
  const name = String(e?.name ?? '');
  if (name.length < 3 || name.length > 60 || !ENTITY_NAME.test(name))
    throw new Error(
      `manifest.yml: entity "${name}" needs a name of 3..60 characters matching ${ENTITY_NAME}.`,
    );
  const attributes: Record<string, EntityAttributeType> = {};
  for (const [attr, def] of Object.entries<any>(e.attributes ?? {})) {
    if (!ATTRIBUTE_NAME.test(attr) || attr.length > 30 || !ATTRIBUTE_TYPES.includes(def?.type))
      throw new Error(
        `manifest.yml: attribute "${attr}" of entity "${name}" needs a name of up to 30 letters, ` +
          `digits or _ and a type of ${ATTRIBUTE_TYPES.join(', ')}.`,
      );
    attributes[attr] = def.type;
  }
  if (Object.keys(attributes).length === 0)
    throw new Error(`manifest.yml: entity "${name}" declares no attributes.`);
  return { name, attributes };
}

/** The app id without the ARI prefix, as Forge's appContext carries it. */
export function appUuid(appId: string): string {
  return appId.replace(/^ari:cloud:ecosystem::app\//, '');
}
