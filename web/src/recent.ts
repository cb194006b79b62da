// Accounts opened in this browser tab, newest first; kept in sessionStorage so nothing about
// customers outlives the tab on a shared counter computer.
import type { Account } from './types';

export interface RecentAccount {
  id: string;
  account_number: string;
  customer_name: string;
  service_address: string;
  status: string;
}

const KEY = 'cistern.recent-accounts';
const LIMIT = 10;

export function recentAccounts(): RecentAccount[] {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

export function rememberAccount(account: Account): void {
  const entry: RecentAccount = {
    id: account.id,
    account_number: account.account_number,
    customer_name: account.customer.display_name,
    service_address: account.premise.address.line1,
    status: account.status,
  };
  const list = [entry, ...recentAccounts().filter((a) => a.id !== account.id)].slice(0, LIMIT);
  try {
    sessionStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list is a convenience only.
  }
}

export function forgetRecentAccounts(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // ignore
  }
}
