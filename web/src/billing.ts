// Display helpers for the billing screens: service and status names, gallons, months.
import { humanize } from './format';
import type { Gallons } from './types';

const SERVICE_NAMES: Record<string, string> = {
  water: 'Water',
  sewer: 'Sewer',
  sanitation: 'Sanitation',
  stormwater: 'Stormwater',
};

export function serviceName(code: string): string {
  return SERVICE_NAMES[code] ?? humanize(code);
}

/** The order services are listed in: water first, then as the rate book lists them. */
export function serviceOrder(code: string): number {
  const index = Object.keys(SERVICE_NAMES).indexOf(code);
  return index === -1 ? 99 : index;
}

const groupFormat = new Intl.NumberFormat('en-US');

/** 12345 → "12,345". */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : groupFormat.format(value);
}

/** Usage in whole gallons for people: "6,262 gal". */
export function formatGallons(gallons: Gallons | null | undefined): string {
  if (!gallons) return '';
  return `${groupFormat.format(gallons.whole)} gal`;
}

/** Gallons as thousands with one decimal for tight spots: 6262 → "6.3k". */
export function shortGallons(whole: number): string {
  if (whole < 1000) return String(whole);
  const k = whole / 1000;
  return `${k >= 100 ? Math.round(k) : k.toFixed(1).replace(/\.0$/, '')}k`;
}

const monthShort = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
const monthLong = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });

function civilDate(civil: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(civil);
  return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
}

/** "2026-10-31" → "Oct". */
export function monthAbbrev(civil: string): string {
  const date = civilDate(civil);
  return date ? monthShort.format(date) : civil;
}

/** "2026-10-31" → "October 2026". */
export function monthName(civil: string): string {
  const date = civilDate(civil);
  return date ? monthLong.format(date) : civil;
}

/** The last day of the month before the one `civil` falls in ("2026-11-27" → "2026-10-31"). */
export function endOfPreviousMonth(civil: string): string {
  const date = civilDate(civil) ?? new Date();
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 0));
  return end.toISOString().slice(0, 10);
}

/** The last day of the month after the one `civil` falls in ("2026-10-31" → "2026-11-30"). */
export function endOfNextMonth(civil: string): string {
  const date = civilDate(civil) ?? new Date();
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 2, 0)).toISOString().slice(0, 10);
}

export function dayAfter(civil: string): string {
  const date = civilDate(civil) ?? new Date();
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)).toISOString().slice(0, 10);
}

/** The first day of the month `civil` falls in. */
export function startOfMonth(civil: string): string {
  return civil.slice(0, 8) + '01';
}

export const READING_STATUS_NAMES: Record<string, string> = {
  ready: 'Ready',
  held: 'Held',
  void: 'Void',
};

export const EXCEPTION_STATUSES: { value: string; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'reread_requested', label: 'Re-read requested' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'edited', label: 'Edited' },
  { value: 'estimated', label: 'Estimated' },
  { value: 'reread_received', label: 'Re-read received' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: 'all', label: 'All' },
];

export function exceptionStatusName(code: string): string {
  return EXCEPTION_STATUSES.find((s) => s.value === code)?.label ?? humanize(code);
}

export const RUN_STATUS_NAMES: Record<string, string> = {
  previewed: 'Previewed',
  approved: 'Approved',
  posting: 'Posting',
  posted: 'Posted',
  discarded: 'Discarded',
};

const RUN_EXCEPTION_NAMES: Record<string, string> = {
  no_reading: 'No new reading',
  held_reading: 'Reading held for review',
  no_meter: 'Metered service without a meter',
  no_services: 'No services on',
  rate_problem: 'Rates cannot price a service',
  awaiting_final_read: 'Stops in the period: waits for the final read',
  missed_period: 'Also bills a period never billed',
  estimated: 'Billed on an estimate',
  far_above_history: 'Far above the usual bill',
  zero_bill: 'No current charges',
  credit_bill: 'Total due is a credit',
};

export function runExceptionName(code: string): string {
  return RUN_EXCEPTION_NAMES[code] ?? humanize(code);
}
