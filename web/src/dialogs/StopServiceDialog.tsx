// Stop service (POST /accounts/{id}/stop): the last day of service, the final-read window, an
// optional forwarding address for the final bill, remarks for the crew. The answer: the final-read
// order, or (no meter to read) the final bill posted at once.
import { useState } from 'preact/hooks';
import { referenceDataNow, stopService } from '../api';
import { AddressFields, cityAddress, trimAddress } from '../components/CustomerFields';
import { Dialog, DoneView } from '../components/Dialog';
import { CheckboxField, SelectField, TextField } from '../components/Fields';
import { useCityToday } from '../finance';
import { submitOnEnterInSelect, useFormSubmit } from '../forms';
import { formatDate } from '../format';
import { STOP_WINDOWS } from '../lifecycle';
import { href } from '../router';
import type { Account, Address, ServiceStopped, ServiceWindow } from '../types';

const FIELDS = [
  'stop_on',
  'window',
  'forwarding_address',
  'forwarding_address.line1',
  'forwarding_address.line2',
  'forwarding_address.city',
  'forwarding_address.state',
  'forwarding_address.postal_code',
  'remarks',
] as const;

export function StopServiceDialog(props: { account: Account; onDone: () => void; onClose: () => void }) {
  const { account } = props;
  const today = useCityToday();
  const reference = referenceDataNow();
  const [stopOn, setStopOn] = useState('');
  const [window_, setWindow] = useState<ServiceWindow>('any');
  const [forward, setForward] = useState(false);
  const [address, setAddress] = useState<Address>(() => cityAddress(reference));
  const [remarks, setRemarks] = useState('');
  const [done, setDone] = useState<ServiceStopped | null>(null);
  const { errors, setErrors, banner, busy, form, refuse, send } = useFormSubmit(FIELDS);
  const lastDay = stopOn || today;

  async function submit(event?: Event) {
    event?.preventDefault();
    if (done) return;
    if (forward) {
      const missing: Record<string, string> = {};
      if (!address.line1.trim()) missing['forwarding_address.line1'] = 'Street address is required.';
      if (!address.city.trim()) missing['forwarding_address.city'] = 'City is required.';
      if (!address.state.trim()) missing['forwarding_address.state'] = 'State is required.';
      if (!address.postal_code.trim()) missing['forwarding_address.postal_code'] = 'ZIP code is required.';
      if (Object.keys(missing).length) {
        refuse(missing);
        return;
      }
    }
    let answer: ServiceStopped | null = null;
    const sent = await send(async (key) => {
      answer = await stopService(
        account.id,
        {
          stop_on: lastDay,
          window: window_,
          ...(forward ? { forwarding_address: trimAddress(address) } : {}),
          ...(remarks.trim() ? { remarks: remarks.trim() } : {}),
        },
        key,
      );
    });
    if (sent && answer) {
      setDone(answer);
      props.onDone();
    }
  }

  const clear = (path: string) =>
    setErrors((current) => {
      if (!current[path]) return current;
      const next = { ...current };
      delete next[path];
      return next;
    });

  return (
    <Dialog
      id="stop-service"
      title="Stop service"
      subtitle={
        <>
          <span class="mono">{account.account_number}</span> · {account.customer.display_name} ·{' '}
          {account.premise.address.line1}
        </>
      }
      onClose={props.onClose}
      busy={busy}
      initialFocus="#f-stop_on"
    >
      {done ? (
        <DoneView title="Stop requested" onClose={props.onClose}>
          <StopSummary stopped={done} />
        </DoneView>
      ) : (
        <form ref={form} class="dialog-form" onSubmit={submit} onKeyDown={submitOnEnterInSelect} noValidate>
          {banner && (
            <div class="alert alert-error" role="alert">
              {banner}
            </div>
          )}
          <div class="pair">
            <TextField
              path="stop_on"
              label="Last day of service"
              type="date"
              required
              value={lastDay}
              errors={errors}
              hint="Billing ends on this day; the final read is that day."
              onChange={(v) => {
                setStopOn(v);
                clear('stop_on');
              }}
            />
            <SelectField
              path="window"
              label="Final-read window"
              value={window_}
              errors={errors}
              options={STOP_WINDOWS.map((w) => ({ value: w.value, label: w.label }))}
              hint="Nobody needs to be home for a final read."
              onChange={(v) => {
                setWindow(v as ServiceWindow);
                clear('window');
              }}
            />
          </div>
          <CheckboxField
            path="forwarding_address"
            label="Send the final bill to a forwarding address"
            checked={forward}
            errors={errors}
            onChange={(v) => {
              setForward(v);
              clear('forwarding_address');
            }}
          />
          {forward && (
            <div class="forwarding">
              <AddressFields
                prefix="forwarding_address"
                address={address}
                errors={errors}
                states={reference?.states ?? [address.state].filter(Boolean)}
                onChange={(field, value) => {
                  setAddress((a) => ({ ...a, [field]: value }));
                  clear(`forwarding_address.${field}`);
                }}
              />
            </div>
          )}
          <TextField
            path="remarks"
            label="Remarks for the crew"
            value={remarks}
            errors={errors}
            input={{ maxLength: 500, autoComplete: 'off' }}
            onChange={(v) => {
              setRemarks(v);
              clear('remarks');
            }}
          />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Stopping…' : `Stop service on ${formatDate(lastDay)}`}
            </button>
            <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** What a stop did: the final-read order, or the final bill posted at once. */
export function StopSummary({ stopped }: { stopped: ServiceStopped }) {
  const order = stopped.final_read_order;
  const bill = stopped.final_bill;
  return (
    <dl class="kvs stop-summary">
      <div class="kv">
        <dt>Last day</dt>
        <dd>{formatDate(stopped.request.requested_on)}</dd>
      </div>
      {order && (
        <div class="kv">
          <dt>Final read</dt>
          <dd>
            Order <span class="mono">{order.number}</span> · {formatDate(order.requested_on)} · {order.window_label}
            {order.meter_serial && (
              <>
                {' '}
                · meter <span class="mono">{order.meter_serial}</span>
              </>
            )}
          </dd>
        </div>
      )}
      {bill && (
        <div class="kv">
          <dt>Final bill</dt>
          <dd>
            Total due {bill.total_due.text}
            {bill.deposit_applied && <> · deposit applied {bill.deposit_applied.text}</>} · the account{' '}
            {bill.balance_after.cents > 0 ? `owes ${bill.balance_after.text}` : 'owes nothing'} ·{' '}
            <a href={href(`/bills/${bill.bill_id}`)}>Open the bill</a>
          </dd>
        </div>
      )}
      {!order && !bill && (
        <div class="kv">
          <dt>Next</dt>
          <dd>{stopped.request.status === 'completed' ? 'Nothing more to do.' : 'The final bill follows the final read.'}</dd>
        </div>
      )}
    </dl>
  );
}
