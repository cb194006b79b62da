// The caller's cash drawer: open it with a float, watch its totals by tender and the cash it
// should hold, close it with the counted cash and checks. Supervisors also close the day.
import { useEffect, useRef, useState } from 'preact/hooks';
import { closeCashDay, closeDrawer, currentDrawer, drawersForDate, isAbort, openDrawer } from '../api';
import { type FieldErrors, TextField } from '../components/Fields';
import { Amount, MoneyField } from '../components/Money';
import { ErrorMessage, Loading, Panel, Row } from '../components/Panel';
import { tenderName, useCityToday, useFinanceConfig } from '../finance';
import { auditValue, formatDate, formatInstant, humanize } from '../format';
import { focusFirstError, placeApiError } from '../forms';
import { formatCents, parseMoney } from '../money';
import { useSession } from '../session';
import type { CashDay, Drawer, DrawerTotals, FinanceConfig, Money } from '../types';

const TENDERS: (keyof Omit<DrawerTotals, 'count'>)[] = ['cash', 'check', 'money_order', 'card', 'ach'];

export function DrawerPage() {
  const { can } = useSession();
  const { config } = useFinanceConfig();
  const [drawer, setDrawer] = useState<Drawer | null>(null);
  const [closed, setClosed] = useState<Drawer | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const controller = useRef(new AbortController());

  async function load() {
    setLoading(true);
    try {
      setDrawer(await currentDrawer(controller.current.signal));
      setError(null);
    } catch (e) {
      if (!isAbort(e)) setError(e);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    document.title = 'Drawer · Cistern';
    if (can('payments.post')) void load();
    else setLoading(false);
    return () => controller.current.abort();
  }, []);

  return (
    <div class="page drawer-page">
      <div class="page-head">
        <h1>Drawer</h1>
        {drawer && (
          <>
            <span class="badge badge-status badge-active">Open</span>
            <span class="muted">
              {formatDate(drawer.business_date)} · opened {formatInstant(drawer.opened_at)}
            </span>
          </>
        )}
        {drawer && (
          <button type="button" class="btn btn-small head-refresh" onClick={() => void load()} disabled={loading}>
            Refresh totals
          </button>
        )}
      </div>
      <ErrorMessage error={error} />
      {can('payments.post') && (
        <div class="drawer-grid">
          {loading && !drawer ? (
            <Loading label="Loading your drawer…" />
          ) : drawer ? (
            <>
              <DrawerTotalsPanel drawer={drawer} config={config} />
              <CloseDrawerPanel
                drawer={drawer}
                onClosed={(done) => {
                  setClosed(done);
                  setDrawer(null);
                }}
              />
            </>
          ) : (
            <>
              <OpenDrawerPanel
                onOpened={(opened) => {
                  setClosed(null);
                  setDrawer(opened);
                }}
              />
              {closed && <ClosedDrawerPanel drawer={closed} />}
            </>
          )}
        </div>
      )}
      {can('approvals.decide') && <CloseDayPanel config={config} />}
    </div>
  );
}

function OpenDrawerPanel(props: { onOpened: (drawer: Drawer) => void }) {
  const [floatText, setFloatText] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    document.getElementById('f-opening_float_cents')?.focus();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const parsed = floatText.trim() ? parseMoney(floatText) : ({ ok: true, cents: 0 } as const);
    if (!parsed.ok || parsed.cents < 0) {
      setErrors({ opening_float_cents: parsed.ok ? 'The float cannot be negative.' : parsed.message });
      focusFirstError(form.current);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onOpened(await openDrawer(parsed.cents));
    } catch (e) {
      const rest = placeApiError(e, ['opening_float_cents'], setErrors);
      if (rest) setError(rest);
      focusFirstError(form.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="Open a drawer" id="open-drawer">
      <p class="muted">You have no open drawer. Count the float in the till, then open the drawer to take payments.</p>
      {error && (
        <div class="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <form ref={form} class="compact-form" onSubmit={submit} noValidate>
        <MoneyField
          path="opening_float_cents"
          label="Opening float"
          value={floatText}
          onChange={(v) => {
            setFloatText(v);
            setErrors({});
          }}
          errors={errors}
          placeholder="0.00"
        />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Opening…' : 'Open drawer'}
        </button>
      </form>
    </Panel>
  );
}

function DrawerTotalsPanel({ drawer, config }: { drawer: Drawer; config: FinanceConfig | null }) {
  return (
    <Panel title="Totals" id="drawer-totals">
      <table class="table money-table">
        <caption class="visually-hidden">Payments in this drawer by tender</caption>
        <thead>
          <tr>
            <th scope="col">Tender</th>
            <th scope="col" class="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {TENDERS.map((code) => (
            <tr key={code}>
              <td>{tenderName(config, code)}</td>
              <td class="num">
                <Amount money={drawer.totals[code]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="kvs drawer-facts">
        <Row label="Payments" always>
          {String(drawer.totals.count)}
        </Row>
        <Row label="Opening float" always>
          <Amount money={drawer.opening_float} />
        </Row>
        <Row label="Expected cash" always>
          <span id="expected-cash">
            <Amount money={drawer.expected_cash} strong />
          </span>
        </Row>
        <Row label="Drawer" always>
          <span class="mono">{drawer.id}</span>
        </Row>
      </dl>
    </Panel>
  );
}

function CloseDrawerPanel(props: { drawer: Drawer; onClosed: (drawer: Drawer) => void }) {
  const { drawer } = props;
  const [cashText, setCashText] = useState('');
  const [checksText, setChecksText] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const cash = cashText.trim() ? parseMoney(cashText) : null;
  const checks = checksText.trim() ? parseMoney(checksText) : null;
  const cashDiff = cash?.ok ? cash.cents - drawer.expected_cash.cents : null;
  const expectedChecks = drawer.expected_checks ?? drawer.totals.check;
  const checksDiff = checks?.ok ? checks.cents - expectedChecks.cents : null;

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!cash) found.counted_cash_cents = 'Count the cash in the drawer (0.00 if none).';
    else if (!cash.ok) found.counted_cash_cents = cash.message;
    if (!checks) found.counted_checks_cents = 'Add up the checks (0.00 if none).';
    else if (!checks.ok) found.counted_checks_cents = checks.message;
    if (Object.keys(found).length || !cash?.ok || !checks?.ok) {
      setErrors(found);
      focusFirstError(form.current);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onClosed(await closeDrawer(drawer.id, cash.cents, checks.cents));
    } catch (e) {
      const rest = placeApiError(e, ['counted_cash_cents', 'counted_checks_cents'], setErrors);
      if (rest) setError(rest);
      focusFirstError(form.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="Close the drawer" id="close-drawer">
      {error && (
        <div class="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <form ref={form} onSubmit={submit} noValidate>
        <div class="count-row">
          <MoneyField
            path="counted_cash_cents"
            label="Counted cash"
            value={cashText}
            onChange={(v) => {
              setCashText(v);
              setErrors((e) => ({ ...e, counted_cash_cents: '' }));
            }}
            errors={errors}
            required
          />
          <Difference what="Expected cash" expected={drawer.expected_cash} diff={cashDiff} />
        </div>
        <div class="count-row">
          <MoneyField
            path="counted_checks_cents"
            label="Counted checks"
            value={checksText}
            onChange={(v) => {
              setChecksText(v);
              setErrors((e) => ({ ...e, counted_checks_cents: '' }));
            }}
            errors={errors}
            required
          />
          <Difference what="Expected checks" expected={expectedChecks} diff={checksDiff} />
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Closing…' : 'Close drawer'}
          </button>
          <span class="muted">The server computes the final over/short.</span>
        </div>
      </form>
    </Panel>
  );
}

function Difference(props: { what: string; expected: Money; diff: number | null }) {
  return (
    <div class="difference" aria-live="polite">
      <span class="muted">
        {props.what} {props.expected.text}
      </span>
      {props.diff !== null && <OverShort cents={props.diff} />}
    </div>
  );
}

/** Over, short or balanced, in words and colour. */
export function OverShort({ cents }: { cents: number }) {
  if (cents === 0) return <span class="over-short balanced">Balanced</span>;
  return cents > 0 ? (
    <span class="over-short over">Over {formatCents(cents)}</span>
  ) : (
    <span class="over-short short">Short {formatCents(-cents)}</span>
  );
}

function ClosedDrawerPanel({ drawer }: { drawer: Drawer }) {
  return (
    <Panel title="Drawer closed" id="drawer-closed">
      <dl class="kvs">
        <Row label="Business date" always>
          {formatDate(drawer.business_date)}
        </Row>
        <Row label="Closed" always>
          {formatInstant(drawer.closed_at)}
        </Row>
        <Row label="Expected cash" always>
          <Amount money={drawer.expected_cash} />
        </Row>
        <Row label="Counted cash" always>
          <Amount money={drawer.counted_cash} />
        </Row>
        {drawer.expected_checks && (
          <Row label="Expected checks" always>
            <Amount money={drawer.expected_checks} />
          </Row>
        )}
        <Row label="Counted checks" always>
          <Amount money={drawer.counted_checks} />
        </Row>
        <Row label="Over / short" always>
          <span id="over-short">{drawer.over_short ? <OverShort cents={drawer.over_short.cents} /> : '—'}</span>
        </Row>
      </dl>
    </Panel>
  );
}

/** Supervisors: every drawer of a business date, and "Close the day" once all are closed. */
function CloseDayPanel({ config }: { config: FinanceConfig | null }) {
  const { can } = useSession();
  const today = useCityToday();
  const [typed, setDate] = useState<string | null>(null);
  const date = typed ?? today;
  const [drawers, setDrawers] = useState<Drawer[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CashDay | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  async function loadDrawers(day: string) {
    if (!can('reports.read')) return;
    setDrawers(null);
    setListError(null);
    try {
      setDrawers((await drawersForDate(day)).data);
    } catch (e) {
      setListError(e);
    }
  }

  useEffect(() => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) void loadDrawers(date);
  }, [date]);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setErrors({ business_date: 'Enter a date.' });
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await closeCashDay(date));
      void loadDrawers(date);
    } catch (e) {
      const rest = placeApiError(e, ['business_date'], setErrors);
      if (rest) setError(rest);
    } finally {
      setBusy(false);
    }
  }

  const open = drawers?.filter((d) => d.status === 'open').length ?? 0;
  return (
    <Panel title="Close the day" id="close-day">
      <form class="compact-form" onSubmit={submit} noValidate>
        <TextField
          path="business_date"
          label="Business date"
          type="date"
          value={date}
          onChange={(v) => {
            setDate(v);
            setErrors({});
            setResult(null);
          }}
          errors={errors}
        />
        <button type="submit" class="btn btn-primary" disabled={busy || open > 0}>
          {busy ? 'Closing…' : 'Close the day'}
        </button>
        {open > 0 && (
          <span class="muted">
            {open} drawer{open === 1 ? ' is' : 's are'} still open.
          </span>
        )}
      </form>
      {error && (
        <div class="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {result && (
        <div class="alert alert-info" role="status">
          Day {formatDate(result.business_date)} closed by {result.closed_by?.display_name ?? 'you'} at{' '}
          {formatInstant(result.closed_at)}.
          {result.totals && (
            <ul class="plain totals-inline">
              {Object.entries(result.totals).map(([k, v]) => (
                <li key={k}>
                  {tenderName(config, k)}: {isMoney(v) ? v.text : auditValue(v)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorMessage error={listError} />
      {drawers && drawers.length === 0 && <p class="empty">No drawers on {formatDate(date)}.</p>}
      {drawers && drawers.length > 0 && (
        <table class="table">
          <caption class="visually-hidden">Drawers on {date}</caption>
          <thead>
            <tr>
              <th scope="col">CSR</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Payments
              </th>
              <th scope="col" class="num">
                Expected cash
              </th>
              <th scope="col" class="num">
                Counted cash
              </th>
              <th scope="col" class="num">
                Over / short
              </th>
            </tr>
          </thead>
          <tbody>
            {drawers.map((d) => (
              <tr key={d.id}>
                <td>{d.user?.display_name}</td>
                <td>
                  <span class={`badge badge-status badge-${d.status === 'open' ? 'pending' : 'closed'}`}>{humanize(d.status)}</span>
                </td>
                <td class="num">{d.totals?.count ?? ''}</td>
                <td class="num">
                  <Amount money={d.expected_cash} />
                </td>
                <td class="num">
                  <Amount money={d.counted_cash} />
                </td>
                <td class="num">{d.over_short ? <OverShort cents={d.over_short.cents} /> : <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function isMoney(value: unknown): value is Money {
  return typeof value === 'object' && value !== null && 'cents' in value && 'text' in value;
}
