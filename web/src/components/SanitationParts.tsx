// Shared pieces of the Sanitation page and the account page's sanitation panel: exemption flags,
// the dumpster actions row, and the forms for a new exemption and a dumpster request.
import { useState } from 'preact/hooks';
import {
  resolveAccountId,
  createExemption,
  dumpsterAction,
  requestDumpster,
  type Dumpster,
  type DumpsterAction,
  type SanitationExemption,
} from '../api';
import { formatDate } from '../format';
import { ErrorMessage } from './Panel';

const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

export function ExemptionFlags({ exemption }: { exemption: SanitationExemption }) {
  return (
    <span class="exemption-flags">
      {exemption.expired && <span class="badge badge-danger">Expired</span>}
      {exemption.expiring && <span class="badge badge-warning">Expires in {exemption.days_left} days</span>}
      {exemption.missing_paperwork && <span class="badge badge-warning">Missing paperwork</span>}
      {!exemption.needs_attention && <span class="badge badge-active">Current</span>}
      {exemption.city_sanitation_active && (
        <span class="badge badge-warning" title="End the city sanitation service on this account">
          City sanitation still active
        </span>
      )}
    </span>
  );
}

export const dumpsterStatusName: Record<Dumpster['status'], string> = {
  requested: 'Requested',
  delivered: 'On site',
  removed: 'Removed',
  cancelled: 'Cancelled',
};

// Deliver, empty, remove or cancel, as the dumpster's status allows. Each charged action posts its
// fee on the account (delivery, haul, removal from the fee schedule).
export function DumpsterActions({ dumpster, onDone }: { dumpster: Dumpster; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function act(action: DumpsterAction) {
    let remarks: string | undefined;
    if (action === 'cancel') {
      remarks = window.prompt('Why is the dumpster request cancelled?') ?? undefined;
      if (remarks === undefined) return;
    } else if (!window.confirm(`${action[0].toUpperCase() + action.slice(1)} ${dumpster.number}? The fee is charged on the account.`)) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await dumpsterAction(dumpster.id, action, remarks !== undefined ? { remarks } : {});
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const button = (action: DumpsterAction, label: string) => (
    <button type="button" class="btn btn-small" disabled={busy} data-action={action} onClick={() => act(action)}>
      {label}
    </button>
  );
  return (
    <span class="dumpster-actions">
      {dumpster.status === 'requested' && (
        <>
          {button('deliver', 'Deliver')} {button('cancel', 'Cancel')}
        </>
      )}
      {dumpster.status === 'delivered' && (
        <>
          {button('empty', 'Empty')} {button('remove', 'Remove')}
        </>
      )}
      {error ? <ErrorMessage error={error} /> : null}
    </span>
  );
}

export function DumpsterRow({ dumpster, onDone, showAccount }: { dumpster: Dumpster; onDone: () => void; showAccount?: boolean }) {
  return (
    <tr data-id={dumpster.id}>
      <td>
        {dumpster.number} · {dumpster.size_yards} yd
      </td>
      {showAccount && (
        <td>
          <a href={`#/accounts/${dumpster.account_id}`}>{dumpster.account_number}</a>{' '}
          <span class="muted small">{dumpster.customer_name}</span>
        </td>
      )}
      <td>{formatDate(dumpster.requested_on)}</td>
      <td>
        {dumpsterStatusName[dumpster.status]}
        {dumpster.delivered_on && <span class="muted small"> since {formatDate(dumpster.delivered_on)}</span>}
      </td>
      <td class="num">{dumpster.empty_count}</td>
      <td>
        <DumpsterActions dumpster={dumpster} onDone={onDone} />
      </td>
    </tr>
  );
}

export function NewExemptionForm({ accountId, today, onCreated }: { accountId?: string; today: string; onCreated: () => void }) {
  const [account, setAccount] = useState(accountId ?? '');
  const [hauler, setHauler] = useState('');
  const [permit, setPermit] = useState('');
  const [startsOn, setStartsOn] = useState(today);
  const [expiresOn, setExpiresOn] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await createExemption({ account_id: (await resolveAccountId(account)) ?? '', hauler, permit, starts_on: startsOn, expires_on: expiresOn });
      setHauler('');
      setPermit('');
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="panel-filters" id="new-exemption" onSubmit={submit}>
      {!accountId && (
        <>
          <label for="exemption-account">Account number</label>
          <input id="exemption-account" value={account} placeholder="1000000094" onInput={(e) => setAccount(value(e))} />
        </>
      )}
      <label for="exemption-hauler">Hauler</label>
      <input id="exemption-hauler" value={hauler} onInput={(e) => setHauler(value(e))} />
      <label for="exemption-permit">Permit or agreement</label>
      <input id="exemption-permit" value={permit} placeholder="missing" onInput={(e) => setPermit(value(e))} />
      <label for="exemption-starts">Starts</label>
      <input id="exemption-starts" type="date" value={startsOn} onInput={(e) => setStartsOn(value(e))} />
      <label for="exemption-expires">Expires</label>
      <input id="exemption-expires" type="date" value={expiresOn} onInput={(e) => setExpiresOn(value(e))} />
      <button type="submit" class="btn btn-small" disabled={busy}>
        Record exemption
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}

export function DumpsterRequestForm({ accountId, today, onCreated }: { accountId?: string; today: string; onCreated: () => void }) {
  const [account, setAccount] = useState(accountId ?? '');
  const [size, setSize] = useState('30');
  const [requestedOn, setRequestedOn] = useState(today);
  const [remarks, setRemarks] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestDumpster({ account_id: (await resolveAccountId(account)) ?? '', size_yards: Number(size), requested_on: requestedOn, remarks });
      setRemarks('');
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="panel-filters" id="new-dumpster" onSubmit={submit}>
      {!accountId && (
        <>
          <label for="dumpster-account">Account number</label>
          <input id="dumpster-account" value={account} placeholder="1000000094" onInput={(e) => setAccount(value(e))} />
        </>
      )}
      <label for="dumpster-size">Size</label>
      <select id="dumpster-size" value={size} onChange={(e) => setSize(value(e))}>
        <option value="20">20 yd</option>
        <option value="30">30 yd</option>
        <option value="40">40 yd</option>
      </select>
      <label for="dumpster-date">Wanted on</label>
      <input id="dumpster-date" type="date" value={requestedOn} onInput={(e) => setRequestedOn(value(e))} />
      <label for="dumpster-remarks">Remarks</label>
      <input id="dumpster-remarks" value={remarks} onInput={(e) => setRemarks(value(e))} />
      <button type="submit" class="btn btn-small" disabled={busy}>
        Request dumpster
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
