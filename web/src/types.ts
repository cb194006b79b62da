// Shapes of the /api/v1 JSON bodies the console reads and writes (see docs/api.md).

export type Permission =
  | 'accounts.read'
  | 'accounts.write'
  | 'notes.write'
  | 'contacts.confidential.read'
  | 'audit.read'
  | 'users.manage'
  | string;

export interface User {
  id: string;
  username: string;
  display_name: string;
  role: string;
  permissions: Permission[];
}

export interface Session {
  user: User;
  csrf_token: string;
  expires_at: string;
}

export interface CodeName {
  code: string;
  name: string;
}

export interface RouteRef extends CodeName {
  cycle: string;
}

export interface CityProfile {
  name: string;
  city: string;
  state: string;
  time_zone: string;
}

export interface ReferenceData {
  city: CityProfile;
  premise_types: CodeName[];
  account_statuses: CodeName[];
  roles: CodeName[];
  cycles: CodeName[];
  routes: RouteRef[];
  states: string[];
}

export interface Address {
  line1: string;
  line2: string;
  city: string;
  state: string;
  postal_code: string;
}

export interface Phone {
  number: string;
  label: string;
}

export type AccountStatus = 'pending' | 'active' | 'final' | 'closed' | string;

export interface AccountSummary {
  id: string;
  account_number: string;
  status: AccountStatus;
  customer_name: string;
  customer_id: string;
  service_address: string;
  premise_id: string;
  phone?: string;
  email?: string;
  confidential: boolean;
}

export interface Customer {
  id: string;
  kind: 'person' | 'business';
  first_name: string;
  last_name: string;
  business_name: string;
  display_name: string;
  phones?: Phone[];
  emails?: string[];
  mailing_address?: Address | null;
  date_of_birth?: string | null;
  id_last4_masked?: string | null;
  confidential: boolean;
  contact_hidden: boolean;
  version: number;
}

export interface Premise {
  id: string;
  address: Address;
  inside_city_limits: boolean;
  premise_type: string;
  unit_count: number;
  parcel_number: string;
  route: string;
  cycle: string;
  version: number;
}

export interface Account {
  id: string;
  account_number: string;
  status: AccountStatus;
  opened_on: string;
  closed_on: string | null;
  version: number;
  mailing_address?: Address | null;
  customer: Customer;
  premise: Premise;
}

export interface UserRef {
  id: string;
  display_name: string;
}

export interface Note {
  id: string;
  account_id: string;
  text: string;
  author: UserRef;
  created_at: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface AuditEvent {
  id: string;
  at: string;
  user: UserRef | null;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: FieldChange[];
}

export interface ListPage<T> {
  data: T[];
  next_page_token?: string;
}

export interface NewCustomer {
  kind: 'person' | 'business';
  first_name: string;
  last_name: string;
  business_name: string;
  phones: Phone[];
  emails: string[];
  mailing_address: Address;
  date_of_birth?: string;
  id_last4?: string;
  confidential: boolean;
}

export interface NewPremise {
  address: Address;
  inside_city_limits: boolean;
  premise_type: string;
  unit_count: number;
  parcel_number: string;
  route: string;
  cycle: string;
}

export interface NewAccountRequest {
  customer: NewCustomer;
  premise: NewPremise;
  account: { mailing_address: Address | null; opened_on?: string };
}

// Receivables and payments (docs/api.md, "Receivables and payments").

/** An amount in a response: integer cents plus the server's formatted text. */
export interface Money {
  cents: number;
  text: string;
}

export type Tender = CodeName;

export interface FeeDefinition extends CodeName {
  amount: Money;
}

export interface AdjustmentReason extends CodeName {
  always_needs_approval: boolean;
}

export interface FinanceConfig {
  tenders: Tender[];
  funds: string[];
  fees: FeeDefinition[];
  adjustment_reasons: AdjustmentReason[];
  adjustment_approval_over: Money;
  return_reasons: CodeName[];
}

export interface Aging {
  current: Money;
  days_31_60: Money;
  days_61_90: Money;
  over_90: Money;
}

export interface AccountLedger {
  balance: Money;
  by_fund: { fund: string; balance: Money }[];
  credit: Money;
  cash_only_until: string | null;
  aging: Aging;
}

export interface EntryLine {
  gl_code: string;
  gl_name: string;
  /** Null on lines outside receivables (cash, revenue, unapplied credits). */
  fund: string | null;
  /** The customer account a receivable or credit line belongs to, else null. */
  account_id?: string | null;
  amount: Money;
}

export interface Transaction {
  entry_id: string;
  kind: string;
  effective_on: string;
  posted_at: string;
  memo: string;
  amount: Money;
  balance_after: Money;
  payment_id: string | null;
  reverses: string | null;
  reversed_by: string | null;
  posted_by: UserRef | null;
  lines: EntryLine[];
}

export type TenderCode = 'cash' | 'check' | 'money_order' | 'card' | 'ach' | string;

export interface PaymentRequest {
  account_id: string;
  amount_cents: number;
  tender: TenderCode;
  tendered_cents?: number;
  check_number?: string;
  bank_name?: string;
  card_auth_code?: string;
  card_last4?: string;
  reference?: string;
  received_on?: string;
  memo?: string;
}

export interface PaymentReversal {
  entry_id: string;
  reason: string;
  fee_entry_id: string | null;
  cash_only_until: string | null;
}

export interface Payment {
  id: string;
  account_id: string;
  account_number: string;
  customer_name: string;
  amount: Money;
  tender: TenderCode;
  tendered: Money | null;
  change_due: Money | null;
  check_number: string | null;
  bank_name: string | null;
  card_last4: string | null;
  card_auth_code: string | null;
  reference: string;
  received_on: string;
  posted_at: string;
  posted_by: UserRef;
  drawer_id: string;
  entry_id: string;
  status: 'posted' | 'reversed' | string;
  applied: { fund: string; amount: Money }[];
  unapplied: Money;
  balance_after: Money;
  reversal: PaymentReversal | null;
  receipt_url: string;
}

export interface WriteOffResult {
  entry_id: string;
}

export interface FeeResult {
  entry_id: string;
  fee_code: string;
  amount: Money;
}

export type DecisionStatus = 'pending_approval' | 'posted' | 'rejected' | string;

export interface AdjustmentRequest {
  account_id: string;
  direction: 'credit' | 'debit';
  amount_cents: number;
  fund: string;
  reason_code: string;
  memo: string;
  corrects_entry_id?: string;
}

export interface Adjustment {
  id: string;
  account_id: string;
  account_number: string;
  direction: 'credit' | 'debit';
  amount: Money;
  fund: string;
  reason_code: string;
  memo: string;
  corrects_entry_id: string | null;
  status: DecisionStatus;
  requested_by: UserRef;
  requested_at: string;
  decided_by: UserRef | null;
  decided_at: string | null;
  decision_memo: string;
  entry_id: string | null;
}

export interface Refund {
  id: string;
  account_id: string;
  account_number: string;
  amount: Money;
  memo: string;
  status: DecisionStatus;
  requested_by: UserRef;
  requested_at: string;
  decided_by: UserRef | null;
  decided_at: string | null;
  decision_memo: string;
  entry_id: string | null;
}

export interface DrawerTotals {
  cash: Money;
  check: Money;
  money_order: Money;
  card: Money;
  ach: Money;
  count: number;
}

export interface Drawer {
  id: string;
  user: UserRef;
  business_date: string;
  opened_at: string;
  opening_float: Money;
  status: 'open' | 'closed' | string;
  totals: DrawerTotals;
  expected_cash: Money;
  /** Checks (and money orders) the drawer should hold; the server sends it beside expected_cash. */
  expected_checks?: Money | null;
  closed_at: string | null;
  counted_cash: Money | null;
  counted_checks: Money | null;
  over_short: Money | null;
}

export interface CashDay {
  business_date: string;
  closed_by: UserRef;
  closed_at: string;
  totals: Record<string, unknown>;
}
