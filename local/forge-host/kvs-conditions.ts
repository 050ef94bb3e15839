// The conditions of a Custom Entity Store transaction, as @forge/kvs sends them
// ({and|or: [{property, condition, values}]}, built with Filter and FilterConditions), evaluated
// against an entity's stored value. A missing entity, or a missing attribute, only meets
// NOT_EXISTS (and NOT_EQUAL_TO / NOT_CONTAINS).
export interface Condition {
  property: string;
  condition: string;
  values: unknown[];
}
export type Conditions = { and?: Condition[]; or?: Condition[] };

type Scalar = string | number | boolean;

function holds(c: Condition, value: Record<string, unknown> | undefined): boolean {
  const has = value !== undefined && value[c.property] !== undefined;
  const v = has ? value[c.property] : undefined;
  const [a, b] = c.values as Scalar[];
  switch (c.condition) {
    case 'EXISTS':
      return has;
    case 'NOT_EXISTS':
      return !has;
    case 'EQUAL_TO':
      return has && v === a;
    case 'NOT_EQUAL_TO':
      return !has || v !== a;
    case 'GREATER_THAN':
      return has && typeof v === typeof a && (v as Scalar) > a;
    case 'GREATER_THAN_EQUAL_TO':
      return has && typeof v === typeof a && (v as Scalar) >= a;
    case 'LESS_THAN':
      return has && typeof v === typeof a && (v as Scalar) < a;
    case 'LESS_THAN_EQUAL_TO':
      return has && typeof v === typeof a && (v as Scalar) <= a;
    case 'BETWEEN':
      return has && typeof v === typeof a && (v as Scalar) >= a && (v as Scalar) <= b;
    case 'BEGINS_WITH':
      return has && typeof v === 'string' && v.startsWith(String(a));
    case 'CONTAINS':
      return has && typeof v === 'string' && v.includes(String(a));
    case 'NOT_CONTAINS':
      return !has || typeof v !== 'string' || !v.includes(String(a));
    default:
      throw new ConditionError(
        'BAD_REQUEST',
        `Unknown condition ${c.condition} on "${c.property}".`,
      );
  }
}

/** A malformed filter, with Forge's error code for it. */
export class ConditionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function conditionsHold(conditions: Conditions, stored: unknown): boolean {
  const value = stored as Record<string, unknown> | undefined;
  if (conditions.and?.length && conditions.or?.length)
    throw new ConditionError(
      'INVALID_FILTER_OPERATORS_COMBINATION',
      'Filter operators "and" and "or" cannot be present at the same level.',
    );
  if (conditions.or?.length) return conditions.or.some((c) => holds(c, value));
  if (conditions.and?.length) return conditions.and.every((c) => holds(c, value));
  throw new ConditionError(
    'EMPTY_FILTER_OPERATOR',
    'Filter operators "and" and "or" cannot be empty.',
  );
}

/** "token EQUAL_TO 7 and holder EQUAL_TO r-1", for error messages. */
export function describeConditions(conditions: Conditions): string {
  const op = conditions.or?.length ? 'or' : 'and';
  return (conditions[op] ?? [])
    .map((c) => `${c.property} ${c.condition} ${c.values.map((v) => JSON.stringify(v)).join(', ')}`)
    .join(` ${op} `);
}
