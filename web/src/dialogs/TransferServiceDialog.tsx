// Transfer service (POST /accounts/{id}/transfer): the same customer moves to another premise.
// The CSR picks the new premise (by searching an account there), the last day here, the first day
// there (the next day unless changed), both windows, the services and remarks. The start half is
// previewed with POST /service-starts/preview (customer_id + the new premise) as the CSR types;
// on success the new account opens.
import { useState } from 'preact/hooks';
import { ApiError, transferService } from '../api';
import { AccountLookup, type Picked } from '../components/AccountLookup';
import { Dialog } from '../components/Dialog';
import { SelectField, TextField, type FieldErrors } from '../components/Fields';
import {
  noServiceChoice,
  PreviewNotices,
  ServicesChooser,
  servicesRequest,
  withPreview,
  type ServiceChoice,
  useStartPreview,
} from '../components/StartPreview';
import { useCityToday } from '../finance';
import { submitOnEnterInSelect, useFormSubmit } from '../forms';
import { addressLines, formatDate } from '../format';
import { addDays, STOP_WINDOWS, TURN_ON_WINDOWS, windowPhrase } from '../lifecycle';
import { navigate } from '../router';
import type { Account, ServiceStartRequest, ServiceWindow } from '../types';

const FIELDS = [
  'to_premise_id',
  'stop_on',
  'start_on',
  'stop_window',
  'start_window',
  'services',
  'units',
  'remarks',
  'transfer_unpaid_balances',
];

// The preview speaks the start's names; the transfer's fields are named differently.
const PREVIEW_FIELDS: Record<string, string> = {
  premise_id: 'to_premise_id',
  requested_on: 'start_on',
  window: 'start_window',
  services: 'services',
  units: 'units',
};

/** The transfer, with the start half's field names (premise_id, requested_on) as this form's. */
async function transferWithFieldNames(...args: Parameters<typeof transferService>) {
  try {
    return await transferService(...args);
  } catch (e) {
    if (e instanceof ApiError && e.field && PREVIEW_FIELDS[e.field] && PREVIEW_FIELDS[e.field] !== e.field) {
      throw new ApiError(e.status, e.code, e.reason, e.message, PREVIEW_FIELDS[e.field]);
    }
    throw e;
  }
}

export function TransferServiceDialog(props: { account: Account; onClose: () => void }) {
  const { account } = props;
  const today = useCityToday();
  const [premise, setPremise] = useState<Picked | null>(null);
  const [stopOn, setStopOn] = useState('');
  const [startOn, setStartOn] = useState('');
  const [stopWindow, setStopWindow] = useState<ServiceWindow>('any');
  const [startWindow, setStartWindow] = useState<ServiceWindow>('morning');
  const [choice, setChoice] = useState<ServiceChoice>(noServiceChoice);
  const [remarks, setRemarks] = useState('');
  const [transferUnpaid, setTransferUnpaid] = useState(false);
  const fields = [...FIELDS, ...choice.offered.map((s) => `units.${s.service}`)];
  const { errors, setErrors, banner, busy, form, refuse, send } = useFormSubmit(fields);

  const lastDay = stopOn || today;
  const firstDay = startOn || addDays(lastDay, 1);

  const previewBody: ServiceStartRequest | null = premise
    ? {
        customer_id: account.customer.id,
        premise_id: premise.id,
        requested_on: firstDay,
        window: startWindow,
        ...servicesRequest(choice),
        tenure: 'renter',
        credit_rating: '',
        credit_reference: '',
      }
    : null;
  const {
    preview,
    busy: previewBusy,
    key: previewKey,
  } = useStartPreview(previewBody, (data) => setChoice((c) => withPreview(c, data)));

  const shown = preview.data && premise && preview.data.premise.id === premise.id ? preview.data : null;
  const previewError = preview.key === previewKey ? preview.error : null;
  // A preview refusal on a field of this form shows beside it too (without moving focus).
  const previewErrors: FieldErrors = {};
  if (previewError instanceof ApiError && previewError.field) {
    const top = previewError.field.replace(/\[(\d+)\]/g, '.$1');
    const mapped = PREVIEW_FIELDS[top] ?? (top.startsWith('units.') ? top : PREVIEW_FIELDS[top.split('.')[0]]);
    if (mapped) previewErrors[mapped] = previewError.message;
  }
  const shownErrors = { ...previewErrors, ...errors };

  const clear = (...paths: string[]) =>
    setErrors((current) => {
      if (!paths.some((p) => current[p])) return current;
      const next = { ...current };
      for (const p of paths) delete next[p];
      return next;
    });

  async function submit(event?: Event) {
    event?.preventDefault();
    if (!premise) {
      refuse({ to_premise_id: 'Find and pick the new premise.' });
      return;
    }
    if (choice.selected && choice.selected.length === 0) {
      refuse({ services: 'Tick at least one service.' });
      return;
    }
    let newAccountId = '';
    const sent = await send(async (key) => {
      const moved = await transferWithFieldNames(
        account.id,
        {
          to_premise_id: premise.id,
          stop_on: lastDay,
          start_on: firstDay,
          stop_window: stopWindow,
          start_window: startWindow,
          ...servicesRequest(choice),
          ...(remarks.trim() ? { remarks: remarks.trim() } : {}),
          ...(transferUnpaid ? { transfer_unpaid_balances: true } : {}),
        },
        key,
      );
      newAccountId = moved.started.account.id;
    });
    if (sent && newAccountId) {
      props.onClose();
      navigate(`/accounts/${newAccountId}`);
    }
  }

  const premiseCard: Picked | null =
    premise && shown
      ? { ...premise, title: addressLines(shown.premise.address)[0] ?? premise.title, detail: addressLines(shown.premise.address).slice(1).join(', ') }
      : premise;

  return (
    <Dialog
      id="transfer-service"
      title="Transfer service"
      subtitle={
        <>
          <span class="mono">{account.account_number}</span> · {account.customer.display_name} · from{' '}
          {account.premise.address.line1}
        </>
      }
      onClose={props.onClose}
      busy={busy}
      initialFocus="#f-to_premise_id"
    >
      <form ref={form} class="dialog-form transfer-form" onSubmit={submit} onKeyDown={submitOnEnterInSelect} noValidate>
        {banner && (
          <div class="alert alert-error" role="alert">
            {banner}
          </div>
        )}
        <div class="transfer-grid">
          <div>
            <AccountLookup
              mode="premise"
              path="to_premise_id"
              label="New premise"
              required
              placeholder="Address, or a name or account number there"
              errors={shownErrors}
              picked={premiseCard}
              currentAccountId={account.id}
              onPick={(picked) => {
                setPremise(picked);
                setChoice(noServiceChoice);
                clear('to_premise_id', 'services', 'units');
              }}
            />
            <div class="pair">
              <TextField
                path="stop_on"
                label="Last day here"
                type="date"
                required
                value={lastDay}
                errors={shownErrors}
                onChange={(v) => {
                  setStopOn(v);
                  clear('stop_on');
                }}
              />
              <SelectField
                path="stop_window"
                label="Final-read window"
                value={stopWindow}
                errors={shownErrors}
                options={STOP_WINDOWS.map((w) => ({ value: w.value, label: w.label }))}
                onChange={(v) => {
                  setStopWindow(v as ServiceWindow);
                  clear('stop_window');
                }}
              />
              <TextField
                path="start_on"
                label="First day there"
                type="date"
                required
                value={firstDay}
                errors={shownErrors}
                hint={startOn ? undefined : 'The day after the last day here.'}
                onChange={(v) => {
                  setStartOn(v);
                  clear('start_on');
                }}
              />
              <SelectField
                path="start_window"
                label="Turn-on window"
                value={startWindow}
                errors={shownErrors}
                options={TURN_ON_WINDOWS.map((w) => ({ value: w.value, label: w.label }))}
                hint="Someone must be there to sign the waiver."
                onChange={(v) => {
                  setStartWindow(v as ServiceWindow);
                  clear('start_window');
                }}
              />
            </div>
            <TextField
              path="remarks"
              label="Remarks for the crew"
              value={remarks}
              errors={shownErrors}
              input={{ maxLength: 500, autoComplete: 'off' }}
              onChange={(v) => {
                setRemarks(v);
                clear('remarks');
              }}
            />
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" disabled={busy}>
                {busy ? 'Transferring…' : 'Transfer service'}
              </button>
              <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
                Cancel
              </button>
              <span class="muted small">{previewBusy ? 'Updating the preview…' : ''}</span>
            </div>
          </div>
          <div class="transfer-preview" aria-busy={previewBusy}>
            <ServicesChooser
              choice={choice}
              preview={shown}
              errors={shownErrors}
              empty={
                premise
                  ? previewBusy
                    ? 'Loading the services offered there…'
                    : 'The services show once the preview answers.'
                  : 'Pick the new premise to see the services offered there.'
              }
              onChange={(next, paths) => {
                setChoice(next);
                clear(...paths);
              }}
            />
            {previewError && Object.keys(previewErrors).length === 0 ? (
              <div class="alert alert-error" role="alert">
                {(previewError as Error).message}
              </div>
            ) : null}
            {shown && (
              <>
                <dl class="kvs review-facts">
                  <div class="kv">
                    <dt>Turn-on</dt>
                    <dd>
                      {shown.turn_on_order ? (
                        <>
                          {formatDate(firstDay)}, {windowPhrase(startWindow)}
                          {shown.meter_serial && (
                            <span class="muted">
                              {' '}
                              · meter <span class="mono">{shown.meter_serial}</span>
                            </span>
                          )}
                        </>
                      ) : (
                        <span class="muted">No turn-on order</span>
                      )}
                    </dd>
                  </div>
                  <div class="kv">
                    <dt>Deposit</dt>
                    <dd>Carried over from this account</dd>
                  </div>
                  <div class="kv">
                    <dt>Fee</dt>
                    <dd>The transfer fee, instead of the new service fee</dd>
                  </div>
                  <div class="kv">
                    <dt>Old balance</dt>
                    <dd>Settled by the final bill here; what remains follows the city's policy</dd>
                  </div>
                </dl>
                <PreviewNotices
                  preview={shown}
                  errors={shownErrors}
                  transferUnpaid={transferUnpaid}
                  onTransferUnpaid={(on) => {
                    setTransferUnpaid(on);
                    clear('transfer_unpaid_balances');
                  }}
                />
              </>
            )}
          </div>
        </div>
      </form>
    </Dialog>
  );
}
