// Helpers shared by the money forms: one Idempotency-Key per form, API errors placed beside their
// fields, and focus moved to the first field in error.
import { useRef, useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey } from './api';
import { fieldId, normalizePath, type FieldErrors } from './components/Fields';
import { looksLikeCardNumber } from './money';

/**
 * The form's Idempotency-Key. It is sent again on every resubmit, so a double Enter, a retry after
 * a network failure or a 5xx (whose outcome is unknown) can never post twice. Only after an
 * answer that says nothing was posted (a 4xx refusal such as DRAWER_NOT_OPEN or a field error)
 * does the next attempt get a fresh key, because the corrected request has another body and the
 * server refuses a reused key with a different body (409 IDEMPOTENCY_KEY_REUSED).
 */
export function useIdempotencyKey(): { current: () => string; settle: (error: unknown) => void } {
  const key = useRef<string>('');
  if (!key.current) key.current = newIdempotencyKey();
  return {
    current: () => key.current,
    settle: (error) => {
      if (
        error instanceof ApiError &&
        error.status >= 400 &&
        error.status < 500 &&
        error.reason !== 'IDEMPOTENCY_KEY_REUSED'
      ) {
        key.current = newIdempotencyKey();
      }
    },
  };
}

/**
 * The state every money dialog needs to send one request at a time: field errors, a banner, the
 * busy flag, its Idempotency-Key and the form (for focus). `send` runs with the key; a refusal
 * lands beside its field or in the banner and focus moves to the first field in error. Resolves
 * true when `send` succeeded.
 */
export function useFormSubmit(
  fields: readonly string[],
  // A banner for refusals that deserve their own words (or null to place the error as usual).
  bannerFor: (error: unknown) => string | null = () => null,
) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const posting = useRef(false);
  const key = useIdempotencyKey();
  const form = useRef<HTMLFormElement>(null);

  /** Shows errors found before sending and moves focus to the first. */
  function refuse(found: FieldErrors): void {
    setErrors(found);
    focusFirstError(form.current);
  }

  async function send(request: (idempotencyKey: string) => Promise<void>): Promise<boolean> {
    if (posting.current) return false;
    posting.current = true;
    setBusy(true);
    setErrors({});
    setBanner(null);
    try {
      await request(key.current());
      return true;
    } catch (e) {
      key.settle(e);
      const special = bannerFor(e);
      if (special) {
        setBanner(special);
        return false;
      }
      const rest = placeApiError(e, fields, setErrors);
      if (rest) setBanner(rest);
      focusFirstError(form.current);
      return false;
    } finally {
      posting.current = false;
      setBusy(false);
    }
  }

  return { errors, setErrors, banner, busy, form, refuse, send };
}

/** Sets the API error on its field when the form has that field; else returns it for the banner. */
export function placeApiError(
  error: unknown,
  knownFields: readonly string[],
  setErrors: (errors: FieldErrors) => void,
): string | null {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  if (error instanceof ApiError && error.field) {
    const path = normalizePath(error.field);
    if (knownFields.includes(path)) {
      setErrors({ [path]: message });
      return null;
    }
  }
  return message;
}

/** Focuses the first control marked invalid inside `root` (after the render that marks it). */
export function focusFirstError(root: HTMLElement | null): void {
  window.setTimeout(() => {
    const bad = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (bad) {
      bad.focus();
      if (bad instanceof HTMLInputElement) bad.select();
    }
  }, 0);
}

export function focusField(path: string): void {
  window.setTimeout(() => document.getElementById(fieldId(path))?.focus(), 0);
}

export const CARD_NUMBER_MESSAGE =
  'That looks like a full card number. Never enter it: use the last 4 digits and the authorization code.';

/** Fields holding a full card number; their text must be cleared and never sent. */
export function cardNumberFields(values: Record<string, string>): string[] {
  return Object.entries(values)
    .filter(([, value]) => looksLikeCardNumber(value))
    .map(([path]) => path);
}

/** Calls `submit` on Enter in a select too (inputs submit their form on Enter by themselves). */
export function submitOnEnterInSelect(event: KeyboardEvent): void {
  const target = event.target as HTMLElement | null;
  if (event.key !== 'Enter' || !target || target.tagName !== 'SELECT') return;
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
  event.preventDefault();
  (target as HTMLSelectElement).form?.requestSubmit();
}

/**
 * Where a server error on `field` shows inside `root`: the control named by the path; else the
 * first named control inside it (customer.phones.0 → its number); else, walking up the path, the
 * nearest element that has an id for it (customer.phones), after the form's `aliases`
 * (units → services). Null: the banner.
 */
export function placeInForm(root: HTMLElement | null, field: string, aliases: Record<string, string> = {}): string | null {
  if (!root) return null;
  const has = (path: string) => Boolean(root.querySelector(`#${CSS.escape(fieldId(path))}`));
  let candidate = normalizePath(field);
  const child = root.querySelector<HTMLElement>(`[id^="${CSS.escape(fieldId(candidate))}-"][name]`);
  if (!has(candidate) && child?.getAttribute('name')) return child.getAttribute('name');
  while (candidate) {
    const aliased = aliases[candidate];
    if (has(candidate)) return candidate;
    if (aliased && has(aliased)) return aliased;
    const cut = candidate.lastIndexOf('.');
    candidate = cut > 0 ? candidate.slice(0, cut) : '';
  }
  return null;
}

/** Focuses the first control marked with an error (data-error) inside `root`, after the render. */
export function focusFirstMarked(root: HTMLElement | null, fallback?: HTMLElement | null): void {
  window.setTimeout(() => {
    const bad = root?.querySelector<HTMLElement>('[data-error="true"]');
    const target = bad ?? fallback ?? null;
    if (!target) return;
    target.focus();
    target.scrollIntoView({ block: 'center' });
    if (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'radio') target.select();
  }, 0);
}
