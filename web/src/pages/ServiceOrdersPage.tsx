// The service order queue (#/service-orders?status=live&type=turn_on&route=R01&date=2026-11-30):
// filters, a form for a new order, and per order dispatch, complete (with the reading, and for a
// turn-on the person present and the signed waiver) and cancel (with a reason). The daily list
// of a date and route opens as a PDF for the field.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  cancelServiceOrder,
  completeServiceOrder,
  createServiceOrder,
  dispatchServiceOrder,
  isAbort,
  listServiceOrders,
  referenceData,
  resolveAccountId,
  serviceOrderListUrl,
} from '../api';
import { ErrorMessage, Loading, Panel } from '../components/Panel';
import { useCityToday } from '../finance';
import { formatDate } from '../format';
import { href, navigate } from '../router';
import { needsReading, SERVICE_ORDER_STATUSES, SERVICE_ORDER_TYPES, SERVICE_WINDOWS, serviceOrderStatusName } from '../serviceOrders';
import { useSession } from '../session';
import type { RouteRef, ServiceOrder, ServiceOrderType, ServiceWindow } from '../types';

const errorText = (e: unknown) => (e instanceof Error ? e.message : 'Not saved.');

export function ServiceOrdersPage({ params }: { params: URLSearchParams }) {
  const { can } = useSession();
  const canWrite = can('meters.write');
  const today = useCityToday();
  const status = params.get('status') || 'live';
  const type = params.get('type') || '';
  const route = params.get('route') || '';
  const date = params.get('date') || '';
  const [items, setItems] = useState<ServiceOrder[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [routes, setRoutes] = useState<RouteRef[]>([]);
  const [listDate, setListDate] = useState(date || today);
  const [listRoute, setListRoute] = useState(route);
  const controller = useRef<AbortController | null>(null);

  function load(pageToken?: string) {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    if (!pageToken) setItems(null);
    setError(null);
    listServiceOrders({ status, type, route, date, pageToken }, mine.signal).then(
      (page) => {
        setItems((current) => (pageToken ? [...(current ?? []), ...page.data] : page.data));
        setNext(page.next_page_token);
      },
      (e) => !isAbort(e) && setError(e),
    );
  }

  useEffect(() => {
    document.title = 'Service orders · Cistern';
    referenceData().then((data) => setRoutes(data.routes), () => undefined);
  }, []);
  useEffect(() => {
    load();
    return () => controller.current?.abort();
  }, [status, type, route, date]);
  useEffect(() => setListDate(date || today), [today, date]);

  const setFilter = (changes: Record<string, string>) => {
    const merged: Record<string, string> = { status, type, route, date, ...changes };
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(merged)) if (v && !(k === 'status' && v === 'live')) clean[k] = v;
    navigate('/service-orders', clean);
  };
  const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;

  return (
    <div class="page service-orders-page">
      <div class="page-head">
        <h1>Service orders</h1>
        {items && (
          <span class="muted" role="status" id="order-count">
            {items.length === 0 ? 'No orders.' : `${items.length}${next ? '+' : ''} orders`}
          </span>
        )}
        <button type="button" class="btn btn-small head-refresh" onClick={() => load()}>
          Refresh
        </button>
      </div>

      <Panel title="Daily list" id="daily-list">
        <div class="panel-filters">
          <label for="list-date">Date</label>
          <input id="list-date" type="date" value={listDate} onInput={(e) => setListDate(value(e))} />
          <label for="list-route">Route</label>
          <select id="list-route" value={listRoute} onChange={(e) => setListRoute(value(e))}>
            <option value="">All routes</option>
            {routes.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code}
              </option>
            ))}
          </select>
          <a class="btn btn-small" id="daily-list-pdf" href={serviceOrderListUrl(listDate, listRoute)} target="_blank" rel="noopener">
            Daily list PDF
          </a>
        </div>
      </Panel>

      {canWrite && <NewOrderPanel today={today} onCreated={() => load()} />}

      <Panel
        title="Queue"
        id="orders"
        actions={
          <div class="panel-filters">
            <label for="filter-status">Status</label>
            <select id="filter-status" value={status} onChange={(e) => setFilter({ status: value(e) })}>
              {SERVICE_ORDER_STATUSES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            <label for="filter-type">Type</label>
            <select id="filter-type" value={type} onChange={(e) => setFilter({ type: value(e) })}>
              <option value="">All types</option>
              {SERVICE_ORDER_TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
            <label for="filter-route">Route</label>
            <select id="filter-route" value={route} onChange={(e) => setFilter({ route: value(e) })}>
              <option value="">All routes</option>
              {routes.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.code}
                </option>
              ))}
            </select>
            <label for="filter-date">Date</label>
            <input id="filter-date" type="date" value={date} onChange={(e) => setFilter({ date: value(e) })} />
          </div>
        }
      >
        {error ? (
          <ErrorMessage error={error} />
        ) : !items ? (
          <Loading />
        ) : items.length === 0 ? (
          <p class="empty">No service orders match.</p>
        ) : (
          <table class="table orders-table">
            <caption class="visually-hidden">Service orders</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Where</th>
                <th scope="col">Meter</th>
                <th scope="col">Requested</th>
                <th scope="col">Status</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <OrderRow key={item.id} item={item} canWrite={canWrite} today={today} />
              ))}
            </tbody>
          </table>
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

/** A new order. The account is an account number or id; the server refuses what is wrong. */
export function NewOrderPanel(props: { today: string; accountId?: string; onCreated: (order: ServiceOrder) => void }) {
  const [type, setType] = useState<ServiceOrderType>('turn_on');
  const [account, setAccount] = useState(props.accountId ?? '');
  const [requestedOn, setRequestedOn] = useState('');
  const [timeWindow, setTimeWindow] = useState<ServiceWindow>('morning');
  const [exceptionId, setExceptionId] = useState('');
  const [remarks, setRemarks] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<ServiceOrder | null>(null);

  const resolveAccount = resolveAccountId;

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const accountId = type === 'reread' && !account.trim() ? undefined : await resolveAccount(account);
      const order = await createServiceOrder({
        type,
        account_id: accountId,
        requested_on: requestedOn || props.today,
        window: timeWindow,
        reading_exception_id: type === 'reread' ? exceptionId.trim() || undefined : undefined,
        remarks: remarks.trim() || undefined,
      });
      setCreated(order);
      setRemarks('');
      props.onCreated(order);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="New service order" id="new-order">
      <form class="inline-form new-order-form" onSubmit={submit}>
        <label>
          Type
          <select id="order-type" value={type} onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value as ServiceOrderType)}>
            {SERVICE_ORDER_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        {!props.accountId && (
          <label>
            Account
            <input id="order-account" value={account} placeholder="Account number" onInput={(e) => setAccount((e.currentTarget as HTMLInputElement).value)} />
          </label>
        )}
        {type === 'reread' && (
          <label>
            Readings exception
            <input id="order-exception" value={exceptionId} placeholder="rex_…" onInput={(e) => setExceptionId((e.currentTarget as HTMLInputElement).value)} />
          </label>
        )}
        <label>
          Requested date
          <input id="order-date" type="date" min={props.today} value={requestedOn || props.today} onInput={(e) => setRequestedOn((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          Window
          <select id="order-window" value={timeWindow} onChange={(e) => setTimeWindow((e.currentTarget as HTMLSelectElement).value as ServiceWindow)}>
            {SERVICE_WINDOWS.map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <label class="grow">
          Remarks
          <input id="order-remarks" value={remarks} onInput={(e) => setRemarks((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="btn btn-primary" id="order-create" disabled={busy}>
          Create order
        </button>
      </form>
      {type === 'turn_on' && (
        <p class="muted small">Someone must be present in the window to sign the waiver before the meter is turned on.</p>
      )}
      {error && (
        <p class="form-error" role="alert" id="order-error">
          {error}
        </p>
      )}
      {created && (
        <p role="status" id="order-created">
          Created {created.number}: {created.type_name} on {formatDate(created.requested_on)}, {created.window_label}.
        </p>
      )}
    </Panel>
  );
}

type Form = 'dispatch' | 'complete' | 'cancel' | null;

function OrderRow(props: { item: ServiceOrder; canWrite: boolean; today: string }) {
  const [item, setItem] = useState(props.item);
  const [form, setForm] = useState<Form>(null);
  const [assignedTo, setAssignedTo] = useState('');
  const [reading, setReading] = useState('');
  const [workedBy, setWorkedBy] = useState('');
  const [person, setPerson] = useState('');
  const [waiver, setWaiver] = useState(false);
  const [remarks, setRemarks] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const live = item.status === 'open' || item.status === 'dispatched';
  const base = `so-${item.id}`;

  async function run(action: () => Promise<ServiceOrder>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      setItem(await action());
      setForm(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  function complete(e: Event) {
    e.preventDefault();
    const digits = reading.replace(/[,\s]/g, '');
    if (digits && !/^\d+$/.test(digits)) return setError('Enter the reading as a whole number.');
    if (!digits && needsReading(item.type)) return setError('Enter the meter reading.');
    void run(() =>
      completeServiceOrder(item.id, {
        reading: digits ? Number(digits) : undefined,
        worked_by: workedBy.trim() || undefined,
        remarks: remarks.trim() || undefined,
        present_person: item.type === 'turn_on' ? person.trim() : undefined,
        waiver_signed: item.type === 'turn_on' ? waiver : undefined,
      }),
    );
  }

  const open = (which: Form) => {
    setForm(which);
    setError(null);
    window.setTimeout(() => document.getElementById(`${base}-${which}-first`)?.focus(), 0);
  };

  return (
    <>
      <tr data-id={item.id} data-status={item.status} class={form ? 'row-expanded' : undefined}>
        <td>
          <div class="strong">{item.number}</div>
          <div class="muted small">{item.type_name}</div>
        </td>
        <td>
          <div>{item.service_address}</div>
          <div class="muted small">
            {item.account_id ? <a href={href(`/accounts/${item.account_id}`)}>{item.account_number}</a> : 'No account'}
            {item.customer_name ? ` · ${item.customer_name}` : ''} · {item.route}
            {item.route_sequence ? ` #${item.route_sequence}` : ''}
          </div>
        </td>
        <td class="nowrap">
          <span class="mono">{item.meter_serial || '—'}</span>
          {item.meter_size && <div class="muted small">{item.meter_size} in</div>}
        </td>
        <td class="nowrap">
          {formatDate(item.requested_on)}
          <div class="muted small">{item.window_label}</div>
        </td>
        <td>
          <span class={`badge badge-${item.status}`} data-role="status">
            {serviceOrderStatusName(item.status)}
          </span>
          {item.assigned_to && <div class="muted small">{item.assigned_to}</div>}
          {item.status === 'completed' && (
            <div class="muted small" data-role="completion">
              {item.reading !== null ? `Read ${item.reading.toLocaleString('en-US')}` : 'Done'}
              {item.completed_on ? ` on ${formatDate(item.completed_on)}` : ''}
              {item.held_exception_id ? ' · held for review' : ''}
            </div>
          )}
          {item.status === 'cancelled' && <div class="muted small">{item.cancel_reason}</div>}
          {item.remarks && <div class="small">{item.remarks}</div>}
        </td>
        <td class="nowrap">
          {props.canWrite && live && (
            <div class="row-actions">
              <button type="button" class="btn btn-small" onClick={() => open('dispatch')}>
                Dispatch
              </button>
              <button type="button" class="btn btn-small btn-primary" onClick={() => open('complete')}>
                Complete
              </button>
              <button type="button" class="btn btn-small" onClick={() => open('cancel')}>
                Cancel
              </button>
            </div>
          )}
        </td>
      </tr>
      {form && (
        <tr class="row-form">
          <td colSpan={6}>
            {form === 'dispatch' && (
              <form
                class="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void run(() => dispatchServiceOrder(item.id, assignedTo));
                }}
              >
                <label>
                  Crew or worker
                  <input id={`${base}-dispatch-first`} value={assignedTo} onInput={(e) => setAssignedTo((e.currentTarget as HTMLInputElement).value)} />
                </label>
                <button type="submit" class="btn btn-primary" disabled={busy}>
                  Dispatch
                </button>
                <button type="button" class="btn" onClick={() => setForm(null)}>
                  Close
                </button>
              </form>
            )}
            {form === 'complete' && (
              <form class="inline-form" onSubmit={complete}>
                <label>
                  Reading{needsReading(item.type) ? '' : ' (if read)'}
                  <input id={`${base}-complete-first`} inputMode="numeric" value={reading} onInput={(e) => setReading((e.currentTarget as HTMLInputElement).value)} />
                </label>
                <label>
                  Worked by
                  <input id={`${base}-worked-by`} value={workedBy} onInput={(e) => setWorkedBy((e.currentTarget as HTMLInputElement).value)} />
                </label>
                {item.type === 'turn_on' && (
                  <>
                    <label>
                      Person present
                      <input id={`${base}-person`} value={person} onInput={(e) => setPerson((e.currentTarget as HTMLInputElement).value)} />
                    </label>
                    <label class="checkbox">
                      <input id={`${base}-waiver`} type="checkbox" checked={waiver} onChange={(e) => setWaiver((e.currentTarget as HTMLInputElement).checked)} />
                      Waiver signed
                    </label>
                  </>
                )}
                <label class="grow">
                  Remarks
                  <input id={`${base}-remarks`} value={remarks} onInput={(e) => setRemarks((e.currentTarget as HTMLInputElement).value)} />
                </label>
                <button type="submit" class="btn btn-primary" disabled={busy}>
                  Complete order
                </button>
                <button type="button" class="btn" onClick={() => setForm(null)}>
                  Close
                </button>
              </form>
            )}
            {form === 'cancel' && (
              <form
                class="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void run(() => cancelServiceOrder(item.id, reason));
                }}
              >
                <label class="grow">
                  Reason
                  <input id={`${base}-cancel-first`} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} />
                </label>
                <button type="submit" class="btn btn-danger" disabled={busy}>
                  Cancel order
                </button>
                <button type="button" class="btn" onClick={() => setForm(null)}>
                  Close
                </button>
              </form>
            )}
            {error && (
              <p class="form-error" role="alert">
                {error}
              </p>
            )}
          </td>
        </tr>
      )}
      {!form && error && (
        <tr class="row-form">
          <td colSpan={6}>
            <p class="form-error" role="alert">
              {error}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}
