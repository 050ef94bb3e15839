// A rule's validation issues (RuleInputSchema, the resolver's own schema) in the viewer's
// language: known by the field they are at and their kind, never by their English words, which
// stay for an issue this list does not know.
import type { z } from 'zod';

import { type MessageKey, type MessageValues, t } from '../../../../shared/i18n';

type Issue = z.ZodError['issues'][number];

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function wording(issue: Issue): [MessageKey, MessageValues?] | undefined {
  const params = (issue as { params?: Record<string, unknown> }).params;
  if (issue.code === 'custom' && params?.reason === 'rule-too-large')
    return [
      'rules.validation.ruleTooLarge',
      {
        keys: num(params.keys),
        kb: num(params.kb),
        maxKeys: num(params.maxKeys),
        maxKb: num(params.maxKb),
      },
    ];
  // Where: the fields' names with list positions as `*` ("scope.keys.*").
  const where = issue.path.map((p) => (typeof p === 'number' ? '*' : String(p))).join('.');
  const max = { max: num((issue as { maximum?: unknown }).maximum) };
  switch (`${where} ${issue.code}`) {
    case 'name too_small':
      return ['rules.validation.nameMissing'];
    case 'name too_big':
      return ['rules.validation.nameTooLong', max];
    case 'groupIds too_small':
      return ['rules.validation.groupsMissing'];
    case 'groupIds too_big':
      return ['rules.validation.groupsTooMany', max];
    case 'groupIds custom':
      return ['rules.validation.groupTwice'];
    case 'groupIds.* too_small':
      return ['rules.validation.groupMissing'];
    case 'groupIds.* invalid_format':
      return ['rules.validation.groupIdChars'];
    case 'scope.keys too_small':
      return ['rules.validation.keysMissing'];
    case 'scope.keys.* invalid_format':
    case 'exclude.* invalid_format':
      return ['rules.validation.keyChars'];
    case 'scope.categoryIds too_small':
      return ['rules.validation.categoriesMissing'];
    case 'scope.categoryIds.* invalid_format':
      return ['rules.validation.categoryIdDigits'];
    case 'scope.pattern too_small':
      return ['rules.validation.patternMissing'];
    case 'scope.pattern invalid_format':
      return ['rules.validation.patternChars'];
    case 'organization custom':
      return ['rules.validation.organizationMissing'];
    case 'organization.name too_small':
      return ['rules.validation.organizationNameMissing'];
    case 'organization.name too_big':
      return ['rules.validation.organizationNameTooLong', max];
    case 'organization.id invalid_format':
      return ['rules.validation.organizationIdDigits'];
  }
  return undefined;
}

/** What the editor shows at a field for one issue. */
export function issueText(issue: Issue): string {
  const found = wording(issue);
  return found ? t(...found) : issue.message;
}
