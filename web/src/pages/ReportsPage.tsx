// Finance reports: pick one, set its dates, read it as tables; every report downloads as CSV from
// the same URL with format=csv. The choice lives in the hash (#/reports?report=journal&from=…),
// so a report can be reloaded, bookmarked and sent to a colleague.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getReport, isAbort, reportUrl } from '../api';
import { TextField, type FieldErrors } from '../components/Fields';
import { ErrorMessage, Loading, Panel } from '../components/Panel';
import { formatDate, formatInstant, humanize } from '../format';
import { useCityToday } from '../finance';
import { href, navigate } from '../router';
import { formatCents } from '../money';
import { useSession } from '../session';
import { RateAuditView } from './RateAuditView';
import { ExpiringEligibilitiesView } from '../components/CustomerMaster';
import { DepositRegisterView } from '../components/DepositRegisterView';

type ParamKind = 'date' | 'as_of' | 'range' | 'none';

interface ReportDef {
  code: string;
  name: string;
  params: ParamKind;
  /** Only a CSV file (no table on screen). */
  csvOnly?: boolean;
  /** A fixed CSV path instead of `<code>?format=csv`. */
  csvPath?: string;
  /** Further query parameters kept from the hash when present (the rate audit's kind). */
  extra?: string[];
  /** The permission that reads it (default: reports.read). */
  permission?: string;
  about: string;
}

const REPORTS: ReportDef[] = [
  { code: 'daily-cash', name: 'Daily cash', params: 'date', about: 'By tender, by CSR and by GL account; ties to the ledger.' },
  { code: 'aged-receivables', name: 'Aged receivables', params: 'as_of', about: 'Per fund: current, 31–60, 61–90, over 90 days.' },
  { code: 'adjustments', name: 'Adjustments register', params: 'range', about: 'Every adjustment requested, with its decision.' },
  { code: 'returned-payments', name: 'Returned payments', params: 'range', about: 'Checks and ACH returned, and payments reversed.' },
  { code: 'journal', name: 'Journal', params: 'range', about: 'Every journal entry with its lines.' },
  { code: 'gl-export', name: 'GL export', params: 'date', csvOnly: true, about: "The day's activity by GL account and fund, for the general ledger." },
  {
    code: 'refund-register',
    name: 'Refund register',
    params: 'range',
    csvOnly: true,
    csvPath: 'refund-register.csv',
    about: 'Approved refunds, for accounts payable.',
  },
  {
    code: 'rate-audit',
    name: 'Rate audit',
    params: 'date',
    csvPath: 'rate-audit.csv',
    extra: ['kind'],
    permission: 'rates.audit',
    about:
      'Services whose rate class does not fit their premise or customer, checked against the rates in effect on the date. Open an account to correct its service.',
  },
  {
    code: 'expiring-eligibilities',
    name: 'Expiring eligibilities',
    params: 'none',
    about: 'Senior and low-income eligibilities whose renewal date is in the next 60 days, with each open account.',
  },
  {
    code: 'deposit-register',
    name: 'Deposit register',
    params: 'none',
    about: 'Held deposits per account: billed, paid, interest, refunded, applied; balances to the deposits-held GL account.',
  },
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function paramsFor(def: ReportDef, source: URLSearchParams, today: string): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const key of def.extra ?? []) {
    const value = source.get(key);
    if (value) extra[key] = value;
  }
  return { ...datesFor(def, source, today), ...extra };
}

function datesFor(def: ReportDef, source: URLSearchParams, today: string): Record<string, string> {
  switch (def.params) {
    case 'date':
      return { date: source.get('date') || today };
    case 'as_of':
      return { as_of: source.get('as_of') || today };
    case 'range':
      return { from: source.get('from') || monthStart(today), to: source.get('to') || today };
    case 'none':
      return {};
  }
}

function monthStart(civil: string): string {
  return civil.slice(0, 8) + '01';
}

function csvHref(def: ReportDef, params: Record<string, string>): string {
  if (def.csvPath) {
    const search = new URLSearchParams(params).toString();
    return `/api/v1/reports/${def.csvPath}${search ? '?' + search : ''}`;
  }
  return reportUrl(def.code, params, 'csv');
}

/** The reports a role reads: finance reports with reports.read, the rate audit with rates.audit. */
function readableReports(can: (permission: string) => boolean): ReportDef[] {
  return REPORTS.filter((r) => can(r.permission ?? 'reports.read'));
}

export function ReportsPage({ params }: { params: URLSearchParams }) {
  const { can } = useSession();
  const readable = readableReports(can);
  const def = readable.find((r) => r.code === params.get('report')) ?? readable[0] ?? REPORTS[0];
  const canRead = readable.includes(def);
  const today = useCityToday();
  const applied = paramsFor(def, params, today);
  const appliedKey = def.code + '?' + new URLSearchParams(applied).toString();
  const [draft, setDraft] = useState<Record<string, string>>(applied);
  const [errors, setErrors] = useState<FieldErrors>({});
  // The data with the report (and parameters) it answers: on the first render after the address
  // changes, the previous report's data is still here and must not reach the new report's view.
  const [loaded, setLoaded] = useState<{ key: string; body: unknown } | null>(null);
  const data = loaded && loaded.key === appliedKey ? loaded.body : null;
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    document.title = `${def.name} · Reports · Cistern`;
    setDraft(applied);
    setErrors({});
    controller.current?.abort();
    setLoaded(null);
    setError(null);
    if (def.csvOnly || !canRead) return;
    const mine = new AbortController();
    controller.current = mine;
    setLoading(true);
    getReport(def.code, applied, mine.signal).then(
      (body) => {
        setLoaded({ key: appliedKey, body });
        setLoading(false);
      },
      (e) => {
        if (isAbort(e)) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => mine.abort();
  }, [appliedKey]);

  if (!canRead) {
    return (
      <div class="page">
        <div class="page-head">
          <h1>Reports</h1>
        </div>
        <p>Your role does not read reports.</p>
      </div>
    );
  }

  function run(event: Event) {
    event.preventDefault();
    const found: FieldErrors = {};
    for (const [key, value] of Object.entries(draft)) if (!def.extra?.includes(key) && !DATE.test(value)) found[key] = 'Enter a date.';
    if (draft.from && draft.to && DATE.test(draft.from) && DATE.test(draft.to) && draft.from > draft.to)
      found.to = 'The end comes before the start.';
    setErrors(found);
    if (Object.keys(found).length) return;
    navigate('/reports', { report: def.code, ...draft });
  }

  const dateField = (key: string, label: string) => (
    <TextField
      path={key}
      label={label}
      type="date"
      value={draft[key] ?? ''}
      onChange={(v) => {
        setDraft((d) => ({ ...d, [key]: v }));
        setErrors({});
      }}
      errors={errors}
    />
  );

  const draftDatesValid = Object.entries(draft).every(([key, value]) => def.extra?.includes(key) || DATE.test(value));
  const csvOfDraft = csvHref(def, draftDatesValid ? draft : applied);
  return (
    <div class="page reports-page">
      <div class="page-head">
        <h1>Reports</h1>
      </div>
      <div class="reports-layout">
        <nav class="report-list" aria-label="Reports">
          <ul class="plain">
            {readable.map((r) => (
              <li key={r.code}>
                <a
                  href={href('/reports', { report: r.code })}
                  class={'report-link' + (r.code === def.code ? ' active' : '')}
                  aria-current={r.code === def.code ? 'page' : undefined}
                >
                  {r.name}
                  {r.csvOnly && <span class="muted report-csv-tag">CSV</span>}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="report-main">
          <Panel
            title={def.name}
            id="report"
            actions={
              <a class="btn btn-small" id="report-csv" href={csvOfDraft} download>
                Download CSV
              </a>
            }
          >
            <p class="muted report-about">{def.about}</p>
            <form class="compact-form report-form" onSubmit={run} noValidate>
              {def.params === 'date' && dateField('date', 'Date')}
              {def.params === 'as_of' && dateField('as_of', 'As of')}
              {def.params === 'range' && (
                <>
                  {dateField('from', 'From')}
                  {dateField('to', 'To')}
                </>
              )}
              {!def.csvOnly && (
                <button type="submit" class="btn btn-primary">
                  Show
                </button>
              )}
            </form>
            {def.csvOnly ? (
              <p>
                This report is a file: <a href={csvOfDraft} download>download {def.name} CSV</a>.
              </p>
            ) : (
              <>
                <ErrorMessage error={error} />
                {loading && <Loading label="Running the report…" />}
                {data !== null && !loading &&
                  (def.code === 'rate-audit' ? <RateAuditView data={data} date={applied.date} /> : def.code === 'expiring-eligibilities' ? <ExpiringEligibilitiesView data={data} /> : def.code === 'deposit-register' ? <DepositRegisterView data={data} /> : <ReportView data={data} />)}
              </>
            )}
          </Panel>
        </div>
      </div>
    </div>
  );
}

// Reports are shown without knowing their exact columns: arrays of objects become tables,
// amounts ({cents, text}) are right-aligned text, people show their names, and the remaining
// top-level values form a summary list.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isMoney(value: unknown): value is { cents: number; text: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'cents' in value && 'text' in value;
}

function isUser(value: unknown): value is { display_name: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'display_name' in value;
}

function isRowArray(value: unknown): value is Record<string, Json>[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !isMoney(v));
}

function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isMoney(value) && !isUser(value);
}

function label(key: string): string {
  return humanize(key)
    .replace(/\b(gl|csr|id|ach)\b/gi, (word) => word.toUpperCase())
    .replace(/^Days (\d+) (\d+)$/, '$1–$2 days')
    .replace(/^Over (\d+)$/, 'Over $1 days');
}

/** Columns whose values are codes (cash, water, pending_approval): shown as words. */
const CODE_COLUMNS = new Set(['tender', 'fund', 'kind', 'status', 'direction', 'reason', 'reason_code']);

export function ReportView({ data }: { data: unknown }) {
  if (isRowArray(data)) return <ReportTable rows={data} caption="Report" />;
  if (!isPlainObject(data)) return <pre class="report-raw">{JSON.stringify(data, null, 2)}</pre>;
  const entries = Object.entries(data).filter(([key]) => key !== 'next_page_token');
  const summary = entries.filter(([, v]) => !isRowArray(v) && !isPlainObject(v));
  const groups = entries.filter(([, v]) => isPlainObject(v)) as [string, Record<string, Json>][];
  const tables = entries.filter(([, v]) => isRowArray(v)) as [string, Record<string, Json>[]][];
  return (
    <div class="report-view">
      {summary.length > 0 && (
        <dl class="kvs report-summary">
          {summary.map(([key, value]) => (
            <div class="kv" key={key}>
              <dt>{label(key)}</dt>
              <dd class={isMoney(value) ? 'num' : undefined}>{cellText(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {groups.map(([key, value]) => (
        <section key={key} class="report-section">
          <h3>{label(key)}</h3>
          <ReportView data={objectAsRows(value)} />
        </section>
      ))}
      {tables.map(([key, rows]) => (
        <section key={key} class="report-section">
          {key !== 'data' && <h3>{label(key)}</h3>}
          {rows.length === 0 ? <p class="empty">None.</p> : <ReportTable rows={rows} caption={label(key)} />}
        </section>
      ))}
      {'next_page_token' in data && data.next_page_token && (
        <p class="muted">More rows than shown: download the CSV for all of them.</p>
      )}
    </div>
  );
}

/** {cash: {...}, check: {...}} becomes rows with a "name" column; flat values stay a summary. */
function objectAsRows(value: Record<string, Json>): unknown {
  const values = Object.values(value);
  if (values.length > 0 && values.every((v) => isPlainObject(v))) {
    return Object.entries(value).map(([name, v]) => ({ name, ...(v as Record<string, Json>) }));
  }
  return value;
}

// The server may send keys in any order (alphabetical, say); show what a row is about first, then
// the rest of its text, then its figures, in the order a ledger reader expects.
const LEADING = [
  'name', 'business_date', 'effective_on', 'date', 'posted_at', 'requested_at', 'entry_id', 'id',
  'account_number', 'gl_code', 'gl_account', 'gl_name', 'fund', 'tender', 'user', 'kind', 'direction',
  'reason_code', 'reason', 'status', 'memo',
];
const TRAILING = ['count', 'debit', 'debits', 'credit', 'credits', 'current', 'days_31_60', 'days_61_90', 'over_90', 'amount', 'net', 'total'];

function orderColumns(columns: string[], numeric: Set<string>): string[] {
  const rank = (column: string, index: number) => {
    const lead = LEADING.indexOf(column);
    if (lead >= 0) return lead;
    const trail = TRAILING.indexOf(column);
    if (numeric.has(column)) return 2000 + (trail >= 0 ? trail * 100 : 0) + index;
    return 1000 + index;
  };
  return columns
    .map((column, index) => ({ column, key: rank(column, index) }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.column);
}

/** Rows drawn at most; a longer report says so and the CSV has everything. */
const ROWS_SHOWN_MAX = 300;

function hasLines(rows: Record<string, Json>[]): boolean {
  return rows.length > 0 && rows.every((row) => isRowArray(row.lines) && row.lines.every((line) => isMoney(line.amount)));
}

function ReportTable({ rows, caption }: { rows: Record<string, Json>[]; caption: string }) {
  const shown = rows.length > ROWS_SHOWN_MAX ? rows.slice(0, ROWS_SHOWN_MAX) : rows;
  return (
    <>
      {hasLines(shown) ? <JournalTable entries={shown} caption={caption} /> : <PlainTable rows={shown} caption={caption} />}
      {rows.length > shown.length && (
        <p class="muted report-more">
          Showing the first {shown.length} of {rows.length} rows: download the CSV for all of them.
        </p>
      )}
    </>
  );
}

/** Journal entries as a ledger: a heading row per entry, then its lines in debit and credit columns. */
function JournalTable({ entries, caption }: { entries: Record<string, Json>[]; caption: string }) {
  return (
    <div class="table-scroll">
      <table class="table journal-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">GL</th>
            <th scope="col">Account</th>
            <th scope="col">Fund</th>
            <th scope="col" class="num">
              Debit
            </th>
            <th scope="col" class="num">
              Credit
            </th>
          </tr>
        </thead>
        {entries.map((entry, index) => {
          const lines = entry.lines as Record<string, Json>[];
          const when = entry.effective_on ?? entry.date ?? entry.posted_at;
          return (
            <tbody key={index}>
              <tr class="journal-entry">
                <th scope="rowgroup" colSpan={5}>
                  <span class="nowrap">{cellText(when)}</span>
                  {entry.entry_id && <span class="mono journal-id">{cellText(entry.entry_id)}</span>}
                  {entry.kind && <span class="journal-kind">{humanize(String(entry.kind))}</span>}
                  {entry.memo && <span class="journal-memo">{cellText(entry.memo)}</span>}
                  {entry.reverses && <span class="muted"> · reverses {cellText(entry.reverses)}</span>}
                </th>
              </tr>
              {lines.map((line, lineIndex) => {
                const cents = isMoney(line.amount) ? line.amount.cents : 0;
                return (
                  <tr key={lineIndex}>
                    <td class="mono">{cellText(line.gl_code)}</td>
                    <td>{cellText(line.gl_name)}</td>
                    <td>{line.fund ? humanize(String(line.fund)) : '—'}</td>
                    <td class="num">{cents > 0 ? formatCents(cents) : ''}</td>
                    <td class="num">{cents < 0 ? formatCents(-cents) : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

function PlainTable({ rows, caption }: { rows: Record<string, Json>[]; caption: string }) {
  const found: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!found.includes(key)) found.push(key);
  const numeric = new Set(found.filter((c) => rows.some((r) => isMoney(r[c]) || typeof r[c] === 'number')));
  const columns = orderColumns(found, numeric);
  return (
    <div class="table-scroll">
      <table class="table report-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" class={numeric.has(c) ? 'num' : undefined}>
                {label(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {columns.map((c) => (
                <td key={c} class={numeric.has(c) ? 'num nowrap' : undefined}>
                  {CODE_COLUMNS.has(c) && typeof row[c] === 'string' ? (
                    humanize(row[c] as string)
                  ) : (
                    <Cell value={row[c]} />
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ value }: { value: Json | undefined }) {
  if (isRowArray(value)) {
    // Nested rows (an entry's lines): one compact line each.
    return (
      <ul class="plain nested-lines">
        {value.map((row, index) => (
          <li key={index}>
            {Object.entries(row).map(([k, v], i) => (
              <Fragment key={k}>
                {i > 0 && ' · '}
                <span class={isMoney(v) ? 'num-inline' : undefined}>{cellText(v)}</span>
              </Fragment>
            ))}
          </li>
        ))}
      </ul>
    );
  }
  return <>{cellText(value)}</>;
}

function cellText(value: Json | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (isMoney(value)) return value.text;
  if (isUser(value)) return value.display_name;
  if (Array.isArray(value)) return value.map((v) => cellText(v)).join(', ');
  if (typeof value === 'object') {
    // A nested summary (a drawer's totals): only what is not zero.
    const shown = Object.entries(value).filter(([, v]) => !(isMoney(v) && v.cents === 0) && v !== 0);
    if (shown.length === 0) return '—';
    return shown.map(([k, v]) => `${label(k)} ${cellText(v)}`).join(' · ');
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatInstant(value);
  return String(value);
}
