// The rule editor's form model: its fields, how a zod issue or a resolver error finds its field,
// and the mark that keeps the server's errors apart from live validation.
import { type AdminResults, asResolverError, ResolverError } from '../../../../shared/api';
import { type RuleRefusal } from '../../rules';

export type Field = 'name' | 'groupIds' | 'scope' | 'exclude' | 'roleName' | 'form';
export type Errors = Partial<Record<Field, string>>;

export interface GroupOption {
  value: string;
  label: string;
  synced?: boolean;
  /** The guard rails' reason this group cannot (or, unsynced, should not) be made customers. */
  warning?: RuleRefusal;
}

export type FoundProject = AdminResults['searchProjects'][number];

/** The fields in the order the form shows them: the first with an error takes the focus. */
export const FIELDS: readonly Field[] = ['name', 'groupIds', 'scope', 'exclude', 'roleName'];

export function fieldOf(path: PropertyKey[]): Field {
  const first = String(path[0] ?? '');
  return (
    (['name', 'groupIds', 'scope', 'exclude', 'roleName'] as const).find((f) => f === first) ??
    'form'
  );
}

/** Places the resolver's answered error at the field it names (by code and field, not words). */
export function serverErrors(err: unknown): Errors {
  const message = asResolverError(err).message;
  const field = err instanceof ResolverError ? FIELDS.find((f) => f === err.field) : undefined;
  return field ? { [field]: message } : { form: message };
}

// Server errors are kept apart so that live client validation does not erase them until the admin submits again.
const SERVER = Symbol('server');
export function tagServer(errors: Errors): Errors {
  return Object.assign({}, errors, { [SERVER]: true });
}
export function pickServer(errors: Errors): Errors {
  return (errors as Record<symbol, unknown>)[SERVER] ? errors : {};
}
