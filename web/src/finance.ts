// Finance configuration for the screens (fetched once per sign-in by api.financeConfig) and the
// names that go with its codes.
import { useEffect, useState } from 'preact/hooks';
import { financeConfig, financeConfigNow, referenceData, referenceDataNow } from './api';
import { humanize, todayInZone } from './format';
import type { FinanceConfig } from './types';

export function useFinanceConfig(): { config: FinanceConfig | null; error: unknown } {
  const [state, setState] = useState<{ config: FinanceConfig | null; error: unknown }>(() => ({
    config: financeConfigNow(),
    error: null,
  }));
  useEffect(() => {
    if (state.config) return;
    let live = true;
    financeConfig().then(
      (config) => live && setState({ config, error: null }),
      (error) => live && setState({ config: null, error }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** Today's business date: the city's date (reference data's time zone), not the browser's. */
export function useCityToday(): string {
  const [today, setToday] = useState(() => todayInZone(referenceDataNow()?.city.time_zone));
  useEffect(() => {
    let live = true;
    referenceData().then(
      (data) => live && setToday(todayInZone(data.city.time_zone)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return today;
}

const TENDER_FALLBACK: Record<string, string> = {
  cash: 'Cash',
  check: 'Check',
  money_order: 'Money order',
  card: 'Card',
  ach: 'ACH',
};

export function tenderName(config: FinanceConfig | null, code: string): string {
  return config?.tenders.find((t) => t.code === code)?.name ?? TENDER_FALLBACK[code] ?? humanize(code);
}

/** A fund's name; GL lines outside receivables (cash, revenue) have no fund: an em dash. */
export function fundName(fund: string | null | undefined): string {
  return fund ? humanize(fund) : '—';
}

export function reasonName(config: FinanceConfig | null, code: string): string {
  return (
    config?.adjustment_reasons.find((r) => r.code === code)?.name ??
    config?.return_reasons.find((r) => r.code === code)?.name ??
    humanize(code)
  );
}

const KIND_NAMES: Record<string, string> = {
  payment: 'Payment',
  payment_reversal: 'Payment reversal',
  fee: 'Fee',
  adjustment: 'Adjustment',
  refund: 'Refund',
  transfer: 'Transfer',
  bill: 'Bill',
  charge: 'Charge',
};

export function kindName(kind: string): string {
  return KIND_NAMES[kind] ?? humanize(kind);
}

/** Return reasons that mean the bank sent the item back (fee, cash-only, note), per docs/api.md. */
export const RETURNED_ITEM_REASONS = ['nsf', 'account_closed', 'stop_payment'];

/** Tenders a bank can send back (the others are only ever reversed as posted in error). */
export const RETURNABLE_TENDERS = ['check', 'money_order', 'ach'];
