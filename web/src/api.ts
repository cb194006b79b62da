// The only module that talks HTTP. Same-origin calls to /api/v1 with the session cookie; every
// state-changing call carries the CSRF token that sign-in (or GET sessions/current) returned.
import type {
  Account,
  AccountLedger,
  AccountSummary,
  Adjustment,
  AdjustmentRequest,
  AuditEvent,
  AccountMetering,
  BillSummary,
  BillView,
  BillingRun,
  BillingRunView,
  ExceptionAction,
  MeterRecord,
  Quote,
  QuoteRequest,
  RatesInfo,
  ReadingException,
  ReadingImportReport,
  ReadingOutcome,
  ServiceRecord,
  CashDay,
  Drawer,
  FeeResult,
  WriteOffResult,
  FinanceConfig,
  ListPage,
  NewAccountRequest,
  Note,
  Payment,
  PaymentRequest,
  ReferenceData,
  Refund,
  Session,
  Transaction,
  NewServiceOrder,
  ServiceOrder,
  ServiceOrderCompletion,
  FinalBillResult,
  LifecycleRequest,
  ServiceStartPreview,
  ServiceStartRequest,
  ServiceStarted,
  ServiceStopped,
  ServiceTransferred,
  StopServiceRequest,
  TransferServiceRequest,
} from './types';

const BASE = '/api/v1';

/** An error answer from the API (or a network failure, with code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
// Bumped at every sign-in and sign-out, so that a 401 answering a request sent under an earlier
// session (still in flight when the user signed out and in again) does not end the new one.
let sessionGeneration = 0;

/** Called when any call other than sign-in answers 401, so the shell can ask to sign in again. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not call the unauthenticated handler on 401 (sign-in and the session probe). */
  quiet401?: boolean;
  /** Sent as the Idempotency-Key header (every POST that moves money). */
  idempotencyKey?: string;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const generation = sessionGeneration;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'NETWORK', 'NETWORK', 'Cannot reach the Cistern server. Check the connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: any = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const e = json && typeof json === 'object' ? json.error : null;
    const error = new ApiError(
      response.status,
      e?.code ?? 'HTTP_' + response.status,
      e?.reason ?? '',
      e?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      e?.field ?? undefined,
    );
    if (response.status === 401 && !options.quiet401 && generation === sessionGeneration && onUnauthenticated) {
      onUnauthenticated();
    }
    throw error;
  }
  return json as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

const enc = encodeURIComponent;

// Sessions

export async function signIn(username: string, password: string): Promise<Session> {
  const session = await request<Session>('POST', '/sessions', { body: { username, password }, quiet401: true });
  sessionGeneration += 1;
  csrfToken = session.csrf_token;
  referenceDataPromise = null;
  referenceDataValue = null;
  financeConfigPromise = null;
  financeConfigValue = null;
  return session;
}

/** The current session, or null when signed out. Also refreshes the CSRF token. */
export async function currentSession(): Promise<Session | null> {
  try {
    const session = await request<Session>('GET', '/sessions/current', { quiet401: true });
    csrfToken = session.csrf_token;
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      csrfToken = null;
      return null;
    }
    throw error;
  }
}

export async function signOut(): Promise<void> {
  sessionGeneration += 1;
  try {
    await request<void>('DELETE', '/sessions/current', { quiet401: true });
  } finally {
    csrfToken = null;
    referenceDataPromise = null;
    referenceDataValue = null;
    financeConfigPromise = null;
    financeConfigValue = null;
  }
}

// Reference data changes rarely: one fetch per sign-in.
let referenceDataPromise: Promise<ReferenceData> | null = null;
let referenceDataValue: ReferenceData | null = null;

export function referenceData(): Promise<ReferenceData> {
  if (!referenceDataPromise) {
    const pending = request<ReferenceData>('GET', '/reference-data');
    referenceDataPromise = pending;
    pending.then(
      (data) => {
        if (referenceDataPromise === pending) referenceDataValue = data;
      },
      () => {
        if (referenceDataPromise === pending) referenceDataPromise = null;
      },
    );
  }
  return referenceDataPromise;
}

/** The reference data if it has already arrived. */
export function referenceDataNow(): ReferenceData | null {
  return referenceDataValue;
}

// Accounts

export function searchAccounts(
  q: string,
  options: { pageSize?: number; pageToken?: string; signal?: AbortSignal } = {},
): Promise<ListPage<AccountSummary>> {
  return request('GET', '/accounts' + query({ q, page_size: options.pageSize, page_token: options.pageToken }), {
    signal: options.signal,
  });
}

export function getAccount(id: string, signal?: AbortSignal): Promise<Account> {
  return request('GET', `/accounts/${enc(id)}`, { signal });
}

export function createAccount(body: NewAccountRequest): Promise<Account> {
  return request('POST', '/accounts', { body });
}

export function listNotes(accountId: string, pageToken?: string, signal?: AbortSignal): Promise<ListPage<Note>> {
  return request('GET', `/accounts/${enc(accountId)}/notes` + query({ page_size: 50, page_token: pageToken }), {
    signal,
  });
}

export function addNote(accountId: string, text: string): Promise<Note> {
  return request('POST', `/accounts/${enc(accountId)}/notes`, { body: { text } });
}

export function accountHistory(
  accountId: string,
  pageToken?: string,
  signal?: AbortSignal,
): Promise<ListPage<AuditEvent>> {
  return request('GET', `/accounts/${enc(accountId)}/history` + query({ page_size: 50, page_token: pageToken }), {
    signal,
  });
}

// Receivables and payments. Every call that moves money takes the caller's Idempotency-Key (see
// newIdempotencyKey): a form makes one key and sends it again when the same form is resubmitted.

/** A fresh Idempotency-Key: a random UUID, or 128 random bits in hex where randomUUID is missing. */
export function newIdempotencyKey(): string {
  const c: Crypto | undefined = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  if (c && typeof c.getRandomValues === 'function') {
    const bytes = c.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  // No Web Crypto at all (very old browsers): time plus Math.random is unique enough per user.
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

// Finance configuration (tenders, funds, fees, reasons) changes rarely: one fetch per sign-in.
let financeConfigPromise: Promise<FinanceConfig> | null = null;
let financeConfigValue: FinanceConfig | null = null;

export function financeConfig(): Promise<FinanceConfig> {
  if (!financeConfigPromise) {
    const pending = request<FinanceConfig>('GET', '/finance/config');
    financeConfigPromise = pending;
    pending.then(
      (config) => {
        if (financeConfigPromise === pending) financeConfigValue = config;
      },
      () => {
        if (financeConfigPromise === pending) financeConfigPromise = null;
      },
    );
  }
  return financeConfigPromise;
}

/** The finance configuration if it has already arrived, so a dialog can render at once. */
export function financeConfigNow(): FinanceConfig | null {
  return financeConfigValue;
}

export function accountLedger(accountId: string, signal?: AbortSignal): Promise<AccountLedger> {
  return request('GET', `/accounts/${enc(accountId)}/ledger`, { signal });
}

export function accountTransactions(
  accountId: string,
  pageToken?: string,
  signal?: AbortSignal,
): Promise<ListPage<Transaction>> {
  return request(
    'GET',
    `/accounts/${enc(accountId)}/transactions` + query({ page_size: 25, page_token: pageToken }),
    { signal },
  );
}

export function postPayment(body: PaymentRequest, idempotencyKey: string): Promise<Payment> {
  return request('POST', '/payments', { body, idempotencyKey });
}

export function getPayment(id: string, signal?: AbortSignal): Promise<Payment> {
  return request('GET', `/payments/${enc(id)}`, { signal });
}

/** The receipt PDF of a payment (GET /payments/{id}/receipt.pdf). */
export function receiptUrl(paymentId: string): string {
  return `${BASE}/payments/${enc(paymentId)}/receipt.pdf`;
}

export function reversePayment(
  id: string,
  body: { reason: string; memo: string },
  idempotencyKey: string,
): Promise<Payment> {
  return request('POST', `/payments/${enc(id)}/reverse`, { body, idempotencyKey });
}

export function addFee(
  accountId: string,
  body: { fee_code: string; memo: string },
  idempotencyKey: string,
): Promise<FeeResult> {
  return request('POST', `/accounts/${enc(accountId)}/fees`, { body, idempotencyKey });
}

/** A supervisor writes off what a final account owes to bad debt. */
export function writeOffBalance(
  accountId: string,
  body: { memo: string },
  idempotencyKey: string,
): Promise<WriteOffResult> {
  return request('POST', `/accounts/${enc(accountId)}/write-off`, { body, idempotencyKey });
}

export function requestAdjustment(body: AdjustmentRequest, idempotencyKey: string): Promise<Adjustment> {
  return request('POST', '/adjustments', { body, idempotencyKey });
}

export function requestRefund(
  body: { account_id: string; amount_cents: number; memo: string },
  idempotencyKey: string,
): Promise<Refund> {
  return request('POST', '/refunds', { body, idempotencyKey });
}

export type DecisionKind = 'adjustments' | 'refunds';

export function listAdjustments(
  status: string,
  pageToken?: string,
  signal?: AbortSignal,
): Promise<ListPage<Adjustment>> {
  return request('GET', '/adjustments' + query({ status, page_size: 100, page_token: pageToken }), { signal });
}

export function listRefunds(status: string, pageToken?: string, signal?: AbortSignal): Promise<ListPage<Refund>> {
  return request('GET', '/refunds' + query({ status, page_size: 100, page_token: pageToken }), { signal });
}

export function decide<T>(kind: DecisionKind, id: string, decision: 'approve' | 'reject', memo: string): Promise<T> {
  return request('POST', `/${kind}/${enc(id)}/${decision}`, { body: { memo } });
}

// Drawers and the day

/** The caller's open drawer, or null when none is open (404 DRAWER_NOT_OPEN). */
export async function currentDrawer(signal?: AbortSignal): Promise<Drawer | null> {
  try {
    return await request<Drawer>('GET', '/drawers/current', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function openDrawer(openingFloatCents: number): Promise<Drawer> {
  return request('POST', '/drawers', { body: { opening_float_cents: openingFloatCents } });
}

export function closeDrawer(id: string, countedCashCents: number, countedChecksCents: number): Promise<Drawer> {
  return request('POST', `/drawers/${enc(id)}/close`, {
    body: { counted_cash_cents: countedCashCents, counted_checks_cents: countedChecksCents },
  });
}

export function drawersForDate(businessDate: string, signal?: AbortSignal): Promise<ListPage<Drawer>> {
  return request('GET', '/drawers' + query({ business_date: businessDate, page_size: 100 }), { signal });
}

export function closeCashDay(businessDate: string): Promise<CashDay> {
  return request('POST', `/cash-days/${enc(businessDate)}/close`, { body: {} });
}

// Reports: JSON for the screen; the same URL with format=csv is the download.

export function reportUrl(report: string, params: Record<string, string>, format?: 'csv'): string {
  return `${BASE}/reports/${report}` + query({ ...params, format });
}

export function getReport(report: string, params: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
  return request('GET', `/reports/${report}` + query(params), { signal });
}

// Billing: services, meters and readings; the readings exceptions queue; rates and quotes;
// billing runs and bills.

export function accountMetering(accountId: string, signal?: AbortSignal): Promise<AccountMetering> {
  return request('GET', `/accounts/${enc(accountId)}/metering`, { signal });
}

export function addService(
  accountId: string,
  body: { service: string; rate_class: string; units?: number; starts_on?: string },
): Promise<ServiceRecord> {
  return request('POST', `/accounts/${enc(accountId)}/services`, { body });
}

export function setMeter(accountId: string, body: Record<string, unknown>): Promise<MeterRecord> {
  return request('POST', `/accounts/${enc(accountId)}/meters`, { body });
}

export function accountBills(accountId: string, signal?: AbortSignal): Promise<ListPage<BillSummary>> {
  return request('GET', `/accounts/${enc(accountId)}/bills` + query({ page_size: 24 }), { signal });
}

export function getBill(id: string, signal?: AbortSignal): Promise<BillView> {
  return request('GET', `/bills/${enc(id)}`, { signal });
}

/** The bill as a PDF (GET /bills/{id}/pdf). */
export function billPdfUrl(id: string): string {
  return `${BASE}/bills/${enc(id)}/pdf`;
}

export function rebill(
  id: string,
  body: { reason: string; corrections?: { meter_id: string; value: number }[]; confirm_high_usage?: boolean },
): Promise<BillView> {
  return request('POST', `/bills/${enc(id)}/rebill`, { body });
}

export function enterReading(body: {
  meter_serial: string;
  read_on: string;
  value: number;
  reader?: string;
}): Promise<ReadingOutcome> {
  return request('POST', '/readings', { body });
}

/** A route file; a 422 (malformed lines, nothing imported) still carries the report. */
export async function importReadings(fileName: string, csv: string): Promise<ReadingImportReport> {
  const response = await fetch(BASE + '/reading-imports', {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
    },
    credentials: 'same-origin',
    body: JSON.stringify({ file_name: fileName, csv }),
  }).catch(() => {
    throw new ApiError(0, 'NETWORK', 'NETWORK', 'Cannot reach the Cistern server. Check the connection and try again.');
  });
  const json: any = await response.json().catch(() => null);
  if (response.status === 422 && json && Array.isArray(json.problems)) return json as ReadingImportReport;
  if (!response.ok) {
    const e = json?.error;
    if (response.status === 401 && onUnauthenticated) onUnauthenticated();
    throw new ApiError(
      response.status,
      e?.code ?? 'HTTP_' + response.status,
      e?.reason ?? '',
      e?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      e?.field ?? undefined,
    );
  }
  return json as ReadingImportReport;
}

export function listReadingExceptions(
  params: { status: string; route?: string; pageToken?: string },
  signal?: AbortSignal,
): Promise<ListPage<ReadingException>> {
  return request(
    'GET',
    '/reading-exceptions' +
      query({ status: params.status, route: params.route, page_size: 100, page_token: params.pageToken }),
    { signal },
  );
}

export function resolveReadingException(
  id: string,
  body: { action: ExceptionAction; value?: number; read_on?: string; reason?: string },
): Promise<ReadingException> {
  return request('POST', `/reading-exceptions/${enc(id)}/resolve`, { body });
}

export function rates(signal?: AbortSignal): Promise<RatesInfo> {
  return request('GET', '/rates', { signal });
}

export function rateQuote(body: QuoteRequest): Promise<Quote> {
  return request('POST', '/rate-quotes', { body });
}

export function listRuns(pageToken?: string, signal?: AbortSignal): Promise<ListPage<BillingRun>> {
  return request('GET', '/billing-runs' + query({ page_size: 50, page_token: pageToken }), { signal });
}

export function createRun(body: {
  cycle: string;
  period_end: string;
  period_start?: string;
  bill_date?: string;
  message?: string;
}): Promise<BillingRunView> {
  return request('POST', '/billing-runs', { body });
}

export function getRun(id: string, signal?: AbortSignal): Promise<BillingRunView> {
  return request('GET', `/billing-runs/${enc(id)}`, { signal });
}

export type RunAction = 'preview' | 'approve' | 'post' | 'discard';

export function runAction(id: string, action: RunAction): Promise<BillingRunView> {
  return request('POST', `/billing-runs/${enc(id)}/${action}`, { body: {} });
}

/** A posted run's bills as PDF: part 1.. of files of at most RUN_PDF_PART_BILLS bills. */
export function runPdfUrl(id: string, part = 1): string {
  return `${BASE}/billing-runs/${enc(id)}/bills.pdf${part > 1 ? `?part=${part}` : ''}`;
}

/** The most bills in one printed file (the server's kMaxBillsPerPdf). */
export const RUN_PDF_PART_BILLS = 5000;

// Customers: master changes (name, mailing address, phones, emails) with history, eligibilities
// for rate programs, and the expiring-eligibilities report (docs/api.md "Customers").

export interface CustomerChange {
  id: string;
  customer_id: string;
  kind: 'name' | 'mailing_address' | 'phones' | 'emails';
  effective_on: string;
  reason: string;
  recorded_by: { id: string; display_name: string };
  recorded_at: string;
  before: Record<string, string>;
  after: Record<string, string>;
}

export interface Eligibility {
  id: string;
  customer_id: string;
  program: string;
  birth_date: string | null;
  document: string;
  verified_by: { id: string; display_name: string };
  verified_on: string;
  renews_on: string;
  current_through: string;
  ended_on: string | null;
  end_reason: string;
  renewal_of: string | null;
  renewed_by: string | null;
  status: 'current' | 'expired' | 'ended' | 'renewed' | 'pending';
}

export function customerChanges(customerId: string, signal?: AbortSignal): Promise<{ data: CustomerChange[] }> {
  return request('GET', `/customers/${enc(customerId)}/changes`, { signal });
}

export function changeCustomer(customerId: string, body: Record<string, unknown>): Promise<CustomerChange> {
  return request('POST', `/customers/${enc(customerId)}/changes`, { body });
}

export function customerEligibilities(customerId: string, signal?: AbortSignal): Promise<{ data: Eligibility[] }> {
  return request('GET', `/customers/${enc(customerId)}/eligibilities`, { signal });
}

export function eligibilityPrograms(signal?: AbortSignal): Promise<{ data: string[] }> {
  return request('GET', '/eligibility-programs', { signal });
}

export function addEligibility(customerId: string, body: Record<string, unknown>): Promise<Eligibility> {
  return request('POST', `/customers/${enc(customerId)}/eligibilities`, { body });
}

export function renewEligibility(id: string, body: Record<string, unknown>): Promise<Eligibility> {
  return request('POST', `/eligibilities/${enc(id)}/renew`, { body });
}

export function endEligibility(id: string, body: Record<string, unknown>): Promise<Eligibility> {
  return request('POST', `/eligibilities/${enc(id)}/end`, { body });
}

// --- Letters (docs/api.md "Letters") ----------------------------------------------------------

export interface LetterField {
  name: string;
  label: string;
  kind: 'text' | 'money' | 'date' | 'count';
  source: 'account' | 'sender';
}

export interface LetterTemplate {
  code: string;
  version: number;
  title: string;
  description: string;
  account_statuses: string[];
  sender_fields: LetterField[];
}

export interface Letter {
  id: string | null;
  reference: string | null;
  pdf_url: string | null;
  account_id: string;
  template: { code: string; version: number; title: string };
  letter_date: string;
  date_text: string;
  organization: string;
  office_line: string;
  addressee: string;
  mailing_address: string[];
  contact_hidden: boolean;
  account_number: string;
  service_address: string;
  subject: string;
  paragraphs: string[];
  closing: string;
  signature: string[];
  fields: { name: string; value: string }[];
  sent_at: string;
  sent_by: { id: string | null; display_name: string };
}

export interface LetterRequest {
  template: string;
  fields: Record<string, string>;
}

export function letterTemplates(signal?: AbortSignal): Promise<{ data: LetterTemplate[] }> {
  return request('GET', '/letter-templates', { signal });
}

export function accountLetters(accountId: string, pageToken?: string, signal?: AbortSignal): Promise<ListPage<Letter>> {
  const query = pageToken ? `?page_token=${encodeURIComponent(pageToken)}` : '';
  return request('GET', `/accounts/${encodeURIComponent(accountId)}/letters${query}`, { signal });
}

/** What the account's records say for a template's sender fields, as the CSR would type them. */
export function suggestedLetterFields(
  accountId: string,
  template: string,
  signal?: AbortSignal,
): Promise<{ template: string; fields: Record<string, string> }> {
  const query = `?template=${encodeURIComponent(template)}`;
  return request('GET', `/accounts/${encodeURIComponent(accountId)}/letters/suggested-fields${query}`, { signal });
}

export function previewLetter(accountId: string, body: LetterRequest): Promise<Letter> {
  return request('POST', `/accounts/${encodeURIComponent(accountId)}/letter-previews`, { body });
}

export function sendLetter(accountId: string, body: LetterRequest): Promise<Letter> {
  return request('POST', `/accounts/${encodeURIComponent(accountId)}/letters`, { body });
}

// --- service orders (docs/api.md, "Service orders") --------------------------------------------

export interface ServiceOrderFilters {
  status?: string; // open, dispatched, completed, cancelled, live, all
  type?: string;
  route?: string;
  date?: string;
  accountId?: string;
  pageToken?: string;
  pageSize?: number;
}

export function listServiceOrders(filters: ServiceOrderFilters, signal?: AbortSignal): Promise<ListPage<ServiceOrder>> {
  return request(
    'GET',
    '/service-orders' +
      query({
        status: filters.status,
        type: filters.type,
        route: filters.route,
        date: filters.date,
        account_id: filters.accountId,
        page_size: filters.pageSize ?? 50,
        page_token: filters.pageToken,
      }),
    { signal },
  );
}

export function createServiceOrder(body: NewServiceOrder): Promise<ServiceOrder> {
  return request('POST', '/service-orders', { body });
}

export function dispatchServiceOrder(id: string, assignedTo: string): Promise<ServiceOrder> {
  return request('POST', `/service-orders/${enc(id)}/dispatch`, { body: { assigned_to: assignedTo } });
}

export function completeServiceOrder(id: string, body: ServiceOrderCompletion): Promise<ServiceOrder> {
  return request('POST', `/service-orders/${enc(id)}/complete`, { body });
}

export function cancelServiceOrder(id: string, reason: string): Promise<ServiceOrder> {
  return request('POST', `/service-orders/${enc(id)}/cancel`, { body: { reason } });
}

/** The printable daily list (GET /service-order-lists/{date}/pdf?route=). */
export function serviceOrderListUrl(date: string, route?: string): string {
  return `${BASE}/service-order-lists/${enc(date)}/pdf` + query({ route: route || undefined });
}

// Commercial sanitation (docs/api.md, "Sanitation")

export interface SanitationExemption {
  id: string;
  account_id: string;
  account_number: string;
  account_status: string;
  customer_name: string;
  service_address: string;
  premise_type: string;
  hauler: string;
  permit: string;
  starts_on: string;
  expires_on: string;
  renewal_letter_id: string | null;
  renewal_sent_on: string | null;
  version: number;
  expired: boolean;
  expiring: boolean;
  missing_paperwork: boolean;
  needs_attention: boolean;
  days_left: number;
  city_sanitation_active: boolean;
}

export interface Dumpster {
  id: string;
  number: string;
  account_id: string;
  account_number: string;
  customer_name: string;
  service_address: string;
  size_yards: number;
  status: 'requested' | 'delivered' | 'removed' | 'cancelled';
  requested_on: string;
  remarks: string;
  delivered_on: string | null;
  removed_on: string | null;
  empty_count: number;
}

export interface RenewalLetterOutcome {
  exemption_id: string;
  letter_id: string | null;
  error: { code: string; reason: string; message: string; field?: string } | null;
}

export type DumpsterAction = 'deliver' | 'empty' | 'remove' | 'cancel';

export function listExemptions(
  filter: 'attention' | 'all',
  signal?: AbortSignal,
): Promise<{ data: SanitationExemption[]; warning_days: number }> {
  return request('GET', '/sanitation/exemptions' + query({ filter }), { signal });
}

export function createExemption(body: {
  account_id: string;
  hauler: string;
  permit: string;
  starts_on: string;
  expires_on: string;
}): Promise<SanitationExemption> {
  return request('POST', '/sanitation/exemptions', { body });
}

export function updateExemption(
  id: string,
  body: { hauler: string; permit: string; starts_on: string; expires_on: string; version: number },
): Promise<SanitationExemption> {
  return request('PATCH', `/sanitation/exemptions/${enc(id)}`, { body });
}

export function sendRenewalLetters(
  exemptionIds: string[] = [],
): Promise<{ data: RenewalLetterOutcome[]; sent: number }> {
  return request('POST', '/sanitation/renewal-letters', { body: { exemption_ids: exemptionIds } });
}

export function listDumpsters(
  params: { status: 'live' | 'all'; accountId?: string; pageToken?: string },
  signal?: AbortSignal,
): Promise<ListPage<Dumpster>> {
  return request(
    'GET',
    '/sanitation/dumpsters' +
      query({ status: params.status, account_id: params.accountId, page_token: params.pageToken, page_size: 100 }),
    { signal },
  );
}

export function requestDumpster(body: {
  account_id: string;
  size_yards: number;
  requested_on: string;
  remarks: string;
}): Promise<Dumpster> {
  return request('POST', '/sanitation/dumpsters', { body });
}

export function dumpsterAction(
  id: string,
  action: DumpsterAction,
  body: { done_on?: string; remarks?: string } = {},
): Promise<Dumpster> {
  return request('POST', `/sanitation/dumpsters/${enc(id)}/${action}`, { body });
}

export function accountSanitation(
  accountId: string,
  signal?: AbortSignal,
): Promise<{ may_use_private_hauler: boolean; exemption: SanitationExemption | null; dumpsters: Dumpster[] }> {
  return request('GET', `/accounts/${enc(accountId)}/sanitation`, { signal });
}

// Deposits (docs/api.md, "Deposits").

type Money = import('./types').Money;

export interface DepositQuoteBody {
  tenure: 'owner' | 'renter';
  rate_class?: string;
  credit_rating?: string;
  credit_reference?: string;
}
export interface DepositQuote {
  amount: Money;
  reasons: string[];
  rate_class: string;
  tenure: string;
  late_payments: number;
  returned_payments: number;
  credit_rating: string | null;
  installments_max: number;
  installments: Money[];
}
export interface Deposit {
  id: string;
  account_id: string;
  rate_class: string;
  tenure: string;
  credit_rating: string | null;
  credit_reference: string | null;
  late_payments: number;
  returned_payments: number;
  computed: Money;
  reasons: string[];
  required: Money;
  installments: number;
  installments_billed: number;
  status: 'open' | 'applied' | 'refunded';
  interest_through: string | null;
  version: number;
}
export interface DepositApproval {
  id: string;
  deposit_id: string;
  account_id: string;
  requested: Money;
  waiver: boolean;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requested_by: { id: string; display_name: string };
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string;
}
export interface DepositEvent {
  kind: string;
  amount: Money;
  entry_id: string;
  effective_on: string;
  recorded_at: string;
}
export interface AccountDeposit {
  deposit: Deposit | null;
  held: Money;
  still_to_bill: Money;
  installments_max: number;
  approvals: DepositApproval[];
  events: DepositEvent[];
}

export function accountDeposit(accountId: string, signal?: AbortSignal): Promise<AccountDeposit> {
  return request('GET', `/accounts/${enc(accountId)}/deposit`, { signal });
}
export function quoteDeposit(accountId: string, body: DepositQuoteBody): Promise<DepositQuote> {
  return request('POST', `/accounts/${enc(accountId)}/deposit/quote`, { body });
}
export function setDeposit(accountId: string, body: DepositQuoteBody & { installments: number }): Promise<Deposit> {
  return request('PUT', `/accounts/${enc(accountId)}/deposit`, { body });
}
export function requestDepositReduction(accountId: string, body: { amount_cents: number; reason: string }): Promise<DepositApproval> {
  return request('POST', `/accounts/${enc(accountId)}/deposit/reduction`, { body });
}
export function depositAction(accountId: string, action: 'bill' | 'paid' | 'refund' | 'apply'): Promise<Deposit> {
  return request('POST', `/accounts/${enc(accountId)}/deposit/${action}`, { body: {} });
}
export function decideDepositReduction(id: string, decision: 'approve' | 'reject', note: string): Promise<DepositApproval> {
  return request('POST', `/deposits/approvals/${enc(id)}/${decision}`, { body: { note } });
}

/**
 * The account id for what a CSR typed: an account number (any punctuation), or an id such as
 * "acct_42". Throws when no account has that number.
 */
export async function resolveAccountId(text: string): Promise<string | undefined> {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (/^acct_\d+$/.test(trimmed)) return trimmed;
  const page = await searchAccounts(trimmed, { pageSize: 5 });
  const digits = trimmed.replace(/\D/g, '');
  const exact = page.data.find((a) => a.account_number.replace(/\D/g, '') === digits);
  if (!exact) throw new Error(`No account has number ${trimmed}.`);
  return exact.id;
}

// Start, stop and transfer service (docs/api.md, "Start, stop and transfer"). A start posts the
// new service fee (and may post a deposit), a transfer and a final bill move money: each form
// sends one Idempotency-Key (see useFormSubmit), which the server may use to drop a repeat.

export function previewServiceStart(
  body: ServiceStartRequest,
  signal?: AbortSignal,
): Promise<ServiceStartPreview> {
  return request('POST', '/service-starts/preview', { body, signal });
}

export function startService(
  body: ServiceStartRequest,
  idempotencyKey: string,
): Promise<ServiceStarted> {
  return request('POST', '/service-starts', { body, idempotencyKey });
}

export function stopService(
  accountId: string,
  body: StopServiceRequest,
  idempotencyKey: string,
): Promise<ServiceStopped> {
  return request('POST', `/accounts/${enc(accountId)}/stop`, { body, idempotencyKey });
}

export function transferService(
  accountId: string,
  body: TransferServiceRequest,
  idempotencyKey: string,
): Promise<ServiceTransferred> {
  return request('POST', `/accounts/${enc(accountId)}/transfer`, { body, idempotencyKey });
}

export function postFinalBill(accountId: string, idempotencyKey: string): Promise<FinalBillResult> {
  return request('POST', `/accounts/${enc(accountId)}/final-bill`, { body: {}, idempotencyKey });
}

export function accountLifecycle(
  accountId: string,
  signal?: AbortSignal,
): Promise<{ data: LifecycleRequest[] }> {
  return request('GET', `/accounts/${enc(accountId)}/lifecycle`, { signal });
}
