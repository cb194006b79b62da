// Money in the console is integer cents, as in the API. Typed amounts are parsed as text, digit by
// digit: never through parseFloat or Math.round, so "0.29" is 29 cents and never 28.99999.
import type { Money } from './types';

/** The largest amount the console accepts: $99,999,999.99 (well inside exact integers). */
export const MONEY_MAX_CENTS = 9_999_999_999;

export type MoneyParse = { ok: true; cents: number } | { ok: false; message: string };

// Optional sign and dollar sign; whole dollars plain (1234) or grouped by commas (1,234); up to
// two decimals. ".5" is 50 cents; "12." is 12 dollars.
const MONEY_PATTERN = /^([+-]?)\s*\$?\s*(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/;

/**
 * Parses a typed amount ("125", "1,234.56", "$0.07", "-5.00") into exact cents. Blank text,
 * more than two decimals, misplaced commas and anything else are refused with a message.
 * Negative amounts parse (a caller that wants only positive ones checks `cents > 0`).
 */
export function parseMoney(text: string): MoneyParse {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: 'Enter an amount.' };
  const match = MONEY_PATTERN.exec(trimmed);
  if (!match) return { ok: false, message: 'Enter an amount in dollars and cents, like 125.00.' };
  const [, sign, wholeText, fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, message: 'Use at most two decimals (cents).' };
  const whole = wholeText.replace(/,/g, '');
  if (!whole && !fraction) return { ok: false, message: 'Enter an amount in dollars and cents, like 125.00.' };
  // Leading zeros are harmless; strip them so the length check below means what it says.
  const digits = ((whole.replace(/^0+/, '') || '0') + fraction.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > String(MONEY_MAX_CENTS).length) return { ok: false, message: 'That amount is too large.' };
  const cents = Number(digits); // an integer string of at most 10 digits: exact
  if (cents > MONEY_MAX_CENTS) return { ok: false, message: 'That amount is too large.' };
  return { ok: true, cents: sign === '-' && cents !== 0 ? -cents : cents };
}

/** Parses an amount that must be more than zero. */
export function parsePositiveMoney(text: string): MoneyParse {
  const parsed = parseMoney(text);
  if (parsed.ok && parsed.cents <= 0) return { ok: false, message: 'The amount must be more than zero.' };
  return parsed;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function splitCents(cents: number): { negative: boolean; dollars: string; fraction: string } {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const negative = cents < 0;
  const text = String(Math.abs(cents)).padStart(3, '0');
  return { negative, dollars: text.slice(0, -2).replace(/^0+(?=\d)/, ''), fraction: text.slice(-2) };
}

/** 123456 → "$1,234.56"; -500 → "-$5.00" (the API's own format). */
export function formatCents(cents: number): string {
  const { negative, dollars, fraction } = splitCents(cents);
  return `${negative ? '-' : ''}$${groupThousands(dollars)}.${fraction}`;
}

/** 123456 → "1234.56": the text to put in an amount field so that it parses back exactly. */
export function centsToInput(cents: number): string {
  const { negative, dollars, fraction } = splitCents(cents);
  return `${negative ? '-' : ''}${dollars}.${fraction}`;
}

/** The API's text for an amount, or our own formatting of its cents. */
export function moneyText(money: Money | null | undefined): string {
  if (!money) return '';
  return money.text || formatCents(money.cents);
}

/**
 * Whether some text holds what looks like a full card number: 13 to 19 digits (spaces and dashes
 * allowed between them) passing the Luhn check. Such text is never sent to the server.
 */
export function looksLikeCardNumber(text: string): boolean {
  const runs = text.match(/\d[\d -]{11,}\d/g) ?? [];
  return runs.some((run) => {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19) return false;
    let sum = 0;
    for (let index = 0; index < digits.length; index++) {
      let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
      if (index % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    return sum % 10 === 0;
  });
}
