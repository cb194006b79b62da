// One bill (#/bills/bill_14): header with its dates and status, the readings it billed, the
// charges by service with each rate step, the summary of what is due, the usage chart, the PDF,
// and "Cancel and rebill" (billing.run) with a reason and optional corrected readings.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, accountBills, billPdfUrl, getBill, isAbort, rebill } from '../api';
import { formatCount, formatGallons, serviceName, serviceOrder } from '../billing';
import { Dialog } from '../components/Dialog';
import { ErrorText, fieldId, type FieldErrors } from '../components/Fields';
import { Amount } from '../components/Money';
import { ErrorMessage, Loading, Panel, Row } from '../components/Panel';
import { UsageChart } from '../components/UsageChart';
import { formatDate, formatQuantity } from '../format';
import { focusFirstError, placeApiError } from '../forms';
import { formatCents } from '../money';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { BillSummary, BillView, ChargeLine } from '../types';

export function BillPage({ id }: { id: string }) {
  const { can } = useSession();
  const [bill, setBill] = useState<BillView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [replacement, setReplacement] = useState<BillSummary | null>(null);
  // The account's newest bill (the list is newest first): only it can be cancelled and rebilled.
  const [newest, setNewest] = useState<BillSummary | null | undefined>(undefined);
  const [rebilling, setRebilling] = useState(false);
  const controller = useRef(new AbortController());

  useEffect(() => {
    const signal = controller.current.signal;
    document.title = 'Bill · Cistern';
    getBill(id, signal).then(
      (loaded) => {
        setBill(loaded);
        document.title = `${loaded.number} ${loaded.account_number} · Cistern`;
        // A cancelled bill names the bill that replaced it (found among the account's bills);
        // the newest bill decides whether this one may be rebilled.
        accountBills(loaded.account_id, signal).then(
          (page) => {
            setNewest(page.data[0] ?? null);
            if (loaded.status === 'cancelled') setReplacement(page.data.find((b) => b.replaces_bill_id === loaded.id) ?? null);
          },
          (e) => !isAbort(e) && setNewest(null),
        );
      },
      (e) => !isAbort(e) && setError(e),
    );
    return () => controller.current.abort();
  }, [id]);

  if (error) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <div class="page">
        <div class="page-head">
          <h1>{notFound ? 'Bill not found' : 'Bill'}</h1>
        </div>
        <ErrorMessage error={error} />
      </div>
    );
  }
  if (!bill) {
    return (
      <div class="page">
        <Loading label="Loading bill…" />
      </div>
    );
  }

  const cancelled = bill.status === 'cancelled';
  return (
    <div class="page bill-page">
      <div class="page-head bill-head">
        <div>
          <div class="eyebrow bill-for">
            Bill for{' '}
            <a href={href(`/accounts/${bill.account_id}`)} class="mono">
              {bill.account_number}
            </a>{' '}
            · {bill.customer_name} · {bill.service_address}
          </div>
          <h1>
            <span class="mono" id="bill-number">
              {bill.number}
            </span>
            <span class="account-name">
              {formatDate(bill.period_start)} – {formatDate(bill.period_end)}
            </span>
          </h1>
        </div>
        <span class="bill-badges">
          {cancelled ? (
            <span class="badge badge-cancelled" id="bill-status">
              Cancelled
            </span>
          ) : (
            <span class="badge badge-status badge-active" id="bill-status">
              Posted
            </span>
          )}
          {bill.replaces_bill_id && <span class="badge badge-corrected">Corrected</span>}
          {bill.service_ended_on && (
            <span class="badge badge-final" id="bill-final">
              Final bill · service ended {formatDate(bill.service_ended_on)}
            </span>
          )}
          {bill.estimated && <span class="badge badge-final">Estimated reading</span>}
        </span>
        <dl class="head-facts">
          <div>
            <dt>Bill date</dt>
            <dd>{formatDate(bill.bill_date)}</dd>
          </div>
          <div>
            <dt>Due</dt>
            <dd>{formatDate(bill.due_date)}</dd>
          </div>
          <div>
            <dt>Total due</dt>
            <dd>
              <Amount money={bill.total_due} strong />
            </dd>
          </div>
        </dl>
      </div>

      <div class="account-actions" role="toolbar" aria-label="Bill actions">
        <a class="btn" id="bill-pdf" href={billPdfUrl(bill.id)} target="_blank" rel="noopener">
          PDF
        </a>
        {can('billing.run') && !cancelled && newest !== undefined && (
          <RebillButton bill={bill} newest={newest} onClick={() => setRebilling(true)} />
        )}
        {bill.run_id && can('billing.run') && (
          <a class="btn btn-quiet" href={href(`/billing/${bill.run_id}`)}>
            Billing run {bill.run_id.replace(/^run_/, '#')}
          </a>
        )}
      </div>

      {cancelled && (
        <div class="alert alert-warning" role="note" id="bill-cancelled">
          This bill was cancelled{bill.cancel_reason ? `: ${bill.cancel_reason}` : '.'}
          {replacement && (
            <>
              {' '}
              It was replaced by{' '}
              <a href={href(`/bills/${replacement.id}`)} class="mono">
                {replacement.number}
              </a>
              .
            </>
          )}
        </div>
      )}
      {bill.replaces_bill_id && (
        <div class="alert alert-info" role="note">
          This corrected bill replaces{' '}
          <a href={href(`/bills/${bill.replaces_bill_id}`)} class="mono">
            B-{bill.replaces_bill_id.replace(/^bill_/, '')}
          </a>
          .
        </div>
      )}

      <div class="bill-grid">
        <div class="bill-main">
          <Panel title="Charges" id="charges">
            <ChargesTable lines={bill.lines} total={bill.current_charges} />
          </Panel>
          <Panel title="Meter readings" id="bill-readings">
            {bill.readings.length === 0 ? (
              <p class="empty">No metered service on this bill.</p>
            ) : (
              <table class="table compact-table">
                <thead>
                  <tr>
                    <th scope="col">Meter</th>
                    <th scope="col">Previous</th>
                    <th scope="col" class="num">
                      Reading
                    </th>
                    <th scope="col">Current</th>
                    <th scope="col" class="num">
                      Reading
                    </th>
                    <th scope="col" class="num">
                      Usage
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {bill.readings.map((r) => (
                    <tr key={r.meter_id + r.current_read_on}>
                      <td class="mono">{r.meter_serial}</td>
                      <td class="nowrap">{formatDate(r.previous_read_on)}</td>
                      <td class="num mono">{formatCount(r.previous_value)}</td>
                      <td class="nowrap">{formatDate(r.current_read_on)}</td>
                      <td class="num mono">
                        {formatCount(r.current_value)}
                        {r.estimated && (
                          <abbr class="est" title="Estimated reading">
                            E
                          </abbr>
                        )}
                      </td>
                      <td class="num nowrap">
                        <strong>{formatGallons(r.usage_gallons)}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        </div>
        <div class="bill-side">
          <Panel title="Summary" id="bill-summary">
            <dl class="kvs kv-money">
              <Row label="Previous balance" always>
                <Amount money={bill.previous_balance} />
              </Row>
              <Row label="Payments" always>
                <Amount money={bill.payments} />
              </Row>
              <Row label="Adjustments" always>
                <Amount money={bill.adjustments} />
              </Row>
              <Row label="Current charges" always>
                <Amount money={bill.current_charges} />
              </Row>
              <div class="kv kv-total">
                <dt>Total due by {formatDate(bill.due_date)}</dt>
                <dd id="bill-total">
                  <Amount money={bill.total_due} strong />
                </dd>
              </div>
              <Row label={`After ${formatDate(bill.late_after)}`} always>
                <Amount money={bill.late_amount} />
              </Row>
            </dl>
            {bill.message && <p class="bill-message">{bill.message}</p>}
          </Panel>
          <Panel title="Usage" id="bill-usage">
            <UsageChart usage={bill.usage_history} current={bill.period_end} caption="Usage by billed month" />
          </Panel>
        </div>
      </div>

      {rebilling && (
        <RebillDialog
          bill={bill}
          onClose={() => setRebilling(false)}
          onDone={(created) => {
            setRebilling(false);
            navigate(`/bills/${created.id}`);
          }}
        />
      )}
    </div>
  );
}

/** "Cancel and rebill…", disabled with the reason for any bill but the account's newest. */
function RebillButton(props: { bill: BillView; newest: BillSummary | null; onClick: () => void }) {
  const { bill, newest } = props;
  const notNewest = newest !== null && newest.id !== bill.id;
  const why = notNewest
    ? `Only the account's newest bill can be cancelled and rebilled; ${newest.number} is newer.`
    : undefined;
  return (
    <>
      <button type="button" class="btn" id="rebill-open" disabled={notNewest} title={why} onClick={props.onClick}>
        Cancel and rebill…
      </button>
      {notNewest && (
        <span class="muted toolbar-note" id="rebill-why">
          Only the account's newest bill can be cancelled and rebilled:{' '}
          <a class="mono" href={href(`/bills/${newest.id}`)}>
            {newest.number}
          </a>
          .
        </span>
      )}
    </>
  );
}

/** Lines grouped by service, each group with its subtotal; the rate step under each description. */
function ChargesTable({ lines, total }: { lines: ChargeLine[]; total: BillView['current_charges'] }) {
  if (lines.length === 0) return <p class="empty">No charges.</p>;
  const groups = new Map<string, ChargeLine[]>();
  for (const line of lines) groups.set(line.service, [...(groups.get(line.service) ?? []), line]);
  const ordered = [...groups.entries()].sort((a, b) => serviceOrder(a[0]) - serviceOrder(b[0]));
  return (
    <table class="table charges-table" id="charges-table">
      <thead>
        <tr>
          <th scope="col">Charge</th>
          <th scope="col" class="num">
            Quantity
          </th>
          <th scope="col" class="num">
            Price
          </th>
          <th scope="col" class="num">
            Amount
          </th>
        </tr>
      </thead>
      {ordered.map(([service, group]) => {
        const subtotal = group.reduce((sum, line) => sum + line.amount.cents, 0);
        return (
          <tbody key={service} class="charge-group">
            <tr class="charge-service">
              <th scope="rowgroup" colSpan={3}>
                {serviceName(service)}
              </th>
              <td class="num">
                <Amount money={{ cents: subtotal, text: formatCents(subtotal) }} strong />
              </td>
            </tr>
            {group.map((line, index) => (
              <tr key={index}>
                <td>
                  <div>{line.description}</div>
                  <div class="rate-step mono">{line.step}</div>
                </td>
                <td class="num nowrap">{line.quantity !== null ? `${formatQuantity(line.quantity)} ${line.unit}` : ''}</td>
                <td class="num nowrap">{line.unit_price !== null ? `$${line.unit_price}` : ''}</td>
                <td class="num nowrap">
                  <Amount money={line.amount} />
                </td>
              </tr>
            ))}
          </tbody>
        );
      })}
      <tfoot>
        <tr class="charge-total">
          <th scope="row" colSpan={3}>
            Current charges
          </th>
          <td class="num">
            <Amount money={total} strong />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function RebillDialog(props: { bill: BillView; onClose: () => void; onDone: (created: BillView) => void }) {
  const { bill } = props;
  const [reason, setReason] = useState('');
  const [corrections, setCorrections] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A corrected reading far above the usual is billed only once the supervisor confirms it.
  const [askConfirm, setAskConfirm] = useState(false);
  const [confirmHigh, setConfirmHigh] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!reason.trim()) found.reason = 'Say why the bill is cancelled.';
    const list: { meter_id: string; value: number }[] = [];
    for (const r of bill.readings) {
      const text = (corrections[r.meter_id] ?? '').replace(/[,\s]/g, '');
      if (!text) continue;
      if (!/^\d+$/.test(text)) found[`corrections.${r.meter_id}`] = 'A reading is a whole number.';
      else list.push({ meter_id: r.meter_id, value: Number(text) });
    }
    setErrors(found);
    setBanner(null);
    if (Object.keys(found).length) {
      focusFirstError(form.current);
      return;
    }
    setBusy(true);
    try {
      const created = await rebill(bill.id, {
        reason: reason.trim(),
        corrections: list.length ? list : undefined,
        confirm_high_usage: confirmHigh || undefined,
      });
      props.onDone(created);
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'READING_FAR_ABOVE_USUAL') setAskConfirm(true);
      const rest = placeApiError(e, ['reason'], setErrors);
      if (rest) setBanner(rest);
      focusFirstError(form.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog id="rebill" title={`Cancel and rebill ${bill.number}`} subtitle={`${bill.account_number} · ${bill.customer_name}`} busy={busy} onClose={props.onClose}>
      <form ref={form} class="dialog-form" onSubmit={submit} noValidate>
        <p class="muted">
          The bill is cancelled and a corrected bill is posted for the same period. Leave a reading blank to
          keep it as billed.
        </p>
        {banner && (
          <div class="alert alert-error" role="alert">
            {banner}
          </div>
        )}
        <div class={'field' + (errors.reason ? ' has-error' : '')}>
          <label for={fieldId('reason')}>
            Reason<span class="required" aria-hidden="true"> *</span>
          </label>
          <textarea
            id={fieldId('reason')}
            rows={2}
            value={reason}
            maxLength={500}
            aria-required
            aria-invalid={errors.reason ? true : undefined}
            onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
          />
          <ErrorText path="reason" errors={errors} />
        </div>
        {bill.readings.map((r) => {
          const path = `corrections.${r.meter_id}`;
          return (
            <div class={'field' + (errors[path] ? ' has-error' : '')} key={r.meter_id}>
              <label for={fieldId(path)}>
                Corrected reading, meter <span class="mono">{r.meter_serial}</span>
              </label>
              <input
                id={fieldId(path)}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                placeholder={formatCount(r.current_value)}
                value={corrections[r.meter_id] ?? ''}
                aria-invalid={errors[path] ? true : undefined}
                onInput={(e) => setCorrections((c) => ({ ...c, [r.meter_id]: (e.currentTarget as HTMLInputElement).value }))}
              />
              <div class="hint">
                Billed {formatCount(r.current_value)} on {formatDate(r.current_read_on)}
              </div>
              <ErrorText path={path} errors={errors} />
            </div>
          );
        })}
        {askConfirm && (
          <label class="check-label" id="rebill-confirm-high">
            <input type="checkbox" checked={confirmHigh} onChange={(e) => setConfirmHigh((e.currentTarget as HTMLInputElement).checked)} />{' '}
            The usage is right (a leak, say): bill it anyway
          </label>
        )}
        <div class="form-actions">
          <button type="submit" class="btn btn-danger" disabled={busy}>
            {busy ? 'Rebilling…' : 'Cancel and rebill'}
          </button>
          <button type="button" class="btn" disabled={busy} onClick={props.onClose}>
            Keep the bill
          </button>
        </div>
      </form>
    </Dialog>
  );
}
