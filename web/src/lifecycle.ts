// Start, stop and transfer service: names and small helpers shared by the start page, the stop
// and transfer dialogs and the account's service history.
import type { ChosenService, LifecycleRequest, ServiceWindow } from './types';

/** A turn-on needs someone present: morning or afternoon, never "any time". */
export const TURN_ON_WINDOWS: { value: ServiceWindow; label: string; short: string }[] = [
  { value: 'morning', label: 'Morning, 8–10 AM', short: 'Morning 8–10' },
  { value: 'afternoon', label: 'Afternoon, 1–3 PM', short: 'Afternoon 1–3' },
];

/** A final read needs nobody at home: any time is the usual choice. */
export const STOP_WINDOWS: { value: ServiceWindow; label: string; short: string }[] = [
  { value: 'any', label: 'Any time', short: 'Any time' },
  ...TURN_ON_WINDOWS,
];

/** "morning, 8–10 AM", for a sentence. */
export function windowPhrase(window: ServiceWindow | string): string {
  const label = STOP_WINDOWS.find((w) => w.value === window)?.label ?? window;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

export function windowLabel(window: ServiceWindow | string): string {
  return STOP_WINDOWS.find((w) => w.value === window)?.label ?? window;
}

/** The civil date `days` after `civil` (YYYY-MM-DD), computed in UTC so no zone shifts it. */
export function addDays(civil: string, days: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(civil);
  if (!match) return civil;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3] + days));
  return date.toISOString().slice(0, 10);
}

/** Carts and ERUs are counted by the CSR; dwelling units come from the premise. */
export function unitsEditable(service: ChosenService): boolean {
  return /\b(carts?|erus?)\b/i.test(service.unit_name) || /equivalent residential/i.test(service.unit_name);
}

export function unitsText(service: ChosenService): string {
  const name = service.unit_name || 'unit';
  return `${service.units} ${service.units === 1 ? name : plural(name)}`;
}

function plural(name: string): string {
  if (/^eru$/i.test(name)) return name + 's';
  return /s$/.test(name) ? name : name + 's';
}

export function lifecycleKindName(request: LifecycleRequest): string {
  const transfer = Boolean(request.paired_request_id || request.paired_account_id);
  if (request.kind === 'start') return transfer ? 'Start (transfer in)' : 'Start';
  return transfer ? 'Stop (transfer out)' : 'Stop';
}

export const LIFECYCLE_STATUS_NAMES: Record<string, string> = {
  open: 'Open',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/**
 * A deposit of `cents` split over `bills` bills, the odd cents first (as the server splits it):
 * "$50.00 + $50.00". The console computes these figures itself, so formats the cents itself.
 */
export function splitCents(cents: number, bills: number): number[] {
  if (bills < 1) return [cents];
  const base = Math.floor(cents / bills);
  const odd = cents - base * bills;
  return Array.from({ length: bills }, (_, i) => base + (i < odd ? 1 : 0));
}
