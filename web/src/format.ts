// Display helpers. Instants come from the API in UTC and are shown in the browser's local time.
import type { Address } from './types';

const instantFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : instantFormat.format(date);
}

const civilFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A civil date (YYYY-MM-DD) shown as written, without any time-zone shift. */
export function formatDate(civil: string | null | undefined): string {
  if (!civil) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(civil);
  if (!match) return civil;
  return civilFormat.format(new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])));
}

/** Today's date in a time zone (the city's: business dates are the city's), as YYYY-MM-DD. */
export function todayInZone(timeZone: string | null | undefined): string {
  if (!timeZone) return todayCivil();
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return todayCivil();
  }
}

/** Today's date in the browser's zone, as YYYY-MM-DD. */
export function todayCivil(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function addressLines(address: Address | null | undefined): string[] {
  if (!address) return [];
  const lines = [address.line1, address.line2].filter((line) => line && line.trim());
  const cityLine = [address.city, [address.state, address.postal_code].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  if (cityLine) lines.push(cityLine);
  return lines;
}

/** Account numbers compared by their digits only: "1000-0001 73" equals "1000000173". */
export function accountNumberDigits(text: string): string | null {
  const compact = text.replace(/[\s-]/g, '');
  return /^\d{10}$/.test(compact) ? compact : null;
}

/**
 * A quantity as the API sends it, exact ("4.5", "-3", "2783/600"), for people: a fraction with no
 * finite decimal is shown to three decimals, half up (display only; amounts come priced).
 */
export function formatQuantity(text: string): string {
  const match = /^(-?)(\d+)\/(\d+)$/.exec(text);
  if (!match) return text;
  const numerator = BigInt(match[2]);
  const denominator = BigInt(match[3]);
  const thousandths = (numerator * 2000n + denominator) / (2n * denominator);
  const whole = thousandths / 1000n;
  const decimals = (thousandths % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${match[1]}${whole}${decimals ? `.${decimals}` : ''}`;
}

export function humanize(code: string): string {
  const text = code.replace(/[._]/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A value from an audit change, as text: null/absent becomes an em dash. */
export function auditValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
