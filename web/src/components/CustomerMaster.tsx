// The customer's master changes (name, mailing address, phones, emails: each with an effective
// date and a history list) and eligibilities (add, renew, end) on the account page. Changing who
// is responsible for the account is not here on purpose: that is a stop and a start.
import { useEffect, useState } from 'preact/hooks';
import {
  addEligibility, changeCustomer, customerChanges, customerEligibilities, eligibilityPrograms,
  endEligibility, renewEligibility, isAbort, type CustomerChange, type Eligibility,
} from '../api';
import { Dialog } from './Dialog';
import { SelectField, TextField } from './Fields';
import { ErrorMessage, Loading, Panel } from './Panel';
import { formatDate, formatInstant, humanize } from '../format';
import { useFormSubmit } from '../forms';
import type { Account } from '../types';

type ChangeKind = CustomerChange['kind'];
const KIND_LABELS: Record<ChangeKind, string> = {
  name: 'Change name',
  mailing_address: 'Change mailing address',
  phones: 'Change phones',
  emails: 'Change emails',
};

function summarize(values: Record<string, string>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== '')
    .map(([, v]) => v)
    .join(', ');
}

export function CustomerChangesPanel(props: { account: Account; canWrite: boolean; onChanged: () => void }) {
  const customer = props.account.customer;
  const [changes, setChanges] = useState<CustomerChange[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<ChangeKind | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    customerChanges(customer.id, controller.signal)
      .then((r) => setChanges(r.data))
      .catch((e) => !isAbort(e) && setError(e));
    return () => controller.abort();
  }, [customer.id, reload]);

  return (
    <Panel
      title="Customer changes"
      id="customer-changes"
      actions={
        props.canWrite && props.account.status !== 'closed' ? (
          <div class="panel-actions">
            {(Object.keys(KIND_LABELS) as ChangeKind[]).map((kind) => (
              <button type="button" class="btn btn-small" key={kind} onClick={() => setOpen(kind)}>
                {KIND_LABELS[kind]}
              </button>
            ))}
          </div>
        ) : undefined
      }
    >
      <ErrorMessage error={error} />
      {!changes && !error && <Loading />}
      {changes && changes.length === 0 && <p class="muted">No changes recorded.</p>}
      {changes && changes.length > 0 && (
        <ul class="plain change-history">
          {changes.map((change) => (
            <li key={change.id} class="change-item" data-kind={change.kind}>
              <strong>{humanize(change.kind)}</strong> effective {formatDate(change.effective_on)}:{' '}
              <span class="muted">{summarize(change.before) || '—'}</span> →{' '}
              <span>{summarize(change.after) || '—'}</span>
              <div class="muted small">
                {change.recorded_by.display_name} · {formatInstant(change.recorded_at)}
                {change.reason && ` · ${change.reason}`}
              </div>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <ChangeDialog
          kind={open}
          account={props.account}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            setReload((n) => n + 1);
            props.onChanged();
          }}
        />
      )}
    </Panel>
  );
}

function ChangeDialog(props: { kind: ChangeKind; account: Account; onClose: () => void; onDone: () => void }) {
  const customer = props.account.customer;
  const [firstName, setFirstName] = useState(customer.first_name ?? '');
  const [lastName, setLastName] = useState(customer.last_name ?? '');
  const [businessName, setBusinessName] = useState(customer.business_name ?? '');
  const mail = customer.mailing_address ?? { line1: '', line2: '', city: '', state: '', postal_code: '' };
  const [line1, setLine1] = useState(mail.line1);
  const [line2, setLine2] = useState(mail.line2);
  const [city, setCity] = useState(mail.city);
  const [state, setState] = useState(mail.state);
  const [postal, setPostal] = useState(mail.postal_code);
  const [phones, setPhones] = useState(
    (customer.phones ?? []).map((p) => `${p.number}${p.label ? ' ' + p.label : ''}`).join('\n'),
  );
  const [emails, setEmails] = useState((customer.emails ?? []).join('\n'));
  const [effectiveOn, setEffectiveOn] = useState('');
  const [reason, setReason] = useState('');
  const fields = [
    'first_name', 'last_name', 'business_name', 'mailing_address.line1', 'mailing_address.line2',
    'mailing_address.city', 'mailing_address.state', 'mailing_address.postal_code', 'phones', 'emails',
    'effective_on', 'reason',
  ];
  const { errors, banner, busy, form, send } = useFormSubmit(fields);

  function body(): Record<string, unknown> {
    const common: Record<string, unknown> = { kind: props.kind, reason: reason.trim() };
    if (effectiveOn) common.effective_on = effectiveOn;
    switch (props.kind) {
      case 'name':
        return { ...common, first_name: firstName, last_name: lastName, business_name: businessName };
      case 'mailing_address':
        return { ...common, mailing_address: { line1, line2, city, state, postal_code: postal } };
      case 'phones':
        return {
          ...common,
          phones: phones
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => {
              const match = /^([\d\s().+-]+?)\s*([A-Za-z].*)?$/.exec(l);
              return { number: match ? match[1].trim() : l, label: match?.[2]?.trim() ?? '' };
            }),
        };
      case 'emails':
        return { ...common, emails: emails.split('\n').map((l) => l.trim()).filter(Boolean) };
    }
  }

  async function submit(event?: Event) {
    event?.preventDefault();
    const ok = await send(async () => {
      await changeCustomer(customer.id, body());
    });
    if (ok) props.onDone();
  }

  const phoneErrors = Object.entries(errors)
    .filter(([k]) => k.startsWith('phones'))
    .map(([, v]) => v);
  const emailErrors = Object.entries(errors)
    .filter(([k]) => k.startsWith('emails'))
    .map(([, v]) => v);

  return (
    <Dialog id="customer-change" title={KIND_LABELS[props.kind]} subtitle={customer.display_name} onClose={props.onClose} busy={busy}>
      <form ref={form} class="dialog-form" onSubmit={submit} noValidate>
        {banner && (
          <div class="alert alert-error" role="alert">
            {banner}
          </div>
        )}
        {props.kind === 'name' && (
          <>
            {customer.kind === 'business' ? (
              <TextField path="business_name" label="Business name" value={businessName} onChange={setBusinessName} errors={errors} required />
            ) : null}
            <TextField path="first_name" label="First name" value={firstName} onChange={setFirstName} errors={errors} required={customer.kind !== 'business'} />
            <TextField path="last_name" label="Last name" value={lastName} onChange={setLastName} errors={errors} required={customer.kind !== 'business'} />
          </>
        )}
        {props.kind === 'mailing_address' && (
          <>
            <TextField path="mailing_address.line1" label="Line 1" value={line1} onChange={setLine1} errors={errors} required />
            <TextField path="mailing_address.line2" label="Line 2" value={line2} onChange={setLine2} errors={errors} />
            <TextField path="mailing_address.city" label="City" value={city} onChange={setCity} errors={errors} required />
            <TextField path="mailing_address.state" label="State" value={state} onChange={setState} errors={errors} required />
            <TextField path="mailing_address.postal_code" label="ZIP code" value={postal} onChange={setPostal} errors={errors} required />
            <p class="hint">The customer's open accounts that mail to the current address move too.</p>
          </>
        )}
        {props.kind === 'phones' && (
          <div class={'field' + (phoneErrors.length ? ' has-error' : '')}>
            <label for="field-phones">Phones (one a line: number then label)</label>
            <textarea id="field-phones" rows={4} value={phones} onInput={(e) => setPhones((e.target as HTMLTextAreaElement).value)} />
            {phoneErrors.map((m) => (
              <div class="field-error" key={m}>{m}</div>
            ))}
          </div>
        )}
        {props.kind === 'emails' && (
          <div class={'field' + (emailErrors.length ? ' has-error' : '')}>
            <label for="field-emails">Emails (one a line)</label>
            <textarea id="field-emails" rows={4} value={emails} onInput={(e) => setEmails((e.target as HTMLTextAreaElement).value)} />
            {emailErrors.map((m) => (
              <div class="field-error" key={m}>{m}</div>
            ))}
          </div>
        )}
        <TextField path="effective_on" label="Effective date (blank: today)" type="date" value={effectiveOn} onChange={setEffectiveOn} errors={errors} />
        <TextField path="reason" label="Reason" value={reason} onChange={setReason} errors={errors} input={{ maxLength: 200 }} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save change'}
          </button>
          <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

type EligibilityDialog = { kind: 'add' } | { kind: 'renew'; eligibility: Eligibility } | { kind: 'end'; eligibility: Eligibility };

export function EligibilityPanel(props: { account: Account; canWrite: boolean }) {
  const customerId = props.account.customer.id;
  const [list, setList] = useState<Eligibility[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<EligibilityDialog | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    customerEligibilities(customerId, controller.signal)
      .then((r) => setList(r.data))
      .catch((e) => !isAbort(e) && setError(e));
    return () => controller.abort();
  }, [customerId, reload]);

  return (
    <Panel
      title="Eligibility"
      id="eligibility"
      actions={
        props.canWrite ? (
          <button type="button" class="btn btn-small" onClick={() => setDialog({ kind: 'add' })}>
            Add eligibility
          </button>
        ) : undefined
      }
    >
      <ErrorMessage error={error} />
      {!list && !error && <Loading />}
      {list && list.length === 0 && <p class="muted">No rate program eligibility.</p>}
      {list && list.length > 0 && (
        <table class="table eligibility-table">
          <thead>
            <tr>
              <th>Program</th>
              <th>Status</th>
              <th>Verified</th>
              <th>Renews</th>
              <th>Proof</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.id} data-status={e.status}>
                <td>{humanize(e.program)}</td>
                <td>
                  <span class={`badge badge-${e.status}`}>{humanize(e.status)}</span>
                  {e.ended_on && <div class="muted small">Ended {formatDate(e.ended_on)}: {e.end_reason}</div>}
                </td>
                <td>
                  {formatDate(e.verified_on)}
                  <div class="muted small">{e.verified_by.display_name}</div>
                </td>
                <td>{formatDate(e.renews_on)}</td>
                <td>{e.document || (e.birth_date ? `Born ${formatDate(e.birth_date)}` : '')}</td>
                <td>
                  {props.canWrite && !e.ended_on && !e.renewed_by && (
                    <>
                      <button type="button" class="btn btn-small" onClick={() => setDialog({ kind: 'renew', eligibility: e })}>
                        Renew
                      </button>{' '}
                      {e.status === 'current' && (
                        <button type="button" class="btn btn-small" onClick={() => setDialog({ kind: 'end', eligibility: e })}>
                          End
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog && (
        <EligibilityFormDialog
          state={dialog}
          customerId={customerId}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setReload((n) => n + 1);
          }}
        />
      )}
    </Panel>
  );
}

function EligibilityFormDialog(props: { state: EligibilityDialog; customerId: string; onClose: () => void; onDone: () => void }) {
  const { state } = props;
  const [programs, setPrograms] = useState<string[]>([]);
  const [program, setProgram] = useState(state.kind === 'add' ? '' : state.eligibility.program);
  const [birthDate, setBirthDate] = useState('');
  const [documentRef, setDocumentRef] = useState('');
  const [verifiedOn, setVerifiedOn] = useState('');
  const [renewsOn, setRenewsOn] = useState('');
  const [endedOn, setEndedOn] = useState('');
  const [reason, setReason] = useState('');
  const { errors, banner, busy, form, send } = useFormSubmit([
    'program', 'birth_date', 'document', 'verified_on', 'renews_on', 'ended_on', 'reason',
  ]);

  useEffect(() => {
    if (state.kind !== 'add') return;
    eligibilityPrograms().then((r) => {
      setPrograms(r.data);
      if (r.data.length > 0) setProgram((p) => p || r.data[0]);
    });
  }, []);

  async function submit(event?: Event) {
    event?.preventDefault();
    const ok = await send(async () => {
      if (state.kind === 'end') {
        await endEligibility(state.eligibility.id, { reason: reason.trim(), ...(endedOn ? { ended_on: endedOn } : {}) });
        return;
      }
      const body: Record<string, unknown> = { renews_on: renewsOn, document: documentRef.trim() };
      if (birthDate) body.birth_date = birthDate;
      if (verifiedOn) body.verified_on = verifiedOn;
      if (state.kind === 'add') await addEligibility(props.customerId, { program, ...body });
      else await renewEligibility(state.eligibility.id, body);
    });
    if (ok) props.onDone();
  }

  const title = state.kind === 'add' ? 'Add eligibility' : state.kind === 'renew' ? 'Renew eligibility' : 'End eligibility';
  return (
    <Dialog id="eligibility-dialog" title={title} onClose={props.onClose} busy={busy}>
      <form ref={form} class="dialog-form" onSubmit={submit} noValidate>
        {banner && (
          <div class="alert alert-error" role="alert">
            {banner}
          </div>
        )}
        {state.kind === 'end' ? (
          <>
            <TextField path="ended_on" label="Last day it applies (blank: today)" type="date" value={endedOn} onChange={setEndedOn} errors={errors} />
            <TextField path="reason" label="Reason" value={reason} onChange={setReason} errors={errors} required input={{ maxLength: 200 }} />
          </>
        ) : (
          <>
            {state.kind === 'add' ? (
              <SelectField
                path="program"
                label="Program"
                value={program}
                onChange={setProgram}
                errors={errors}
                required
                options={programs.map((p) => ({ value: p, label: humanize(p) }))}
              />
            ) : (
              <p>
                Program: <strong>{humanize(program)}</strong>
              </p>
            )}
            <TextField path="birth_date" label="Birth date (senior; blank: the one on file)" type="date" value={birthDate} onChange={setBirthDate} errors={errors} />
            <TextField path="document" label="Qualifying document" value={documentRef} onChange={setDocumentRef} errors={errors} input={{ maxLength: 120 }} />
            <TextField path="verified_on" label="Verified on (blank: today)" type="date" value={verifiedOn} onChange={setVerifiedOn} errors={errors} />
            <TextField path="renews_on" label="Renewal date" type="date" value={renewsOn} onChange={setRenewsOn} errors={errors} required />
          </>
        )}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : title}
          </button>
          <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The expiring-eligibilities report on the Reports page. */
export function ExpiringEligibilitiesView(props: { data: unknown }) {
  const report = props.data as {
    as_of: string;
    through: string;
    data: (Eligibility & { days_left: number; customer_name: string; account: { id: string; number: string; status: string } })[];
  };
  if (!report || !Array.isArray(report.data)) return null;
  return (
    <section class="expiring-eligibilities">
      <p class="muted">
        Renewal dates from {formatDate(report.as_of)} through {formatDate(report.through)}: {report.data.length}{' '}
        {report.data.length === 1 ? 'account' : 'accounts'}.
      </p>
      {report.data.length === 0 ? (
        <p class="muted">No eligibility expires in this window.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>Renews</th>
              <th>Days left</th>
              <th>Program</th>
              <th>Customer</th>
              <th>Account</th>
              <th>Verified</th>
            </tr>
          </thead>
          <tbody>
            {report.data.map((row) => (
              <tr key={row.id + row.account.id}>
                <td>{formatDate(row.current_through)}</td>
                <td class="num">{row.days_left}</td>
                <td>{humanize(row.program)}</td>
                <td>{row.customer_name}</td>
                <td>
                  <a class="mono" href={`#/accounts/${row.account.id}`}>
                    {row.account.number}
                  </a>
                </td>
                <td>
                  {formatDate(row.verified_on)} · {row.verified_by.display_name}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
