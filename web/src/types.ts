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

// Billing: services, meters and readings, the readings exceptions queue, rates, runs and bills.

export interface Gallons {
  exact: string;
  whole: number;
}

export interface ServiceRecord {
  id: string;
  account_id?: string;
  service: string;
  rate_class: string;
  units: number;
  starts_on: string;
  ends_on: string | null;
}

export type ReadingKind = 'actual' | 'estimated' | 'install' | 'removal' | string;
export type ReadingStatus = 'held' | 'ready' | 'void' | string;

export interface Reading {
  id: string;
  meter_id: string;
  read_on: string;
  value: number;
  kind: ReadingKind;
  status: ReadingStatus;
  source: string;
  reader: string;
  replaces: string | null;
}

export interface MeterRecord {
  id: string;
  serial: string;
  make: string;
  model: string;
  size: string;
  dials: number;
  multiplier: number;
  unit: string;
  premise_id: string;
  route_sequence: number;
  set_on: string;
  removed_on: string | null;
  readings?: Reading[];
}

export interface UsageMonth {
  period_start: string;
  period_end: string;
  usage_gallons: Gallons;
  estimated: boolean;
  current_charges: Money;
}

export interface AccountMetering {
  services: ServiceRecord[];
  meters: MeterRecord[];
  usage: UsageMonth[];
}

export interface ReadingException {
  id: string;
  kind: string;
  kind_name: string;
  status: string;
  reading_id: string | null;
  meter_id: string | null;
  meter_serial: string;
  route: string;
  read_on: string | null;
  value: number | null;
  detail: string;
  source: string;
  raised_at: string;
  resolved_at: string | null;
  resolution_reason: string;
  account_id: string | null;
  account_number: string;
  service_address: string;
  /** The reading the resolution left to bill (accepted, corrected or estimated). */
  resolution_value?: number | null;
}

export interface ReadingOutcome {
  reading: Reading;
  usage_gallons: Gallons;
  rolled_over: boolean;
  exception: ReadingException | null;
}

export interface ReadingImportProblem {
  line: number;
  field: string;
  message: string;
}

export interface ReadingImportReport {
  imported: boolean;
  lines: number;
  ready: number;
  held: number;
  skipped: number;
  unknown_meters: number;
  duplicates: number;
  already_imported?: number;
  missing: number;
  problems: ReadingImportProblem[];
}

export type ExceptionAction = 'accept' | 'edit' | 'reread' | 'estimate' | 'dismiss';

export interface ChargeLine {
  service: string;
  fund: string;
  step: string;
  description: string;
  quantity: string | null;
  unit: string;
  unit_price: string | null;
  amount: Money;
  version: string;
  effective?: string;
}

export interface BillSummary {
  id: string;
  number: string;
  account_id: string;
  run_id: string | null;
  period_start: string;
  period_end: string;
  bill_date: string;
  due_date: string;
  previous_balance: Money;
  payments: Money;
  adjustments: Money;
  current_charges: Money;
  total_due: Money;
  late_amount: Money;
  late_after: string;
  usage_gallons: Gallons;
  estimated: boolean;
  status: 'posted' | 'cancelled' | string;
  cancel_reason: string;
  replaces_bill_id: string | null;
}

export interface BillReading {
  meter_id: string;
  meter_serial: string;
  previous_read_on: string;
  previous_value: number;
  current_read_on: string;
  current_value: number;
  usage_gallons: Gallons;
  estimated: boolean;
}

export interface BillView extends BillSummary {
  lines: ChargeLine[];
  readings: BillReading[];
  account_number: string;
  customer_name: string;
  service_address: string;
  message: string;
  usage_history: UsageMonth[];
  /** On an account's final bill: the day its service ended. */
  service_ended_on?: string | null;
}

export interface RateClassInfo {
  code: string;
  name: string;
  metered: boolean;
  meter_sizes: string[];
  unit_name: string;
  program: string;
  location: 'inside' | 'outside' | 'any' | string;
}

export interface RateServiceInfo {
  code: string;
  name: string;
  classes: RateClassInfo[];
}

export interface RatesInfo {
  data: { effective: string; name: string; ordinance: string }[];
  current_services: RateServiceInfo[];
}

export interface QuoteRequest {
  period: { first: string; last: string };
  inside_city: boolean;
  services: { service: string; rate_class: string; meter_size?: string; units?: number }[];
  water_usage_gallons?: string;
  winter_average_gallons?: string;
  programs?: string[];
}

export interface Quote {
  lines: ChargeLine[];
  total: Money;
}

export type RunStatus = 'previewed' | 'approved' | 'posting' | 'posted' | 'discarded' | string;

export interface BillingRun {
  id: string;
  cycle: string;
  period_start: string;
  period_end: string;
  bill_date: string;
  due_date: string;
  message: string;
  status: RunStatus;
  created_at: string;
  approved_at: string | null;
  posted_at: string | null;
  preview: { accounts: number; bills: number; exceptions: number; current_charges: Money };
}

export interface RunException {
  account_id: string;
  account_number: string;
  kind: string;
  blocking: boolean;
  detail: string;
}

export interface RunPosting {
  running: boolean;
  done: number;
  total: number;
  posted: number;
  report?: { posted: number; already_billed: number; blocked: number; current_charges: Money; seconds: number };
  error?: { reason: string; message: string };
}

export interface RunSummary {
  accounts: number;
  billable: number;
  already_billed: number;
  blocked: number;
  current_charges: Money;
  total_due: Money;
  charges_by_service: { service: string; amount: Money }[];
  exceptions_by_kind: Record<string, number>;
  exceptions: RunException[];
}

export interface BillingRunView extends BillingRun {
  // null when the server did not plan the cycle again (an approval, or a run that is posting).
  summary: RunSummary | null;
  bills_posted: number;
  posting: RunPosting | null;
  // With a summary: the posted bills' charges by service and those worth a look (from the bills).
  posted?: { charges_by_service: { service: string; amount: Money }[]; exceptions: RunException[] };
}

// --- service orders ----------------------------------------------------------------------------

export type ServiceOrderType = 'turn_on' | 'final_read' | 'reread' | 'meter_exchange' | 'investigate';
export type ServiceOrderStatus = 'open' | 'dispatched' | 'completed' | 'cancelled';
export type ServiceWindow = 'any' | 'morning' | 'afternoon';

export interface ServiceOrder {
  id: string;
  number: string;
  type: ServiceOrderType;
  type_name: string;
  status: ServiceOrderStatus;
  premise_id: string;
  account_id: string | null;
  account_number: string;
  customer_name: string;
  service_address: string;
  route: string;
  route_sequence: number;
  meter_id: string | null;
  meter_serial: string;
  meter_size: string;
  reading_exception_id: string | null;
  requested_on: string;
  window: ServiceWindow;
  window_label: string;
  remarks: string;
  created_at: string;
  created_by: string;
  dispatched_at: string | null;
  assigned_to: string;
  completed_at: string | null;
  completed_by: string;
  completed_on: string | null;
  worked_by: string;
  reading: number | null;
  reading_id: string | null;
  held_exception_id: string | null;
  completion_remarks: string;
  present_person: string;
  waiver_signed: boolean;
  cancelled_at: string | null;
  cancel_reason: string;
}

export interface NewServiceOrder {
  type: ServiceOrderType;
  account_id?: string;
  premise_id?: string;
  meter_id?: string;
  reading_exception_id?: string;
  requested_on: string;
  window?: ServiceWindow;
  remarks?: string;
}

export interface ServiceOrderCompletion {
  reading?: number;
  completed_on?: string;
  worked_by?: string;
  remarks?: string;
  present_person?: string;
  waiver_signed?: boolean;
}

// --- Start, stop and transfer service (docs/api.md, "Start, stop and transfer") ---------------

export type Tenure = 'owner' | 'renter';

/** POST /service-starts and /service-starts/preview: a new customer or customer_id, a premise. */
export interface ServiceStartRequest {
  customer?: NewCustomer;
  customer_id?: string;
  premise_id: string;
  mailing_address?: Address;
  requested_on: string;
  window: ServiceWindow;
  services?: string[];
  units?: Record<string, number>;
  tenure: Tenure;
  credit_rating: string;
  credit_reference: string;
  deposit_amount_cents?: number;
  deposit_installments?: number;
  deposit_paid_now?: boolean;
  transfer_unpaid_balances?: boolean;
  remarks?: string;
}

export interface ChosenService {
  service: string;
  service_name: string;
  rate_class: string;
  class_name: string;
  units: number;
  unit_name: string;
  metered: boolean;
  rule: string;
  rule_number: number;
}

export interface StartDepositQuote {
  amount: Money;
  reasons: string[];
  installments_max: number;
  installments: Money[];
  rate_class?: string;
  tenure?: string;
  late_payments?: number;
  returned_payments?: number;
  credit_rating?: string | null;
}

export interface UnpaidFinal {
  account_id: string;
  account_number: string;
  service_address: string;
  balance: Money;
}

export type UnpaidFinalPolicy = 'refuse' | 'transfer' | 'allow';

export interface ServiceStartPreview {
  customer: Customer | null;
  premise: Premise;
  services: ChosenService[];
  deposit: StartDepositQuote;
  fee: { code: string; name: string; amount: Money } | null;
  unpaid_finals: UnpaidFinal[];
  unpaid_final_policy: UnpaidFinalPolicy;
  cash_only_until: string | null;
  returned_payments: number;
  turn_on_order: boolean;
  meter_serial: string;
  warnings: string[];
}

export type LifecycleKind = 'start' | 'stop';
export type LifecycleStatus = 'open' | 'completed' | 'cancelled';

export interface LifecycleRequest {
  id: string;
  kind: LifecycleKind;
  status: LifecycleStatus;
  account_id: string;
  account_number: string;
  premise_id: string;
  requested_on: string;
  order_id: string | null;
  paired_request_id: string | null;
  paired_account_id: string | null;
  paired_account_number: string | null;
  fee_code: string | null;
  fee_entry_id: string | null;
  reading_id: string | null;
  final_bill_id: string | null;
  created_at: string;
  created_by: UserRef | null;
  completed_at: string | null;
}

export interface ServiceStarted {
  account: Account;
  services: unknown[];
  deposit: unknown;
  turn_on_order: ServiceOrder | null;
  fee_entry_id: string | null;
  request: LifecycleRequest;
}

export interface StopServiceRequest {
  stop_on: string;
  window?: ServiceWindow;
  forwarding_address?: Address;
  remarks?: string;
}

export interface FinalBillResult {
  bill_id: string;
  current_charges: Money;
  total_due: Money;
  deposit_applied: Money | null;
  refund_id: string | null;
  balance_carried: Money | null;
  balance_after: Money;
  status: AccountStatus;
}

export interface ServiceStopped {
  request: LifecycleRequest;
  final_read_order: ServiceOrder | null;
  final_bill: FinalBillResult | null;
}

export interface TransferServiceRequest {
  to_premise_id: string;
  stop_on: string;
  start_on?: string;
  stop_window?: ServiceWindow;
  start_window?: ServiceWindow;
  services?: string[];
  units?: Record<string, number>;
  mailing_address?: Address;
  remarks?: string;
  transfer_unpaid_balances?: boolean;
}

export interface ServiceTransferred {
  stopped: ServiceStopped;
  started: ServiceStarted;
  deposit_carried: Money | null;
}
