// Saving a rule from the editor: validates with the resolver's own schema first, then sends it;
// a refusal or error lands at its field (which takes the focus), a stale version as a conflict.
import { useRef, useState } from 'react';

import { call } from '../../../../shared/api';
import {
  type RemovalImpact,
  type Rule,
  type RuleInput,
  RuleInputSchema,
  type VersionConflict,
} from '../../../../shared/contract';
import { isConflict, isRefused, refusalsByField } from '../../rules';
import { removesAnything } from '../RemovalConfirmDialog';
import { issueText } from './issue-words';
import { type Errors, fieldOf, FIELDS, pickServer, serverErrors, tagServer } from './rule-form';

export function useRuleSave(input: RuleInput, onSaved: (rule: Rule) => void) {
  const [errors, setErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<VersionConflict>();
  const [reloading, setReloading] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  /** An edit that removes something at the next run, waiting for the admin to confirm it. */
  const [confirming, setConfirming] = useState<{ data: RuleInput; impact: RemovalImpact }>();

  function validate(): { ok: true; data: RuleInput } | { ok: false; errors: Errors } {
    const parsed = RuleInputSchema.safeParse(input);
    if (parsed.success) return { ok: true, data: parsed.data };
    const next: Errors = {};
    for (const issue of parsed.error.issues) next[fieldOf(issue.path)] ??= issueText(issue);
    return { ok: false, errors: next };
  }

  // After the first attempt, errors follow the fields as the admin fixes them.
  const liveErrors = submitted
    ? { ...(validate() as { errors?: Errors }).errors, ...pickServer(errors) }
    : errors;

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    const result = validate();
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstError(result.errors);
      return;
    }
    setErrors({});
    setConflict(undefined);
    setSaving(true);
    try {
      // An edit of a saved rule (a narrower scope, a group taken out) may remove what the rule
      // added: the admin sees what first. A new rule removes nothing.
      if (result.data.id) {
        const change = { kind: 'save' as const, rule: result.data };
        const impact = await call('getRemovalImpact', { change });
        if (removesAnything(impact)) return setConfirming({ data: result.data, impact });
      }
      await send(result.data);
    } catch (err) {
      const server = serverErrors(err);
      setErrors(tagServer(server));
      focusFirstError(server);
    } finally {
      setSaving(false);
    }
  }

  /** Saves, once confirmed where it removes something. */
  async function send(data: RuleInput) {
    const answer = await call('saveRule', { rule: data });
    if (isConflict(answer)) setConflict(answer.conflict);
    else if (isRefused(answer)) {
      const refused = refusalsByField(answer);
      setErrors(tagServer(refused));
      focusFirstError(refused);
    } else onSaved(answer);
  }

  /** The confirmed edit: saved, its refusals at their fields as any save's. */
  async function confirmSave() {
    const pending = confirming;
    setConfirming(undefined);
    if (!pending) return;
    setSaving(true);
    try {
      await send(pending.data);
    } catch (err) {
      const server = serverErrors(err);
      setErrors(tagServer(server));
      focusFirstError(server);
    } finally {
      setSaving(false);
    }
  }

  function focusFirstError(errs: Errors) {
    const first = FIELDS.find((f) => errs[f]);
    if (!first) return;
    const el = formRef.current?.querySelector<HTMLElement>(
      `[data-field="${first}"] input, [data-field="${first}"] textarea`,
    );
    el?.focus();
  }

  return {
    formRef,
    liveErrors,
    onSubmit,
    saving,
    conflict,
    reloading,
    setReloading,
    confirming,
    confirmSave,
    cancelConfirm: () => setConfirming(undefined),
  };
}
