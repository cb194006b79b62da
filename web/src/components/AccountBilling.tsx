// The account page's billing half: services and meters with their latest readings and "Enter
// reading" (meters.write), the 13-month usage chart, and the account's bills.
import { useEffect, useRef, useState } from 'preact/hooks';
import { accountBills, accountMetering, billPdfUrl, enterReading, isAbort } from '../api';
import {
  READING_STATUS_NAMES,
  formatCount,
  formatGallons,
  serviceName,
  serviceOrder,
} from '../billing';
import { formatDate, humanize } from '../format';
import { useCityToday } from '../finance';
import { placeApiError } from '../forms';
import { href } from '../router';
import { useSession } from '../session';
import type { AccountMetering, BillSummary, MeterRecord, Reading, ReadingOutcome } from '../types';
import { ErrorText, fieldId, type FieldErrors } from './Fields';
import { Amount } from './Money';
import { ErrorMessage, Loading, Panel } from './Panel';
import { UsageChart } from './UsageChart';

const UNIT_NAMES: Record<string, string> = { gal: 'gal', kgal: '1,000 gal', cf: 'cu ft', ccf: '100 cu ft' };

export function AccountBilling({ accountId }: { accountId: string }) {
  const { can } = useSession();
  const [metering, setMetering] = useState<AccountMetering | null>(null);
  const [meteringError, setMeteringError] = useState<unknown>(null);
  const [bills, setBills] = useState<BillSummary[] | null>(null);
  const [billsError, setBillsError] = useState<unknown>(null);
  const controller = useRef(new AbortController());

  async function loadMetering() {
    try {
      setMetering(await accountMetering(accountId, controller.current.signal));
      setMeteringError(null);
    } catch (e) {
      if (!isAbort(e)) setMeteringError(e);
    }
  }

  useEffect(() => {
    void loadMetering();
    accountBills(accountId, controller.current.signal).then(
      (page) => setBills(page.data),
      (e) => !isAbort(e) && setBillsError(e),
    );
    return () => controller.current.abort();
  }, [accountId]);

  return (
    <div class="billing-grid">
      <Panel title="Service & meters" id="metering">
        {meteringError ? (
          <ErrorMessage error={meteringError} />
        ) : !metering ? (
          <Loading />
        ) : (
          <>
            <ServicesTable metering={metering} />
            <MetersTable meters={metering.meters} />
            {can('meters.write') && activeMeters(metering.meters).length > 0 && (
              <ReadingForm meters={activeMeters(metering.meters)} onEntered={() => void loadMetering()} />
            )}
          </>
        )}
      </Panel>
      <div class="billing-side">
        <Panel title="Usage, last 13 months" id="usage">
          {meteringError ? null : !metering ? <Loading /> : <UsageChart usage={metering.usage} caption="Usage by billed month" />}
        </Panel>
        <Panel title="Bills" id="bills">
          <BillsTable bills={bills} error={billsError} />
        </Panel>
      </div>
    </div>
  );
}

function activeMeters(meters: MeterRecord[]): MeterRecord[] {
  return meters.filter((m) => !m.removed_on);
}

function ServicesTable({ metering }: { metering: AccountMetering }) {
  const services = [...metering.services].sort(
    (a, b) => Number(Boolean(a.ends_on)) - Number(Boolean(b.ends_on)) || serviceOrder(a.service) - serviceOrder(b.service),
  );
  if (services.length === 0) return <p class="empty">No services on this account.</p>;
  return (
    <table class="table compact-table" id="services-table">
      <caption class="table-title">Services</caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Rate class</th>
          <th scope="col" class="num">
            Units
          </th>
          <th scope="col">Since</th>
          <th scope="col">Until</th>
        </tr>
      </thead>
      <tbody>
        {services.map((service) => (
          <tr key={service.id} class={service.ends_on ? 'row-ended' : undefined}>
            <td>{serviceName(service.service)}</td>
            <td>{humanize(service.rate_class)}</td>
            <td class="num">{service.units}</td>
            <td class="nowrap">{formatDate(service.starts_on)}</td>
            <td class="nowrap">{service.ends_on ? formatDate(service.ends_on) : <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function latestFirst(readings: Reading[] | undefined): Reading[] {
  return [...(readings ?? [])].sort((a, b) => (a.read_on < b.read_on ? 1 : a.read_on > b.read_on ? -1 : 0));
}

function ReadingStatus({ reading }: { reading: Reading }) {
  const name = READING_STATUS_NAMES[reading.status] ?? humanize(reading.status);
  return <span class={`badge badge-status badge-reading-${reading.status.replace(/[^a-z_]/g, '')}`}>{name}</span>;
}

function MetersTable({ meters }: { meters: MeterRecord[] }) {
  if (meters.length === 0) return <p class="empty">No meter set at this premise.</p>;
  const ordered = [...meters].sort((a, b) => Number(Boolean(a.removed_on)) - Number(Boolean(b.removed_on)));
  return (
    <div class="meters">
      {ordered.map((meter) => {
        const readings = latestFirst(meter.readings).slice(0, 4);
        return (
          <section class={'meter' + (meter.removed_on ? ' meter-removed' : '')} key={meter.id} data-meter={meter.serial}>
            <div class="meter-head">
              <span class="meter-title">
                Meter <span class="mono">{meter.serial}</span>
              </span>
              <span class="meter-facts">
                {meter.size}″ · {[meter.make, meter.model].filter(Boolean).join(' ') || 'make not recorded'} · reads in{' '}
                {meter.multiplier > 1 ? `${meter.multiplier} × ` : ''}
                {UNIT_NAMES[meter.unit] ?? meter.unit} · {meter.dials} dials · route seq. {meter.route_sequence}
              </span>
              <span class="meter-dates">
                {meter.removed_on
                  ? `Set ${formatDate(meter.set_on)}, removed ${formatDate(meter.removed_on)}`
                  : `Set ${formatDate(meter.set_on)}`}
              </span>
            </div>
            {readings.length === 0 ? (
              <p class="empty">No readings.</p>
            ) : (
              <table class="table compact-table readings-table">
                <caption class="visually-hidden">Latest readings of meter {meter.serial}</caption>
                <thead>
                  <tr>
                    <th scope="col">Read on</th>
                    <th scope="col" class="num">
                      Reading
                    </th>
                    <th scope="col">Kind</th>
                    <th scope="col">Source</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {readings.map((reading) => (
                    <tr key={reading.id} class={reading.status === 'void' ? 'row-ended' : undefined}>
                      <td class="nowrap">{formatDate(reading.read_on)}</td>
                      <td class="num mono">{formatCount(reading.value)}</td>
                      <td>{humanize(reading.kind)}</td>
                      <td class="muted">{reading.reader ? `${reading.source} · ${reading.reader}` : reading.source}</td>
                      <td>
                        <ReadingStatus reading={reading} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </div>
  );
}

const READING_FIELDS = ['meter_serial', 'read_on', 'value'] as const;

function ReadingForm(props: { meters: MeterRecord[]; onEntered: () => void }) {
  const today = useCityToday();
  const [serial, setSerial] = useState(props.meters[0].serial);
  const [readOn, setReadOn] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ReadingOutcome | null>(null);
  const valueInput = useRef<HTMLInputElement>(null);
  const date = readOn || today;

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    const digits = value.replace(/[,\s]/g, '');
    if (!/^\d+$/.test(digits)) found.value = digits ? 'Enter the register as a whole number.' : 'Enter the reading.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) found.read_on = 'Enter the date it was read.';
    setErrors(found);
    setBanner(null);
    if (Object.keys(found).length) {
      document.getElementById(fieldId(Object.keys(found)[0]))?.focus();
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const result = await enterReading({ meter_serial: serial, read_on: date, value: Number(digits) });
      setOutcome(result);
      setValue('');
      props.onEntered();
    } catch (e) {
      const rest = placeApiError(e, READING_FIELDS, setErrors);
      if (rest) setBanner(rest);
    } finally {
      setBusy(false);
      valueInput.current?.focus();
    }
  }

  return (
    <form class="reading-form" onSubmit={submit} noValidate aria-labelledby="reading-form-title">
      <h3 id="reading-form-title" class="table-title">
        Enter reading
      </h3>
      <div class="compact-form">
        <div class={'field' + (errors.meter_serial ? ' has-error' : '')}>
          <label for={fieldId('meter_serial')}>Meter</label>
          <select id={fieldId('meter_serial')} value={serial} onChange={(e) => setSerial((e.currentTarget as HTMLSelectElement).value)}>
            {props.meters.map((m) => (
              <option key={m.id} value={m.serial}>
                {m.serial}
              </option>
            ))}
          </select>
          <ErrorText path="meter_serial" errors={errors} />
        </div>
        <div class={'field' + (errors.read_on ? ' has-error' : '')}>
          <label for={fieldId('read_on')}>Read on</label>
          <input
            id={fieldId('read_on')}
            type="date"
            value={date}
            max={today}
            aria-invalid={errors.read_on ? true : undefined}
            onInput={(e) => setReadOn((e.currentTarget as HTMLInputElement).value)}
          />
          <ErrorText path="read_on" errors={errors} />
        </div>
        <div class={'field' + (errors.value ? ' has-error' : '')}>
          <label for={fieldId('value')}>Reading</label>
          <input
            id={fieldId('value')}
            ref={valueInput}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            class="num"
            value={value}
            aria-invalid={errors.value ? true : undefined}
            onInput={(e) => {
              setValue((e.currentTarget as HTMLInputElement).value);
              if (errors.value) setErrors({});
            }}
          />
          <ErrorText path="value" errors={errors} />
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Enter reading'}
        </button>
      </div>
      {banner && (
        <div class="alert alert-error" role="alert">
          {banner}
        </div>
      )}
      <div aria-live="polite" id="reading-outcome">
        {outcome && <Outcome outcome={outcome} />}
      </div>
    </form>
  );
}

function Outcome({ outcome }: { outcome: ReadingOutcome }) {
  const { reading, exception } = outcome;
  const what = `Reading ${formatCount(reading.value)} on ${formatDate(reading.read_on)}`;
  if (exception || reading.status === 'held') {
    return (
      <div class="alert alert-warning reading-held" role="status">
        <strong>Held for review.</strong> {what}: {exception?.kind_name ?? 'needs review'}
        {exception?.detail ? ` — ${exception.detail}` : ''}{' '}
        <a href={href('/readings')}>Open the readings queue</a>
      </div>
    );
  }
  return (
    <div class="alert alert-info reading-ready" role="status">
      <strong>Ready to bill.</strong> {what}: {formatGallons(outcome.usage_gallons)} used
      {outcome.rolled_over ? ' (the register rolled over)' : ''}.
    </div>
  );
}

function BillsTable({ bills, error }: { bills: BillSummary[] | null; error: unknown }) {
  if (error) return <ErrorMessage error={error} />;
  if (!bills) return <Loading />;
  if (bills.length === 0) return <p class="empty">No bills yet.</p>;
  return (
    <table class="table compact-table bills-table">
      <caption class="visually-hidden">Bills, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Bill</th>
          <th scope="col">Period</th>
          <th scope="col" class="num">
            Usage
          </th>
          <th scope="col" class="num">
            Total due
          </th>
          <th scope="col">
            <span class="visually-hidden">PDF</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {bills.map((bill) => (
          <tr key={bill.id} class={bill.status === 'cancelled' ? 'row-ended' : undefined}>
            <td>
              <a class="mono" href={href(`/bills/${bill.id}`)}>
                {bill.number}
              </a>
              {(bill.status === 'cancelled' || bill.replaces_bill_id) && (
                <div class="bill-flags">
                  {bill.status === 'cancelled' && <span class="badge badge-cancelled">Cancelled</span>}
                  {bill.replaces_bill_id && <span class="badge badge-corrected">Corrected</span>}
                </div>
              )}
            </td>
            <td class="nowrap">
              {formatDate(bill.period_start)} – {formatDate(bill.period_end)}
            </td>
            <td class="num nowrap">
              {formatGallons(bill.usage_gallons)}
              {bill.estimated && (
                <abbr class="est" title="Estimated reading">
                  E
                </abbr>
              )}
            </td>
            <td class="num nowrap">
              <Amount money={bill.total_due} />
            </td>
            <td class="nowrap">
              <a href={billPdfUrl(bill.id)} target="_blank" rel="noopener" class="pdf-link">
                PDF
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
