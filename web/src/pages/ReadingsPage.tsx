// The readings exceptions queue (#/readings?status=open&route=R32): readings held for review and
// route-file problems, each resolved by accept, edit (value + reason), re-read, estimate or
// dismiss (reason). Above it, "Import route file" reads a CSV and posts it to reading-imports.
import { useEffect, useRef, useState } from 'preact/hooks';
import { importReadings, isAbort, listReadingExceptions, listServiceOrders, referenceData, resolveReadingException } from '../api';
import { EXCEPTION_STATUSES, exceptionStatusName, formatCount } from '../billing';
import { ErrorMessage, Loading, Panel } from '../components/Panel';
import { formatDate, formatInstant } from '../format';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { ExceptionAction, ReadingException, ReadingImportReport, RouteRef, ServiceOrder } from '../types';

/**
 * The row after a resolve: the answer, but with the account and address the row already showed
 * when the answer leaves them out, and with the corrected value after an edit.
 */
function mergeResolved(before: ReadingException, answer: ReadingException, savedValue?: number): ReadingException {
  const merged = { ...answer };
  if (!merged.account_id) merged.account_id = before.account_id;
  if (!merged.account_number) merged.account_number = before.account_number;
  if (!merged.service_address) merged.service_address = before.service_address;
  if (answer.resolution_value != null) merged.value = answer.resolution_value;
  else if (savedValue !== undefined) merged.value = savedValue;
  return merged;
}

/** The open re-read order a re-read action raised for this exception, if it can be found. */
async function rereadOrderFor(item: ReadingException): Promise<ServiceOrder | null> {
  const page = await listServiceOrders({
    type: 'reread',
    status: 'live',
    ...(item.account_id ? { accountId: item.account_id } : { route: item.route }),
    pageSize: 100,
  });
  return page.data.find((order) => order.reading_exception_id === item.id) ?? null;
}

export function ReadingsPage({ params }: { params: URLSearchParams }) {
  const { can } = useSession();
  const status = params.get('status') || 'open';
  const route = params.get('route') || '';
  const [items, setItems] = useState<ReadingException[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [routes, setRoutes] = useState<RouteRef[]>([]);
  const controller = useRef<AbortController | null>(null);
  const canWrite = can('meters.write');
  // Rows resolved in place stay on the page; the count is of the rows still in the filter.
  const counted = items ? items.filter((i) => status === 'all' || i.status === status).length : 0;
  // A partial route file raises a "missing" exception for every meter it left out: those shown
  // can be sent for re-reads, or estimated, together.
  const missing = items ? items.filter((i) => i.status === 'open' && i.kind === 'missing' && i.meter_id) : [];
  const [bulk, setBulk] = useState<BulkState | null>(null);

  async function runBulk(action: 'reread' | 'estimate') {
    const targets = missing;
    const failed: string[] = [];
    setBulk({ action, confirming: false, running: true, done: 0, total: targets.length, failed });
    for (let index = 0; index < targets.length; index += 1) {
      const target = targets[index];
      try {
        const answer = await resolveReadingException(target.id, { action });
        setItems((current) => current && current.map((i) => (i.id === target.id ? mergeResolved(target, answer) : i)));
      } catch (e) {
        failed.push(`${target.meter_serial}: ${e instanceof Error ? e.message : 'not saved'}`);
      }
      setBulk({ action, confirming: false, running: index + 1 < targets.length, done: index + 1, total: targets.length, failed: [...failed] });
    }
  }

  function load(pageToken?: string) {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    if (!pageToken) setItems(null);
    setError(null);
    listReadingExceptions({ status, route, pageToken }, mine.signal).then(
      (page) => {
        setItems((current) => (pageToken ? [...(current ?? []), ...page.data] : page.data));
        setNext(page.next_page_token);
      },
      (e) => !isAbort(e) && setError(e),
    );
  }

  useEffect(() => {
    document.title = 'Readings · Cistern';
    referenceData().then((data) => setRoutes(data.routes), () => undefined);
  }, []);
  useEffect(() => {
    load();
    return () => controller.current?.abort();
  }, [status, route]);

  const setFilter = (changes: Record<string, string>) => {
    const merged: Record<string, string> = { status, route, ...changes };
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(merged)) if (v && !(k === 'status' && v === 'open')) clean[k] = v;
    navigate('/readings', clean);
  };

  return (
    <div class="page readings-page">
      <div class="page-head">
        <h1>Readings</h1>
        {items && (
          <span class="muted" role="status" id="exception-count">
            {items.length === 0
              ? 'Nothing in the queue.'
              : `${counted}${next ? '+' : ''} ${status === 'all' ? 'exceptions' : exceptionStatusName(status).toLowerCase()}`}
          </span>
        )}
        <button type="button" class="btn btn-small head-refresh" onClick={() => load()}>
          Refresh
        </button>
      </div>

      {canWrite && <ImportPanel onImported={() => load()} />}

      <Panel
        title="Exceptions queue"
        id="exceptions"
        actions={
          <div class="panel-filters">
            <label for="filter-status">Status</label>
            <select id="filter-status" value={status} onChange={(e) => setFilter({ status: (e.currentTarget as HTMLSelectElement).value })}>
              {EXCEPTION_STATUSES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            <label for="filter-route">Route</label>
            <select id="filter-route" value={route} onChange={(e) => setFilter({ route: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">All routes</option>
              {routes.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name && r.name !== r.code ? `${r.code} · ${r.name}` : r.code}
                </option>
              ))}
            </select>
          </div>
        }
      >
        {error ? (
          <ErrorMessage error={error} />
        ) : !items ? (
          <Loading />
        ) : items.length === 0 ? (
          <p class="empty">No exceptions {status === 'all' ? '' : `with status “${exceptionStatusName(status)}”`}{route ? ` on route ${route}` : ''}.</p>
        ) : (
          <>
          {canWrite && (missing.length >= 2 || bulk) && (
            <BulkBar
              count={missing.length}
              bulk={bulk}
              onAsk={(action) => setBulk({ action, confirming: true, running: false, done: 0, total: missing.length, failed: [] })}
              onCancel={() => setBulk(null)}
              onRun={(action) => void runBulk(action)}
            />
          )}
          <table class="table exceptions-table">
            <caption class="visually-hidden">Reading exceptions</caption>
            <thead>
              <tr>
                <th scope="col">Exception</th>
                <th scope="col">Meter</th>
                <th scope="col">Account</th>
                <th scope="col">Read on</th>
                <th scope="col" class="num">
                  Reading
                </th>
                <th scope="col">Detail</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <ExceptionRow
                  key={item.id}
                  item={item}
                  canWrite={canWrite}
                  onResolved={(resolved) => setItems((current) => current && current.map((i) => (i.id === resolved.id ? resolved : i)))}
                />
              ))}
            </tbody>
          </table>
          </>
        )}
        {next && items && (
          <div class="list-foot">
            <button type="button" class="btn btn-small" onClick={() => load(next)}>
              More
            </button>
          </div>
        )}
      </Panel>
    </div>
  );
}

interface BulkState {
  action: 'reread' | 'estimate';
  confirming: boolean;
  running: boolean;
  done: number;
  total: number;
  failed: string[];
}

/** "Re-read all N missing" / "Estimate all N missing", confirmed inline, with progress and a report. */
function BulkBar(props: {
  count: number;
  bulk: BulkState | null;
  onAsk: (action: 'reread' | 'estimate') => void;
  onCancel: () => void;
  onRun: (action: 'reread' | 'estimate') => void;
}) {
  const { bulk } = props;
  const verb = (action: 'reread' | 'estimate') => (action === 'reread' ? 'Request re-reads for' : 'Estimate');
  if (bulk && bulk.confirming) {
    return (
      <div class="bulk-bar confirm-inline" role="group" id="bulk-confirm">
        <span>
          {verb(bulk.action)} all {formatCount(bulk.total)} missing readings shown?
        </span>
        <button type="button" class="btn btn-primary" id="bulk-confirm-yes" onClick={() => props.onRun(bulk.action)}>
          {bulk.action === 'reread' ? 'Request re-reads' : 'Estimate them'}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    );
  }
  if (bulk) {
    const saved = bulk.done - bulk.failed.length;
    return (
      <div class={'bulk-bar ' + (bulk.failed.length ? 'alert alert-warning' : 'alert alert-info')} role="status" id="bulk-report">
        {bulk.running
          ? `Working… ${formatCount(bulk.done)} of ${formatCount(bulk.total)}`
          : `${formatCount(saved)} ${bulk.action === 'reread' ? 're-reads requested (service orders on the queue)' : 'estimated'}` +
            (bulk.failed.length ? `; ${formatCount(bulk.failed.length)} refused: ${bulk.failed.slice(0, 3).join('; ')}` : '.')}
        {!bulk.running && (
          <button type="button" class="btn btn-small" onClick={props.onCancel}>
            Close
          </button>
        )}
      </div>
    );
  }
  return (
    <div class="bulk-bar" id="bulk-missing">
      <span class="muted">{formatCount(props.count)} missing readings shown:</span>
      <button type="button" class="btn btn-small" id="bulk-reread" onClick={() => props.onAsk('reread')}>
        Re-read all
      </button>
      <button type="button" class="btn btn-small" id="bulk-estimate" onClick={() => props.onAsk('estimate')}>
        Estimate all
      </button>
    </div>
  );
}

type Form = { action: 'edit' | 'estimate' | 'dismiss' } | null;

function ExceptionRow(props: { item: ReadingException; canWrite: boolean; onResolved: (item: ReadingException) => void }) {
  const { item } = props;
  const [form, setForm] = useState<Form>(null);
  const [order, setOrder] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [readOn, setReadOn] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = item.status === 'open' || item.status === 'reread_requested';
  const hasReading = Boolean(item.reading_id);
  const hasMeter = Boolean(item.meter_id);
  const baseId = `rex-${item.id}`;

  async function run(action: ExceptionAction) {
    if (busy) return;
    const body: { action: ExceptionAction; value?: number; read_on?: string; reason?: string } = { action };
    if (action === 'edit') {
      const digits = value.replace(/[,\s]/g, '');
      if (!/^\d+$/.test(digits)) return fail('Enter the corrected reading as a whole number.', `${baseId}-value`);
      if (!reason.trim()) return fail('Say why the reading is changed.', `${baseId}-reason`);
      body.value = Number(digits);
    }
    if (action === 'dismiss' && !reason.trim()) return fail('Say why it is dismissed.', `${baseId}-reason`);
    if (action === 'estimate' && readOn) body.read_on = readOn;
    if (reason.trim()) body.reason = reason.trim();
    setBusy(true);
    setError(null);
    try {
      const answer = await resolveReadingException(item.id, body);
      const resolved = mergeResolved(item, answer, action === 'edit' ? body.value : undefined);
      props.onResolved(resolved);
      setForm(null);
      if (action === 'reread') {
        // The re-read order is made with the action; its number is for the CSR to quote.
        setOrder('');
        rereadOrderFor(resolved).then(
          (found) => setOrder(found ? found.number : ''),
          () => undefined,
        );
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Not saved.');
    } finally {
      setBusy(false);
    }
  }

  function fail(message: string, focusId: string) {
    setError(message);
    window.setTimeout(() => document.getElementById(focusId)?.focus(), 0);
  }

  function openForm(action: 'edit' | 'estimate' | 'dismiss') {
    setForm({ action });
    setError(null);
    if (action === 'edit' && item.value !== null && !value) setValue(String(item.value));
    window.setTimeout(() => document.getElementById(`${baseId}-${action === 'dismiss' ? 'reason' : action === 'edit' ? 'value' : 'readon'}`)?.focus(), 0);
  }

  return (
    <>
      <tr data-id={item.id} data-kind={item.kind} class={form ? 'row-expanded' : undefined}>
        <td>
          <div class="exception-kind">{item.kind_name}</div>
          <div class="muted small">
            {item.source} · {formatInstant(item.raised_at)}
          </div>
        </td>
        <td class="nowrap">
          <span class="mono">{item.meter_serial}</span>
          {item.route && <div class="muted small">Route {item.route}</div>}
        </td>
        <td>
          {item.account_id ? (
            <>
              <a class="mono" href={href(`/accounts/${item.account_id}`)}>
                {item.account_number}
              </a>
              <div class="muted small">{item.service_address}</div>
            </>
          ) : (
            <span class="muted">—</span>
          )}
        </td>
        <td class="nowrap">{formatDate(item.read_on)}</td>
        <td class="num mono">{item.value !== null ? formatCount(item.value) : ''}</td>
        <td class="exception-detail">{item.detail}</td>
        <td class="decision-cell">
          {!open || !props.canWrite ? (
            <div>
              <span class={'badge badge-status ' + (open ? 'badge-pending' : item.status === 'dismissed' ? 'badge-closed' : 'badge-active')} role="status">
                {exceptionStatusName(item.status)}
              </span>
              {item.resolution_reason && <div class="muted small resolution">{item.resolution_reason}</div>}
            </div>
          ) : (
            <div class="exception-actions" role="group" aria-label={`Resolve ${item.kind_name} for ${item.meter_serial}`}>
              {item.status === 'reread_requested' && <span class="badge badge-pending">Re-read requested</span>}
              {hasReading && (
                <button type="button" class="btn btn-small btn-primary" disabled={busy} onClick={() => void run('accept')} title="Bill the reading as read">
                  Accept
                </button>
              )}
              {hasReading && (
                <button type="button" class="btn btn-small" disabled={busy} aria-expanded={form?.action === 'edit'} onClick={() => openForm('edit')}>
                  Edit…
                </button>
              )}
              {hasMeter && item.status !== 'reread_requested' && (
                <button type="button" class="btn btn-small" disabled={busy} onClick={() => void run('reread')} title="Send a reader back to the meter">
                  Re-read
                </button>
              )}
              {hasMeter && (
                <button type="button" class="btn btn-small" disabled={busy} aria-expanded={form?.action === 'estimate'} onClick={() => openForm('estimate')}>
                  Estimate…
                </button>
              )}
              <button type="button" class="btn btn-small" disabled={busy} aria-expanded={form?.action === 'dismiss'} onClick={() => openForm('dismiss')}>
                Dismiss…
              </button>
              {error && !form && <div class="field-error decision-error">{error}</div>}
            </div>
          )}
          {order !== null && (
            <div class="muted small reread-order" role="status">
              {order ? (
                <>
                  Re-read requested: service order{' '}
                  <a class="mono" href={href('/service-orders', { type: 'reread' })}>
                    {order}
                  </a>
                </>
              ) : (
                'Re-read requested: a service order is on the queue.'
              )}
            </div>
          )}
        </td>
      </tr>
      {form && (
        <tr class="resolve-row">
          <td colSpan={7}>
            <form
              class="resolve-form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void run(form.action);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setForm(null);
                  setError(null);
                }
              }}
            >
              <span class="resolve-title">
                {form.action === 'edit' ? 'Correct the reading' : form.action === 'estimate' ? 'Bill on an estimate' : 'Dismiss the exception'}
              </span>
              {form.action === 'edit' && (
                <span class="field">
                  <label for={`${baseId}-value`}>Corrected reading</label>
                  <input
                    id={`${baseId}-value`}
                    type="text"
                    inputMode="numeric"
                    class="num"
                    autoComplete="off"
                    value={value}
                    onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
                  />
                </span>
              )}
              {form.action === 'estimate' && !hasReading && (
                <span class="field">
                  <label for={`${baseId}-readon`}>Estimate as of</label>
                  <input id={`${baseId}-readon`} type="date" value={readOn || item.read_on || ''} onInput={(e) => setReadOn((e.currentTarget as HTMLInputElement).value)} />
                </span>
              )}
              <span class="field resolve-reason">
                <label for={`${baseId}-reason`}>
                  Reason{form.action === 'estimate' ? ' (optional)' : ''}
                </label>
                <input
                  id={`${baseId}-reason`}
                  type="text"
                  autoComplete="off"
                  maxLength={500}
                  value={reason}
                  onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
                />
              </span>
              <button type="submit" class="btn btn-small btn-primary" disabled={busy}>
                {form.action === 'edit' ? 'Save reading' : form.action === 'estimate' ? 'Estimate' : 'Dismiss'}
              </button>
              <button
                type="button"
                class="btn btn-small"
                onClick={() => {
                  setForm(null);
                  setError(null);
                }}
              >
                Cancel
              </button>
              {error && <span class="field-error">{error}</span>}
            </form>
          </td>
        </tr>
      )}
    </>
  );
}

function ImportPanel(props: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ name: string; report: ReadingImportReport } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!file) {
      setError(new Error('Choose the route file (CSV) first.'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const text = await file.text();
      const result = await importReadings(file.name, text);
      setReport({ name: file.name, report: result });
      if (result.imported) {
        props.onImported();
        setFile(null);
        if (input.current) input.current.value = '';
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="Import route file" id="import">
      <form class="import-form" onSubmit={submit} noValidate>
        <label for="import-file">Route file (CSV)</label>
        <input
          id="import-file"
          ref={input}
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => {
            setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
            setError(null);
          }}
        />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <span class="hint">
          Columns: <code>route,sequence,meter_serial,read_date,reading,read_code,reader</code>
        </span>
      </form>
      <ErrorMessage error={error} />
      <div aria-live="polite" id="import-result">
        {report && <ImportReport name={report.name} report={report.report} />}
      </div>
    </Panel>
  );
}

function ImportReport({ name, report }: { name: string; report: ReadingImportReport }) {
  const counts: [string, number][] = [
    ['Lines', report.lines],
    ['Ready', report.ready],
    ['Held', report.held],
    ['Skipped', report.skipped],
    ['Unknown meters', report.unknown_meters],
    ['Duplicates', report.duplicates],
    ['Already imported', report.already_imported ?? 0],
    ['Missing', report.missing],
  ];
  return (
    <div class={'import-report ' + (report.imported ? 'alert alert-info' : 'alert alert-error')} role="status">
      <div>
        {report.imported ? (
          <>
            <strong>Imported {name}.</strong> Held readings and missing meters are in the queue below.
          </>
        ) : (
          <>
            <strong>Nothing imported from {name}:</strong> fix these lines and import the file again.
          </>
        )}
      </div>
      {report.imported && (
        <dl class="import-counts">
          {counts.map(([label, count]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{formatCount(count)}</dd>
            </div>
          ))}
        </dl>
      )}
      {report.problems.length > 0 && (
        <table class="lines-table import-problems">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Field</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((p, index) => (
              <tr key={index}>
                <td class="num">{p.line}</td>
                <td class="mono">{p.field}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
