// Parts of the start-service preview (POST /service-starts/preview) shared by the start page and
// the transfer dialog: the services offered at the premise (checkboxes, the rate class and the
// rule that chose it, units where the CSR counts them) and the notices the CSR reads out (unpaid
// final balances, cash only, returned payments, warnings).
import { useEffect, useState } from 'preact/hooks';
import { isAbort, previewServiceStart } from '../api';
import { formatDate } from '../format';
import { unitsEditable, unitsText } from '../lifecycle';
import { href } from '../router';
import type { ChosenService, ServiceStartPreview, ServiceStartRequest } from '../types';
import { CheckboxField, ErrorText, fieldId, type FieldErrors } from './Fields';

/** The last preview answer (or error) and the request it answered (`key`). */
export interface PreviewState {
  key: string;
  data: ServiceStartPreview | null;
  error: unknown;
}

const PREVIEW_DEBOUNCE_MS = 300;

/**
 * Previews a start whenever `body` changes: debounced, the previous request aborted. `onData`
 * gets each answer (to fold the offered services into the form). `key` is the current body's,
 * to tell whether `preview` answers it.
 */
export function useStartPreview(
  body: ServiceStartRequest | null,
  onData: (data: ServiceStartPreview) => void,
): { preview: PreviewState; busy: boolean; key: string } {
  const [preview, setPreview] = useState<PreviewState>({ key: '', data: null, error: null });
  const [busy, setBusy] = useState(false);
  const key = body ? JSON.stringify(body) : '';
  useEffect(() => {
    if (!body) {
      setPreview({ key: '', data: null, error: null });
      setBusy(false);
      return;
    }
    const controller = new AbortController();
    setBusy(true);
    const timer = window.setTimeout(() => {
      previewServiceStart(body, controller.signal).then(
        (data) => {
          setPreview({ key, data, error: null });
          onData(data);
          setBusy(false);
        },
        (error) => {
          if (isAbort(error)) return;
          setPreview((p) => ({ key, data: p.data, error }));
          setBusy(false);
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key]);
  return { preview, busy, key };
}

export interface ServiceChoice {
  /** Every service offered at the premise (from a preview asking for all of them). */
  offered: ChosenService[];
  /** The services asked for; null means all offered. */
  selected: string[] | null;
  /** Units the CSR typed, by service. */
  units: Record<string, string>;
}

export const noServiceChoice: ServiceChoice = { offered: [], selected: null, units: {} };

/** The request's services and units for a choice (undefined: the rules' defaults). */
export function servicesRequest(choice: ServiceChoice): { services?: string[]; units?: Record<string, number> } {
  const out: { services?: string[]; units?: Record<string, number> } = {};
  if (choice.selected) out.services = choice.selected;
  const units: Record<string, number> = {};
  for (const [service, text] of Object.entries(choice.units)) {
    if (choice.selected && !choice.selected.includes(service)) continue;
    const n = Number.parseInt(text, 10);
    if (/^\s*\d+\s*$/.test(text) && n >= 0) units[service] = n;
  }
  if (Object.keys(units).length) out.units = units;
  return out;
}

/** Keeps the offered list current: a preview of every service replaces it. */
export function withPreview(choice: ServiceChoice, preview: ServiceStartPreview): ServiceChoice {
  if (choice.selected === null || choice.offered.length === 0) return { ...choice, offered: preview.services };
  return choice;
}

export function ServicesChooser(props: {
  choice: ServiceChoice;
  preview: ServiceStartPreview | null;
  errors: FieldErrors;
  onChange: (choice: ServiceChoice, clear: string[]) => void;
  /** Shown before any preview. */
  empty: string;
}) {
  const { choice, preview, errors } = props;
  const rows = choice.offered.map((offer) => preview?.services.find((s) => s.service === offer.service) ?? offer);
  const isOn = (service: string) => choice.selected === null || choice.selected.includes(service);
  const invalid = Boolean(errors['services']);

  function toggle(service: string, on: boolean) {
    const current = choice.selected ?? choice.offered.map((s) => s.service);
    const next = on ? [...current, service] : current.filter((s) => s !== service);
    // Keep the offer's order; all ticked again means "all" (the rules' default).
    const ordered = choice.offered.map((s) => s.service).filter((s) => next.includes(s));
    props.onChange(
      { ...choice, selected: ordered.length === choice.offered.length ? null : ordered },
      ['services', `units.${service}`],
    );
  }

  return (
    <div
      class={'group services-group' + (invalid ? ' has-error' : '')}
      id={fieldId('services')}
      tabIndex={-1}
      role="group"
      aria-labelledby="services-label"
      data-error={invalid ? 'true' : undefined}
    >
      <div class="group-label" id="services-label">
        Services
      </div>
      {rows.length === 0 ? (
        <p class="muted services-empty">{props.empty}</p>
      ) : (
        <table class="table services-choice">
          <caption class="visually-hidden">Services offered at the premise</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Rate class</th>
              <th scope="col" class="num">
                Units
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((service) => {
              const on = isOn(service.service);
              const unitsPath = `units.${service.service}`;
              return (
                <tr key={service.service} class={on ? undefined : 'row-off'} data-service={service.service}>
                  <td>
                    <CheckboxField
                      class="service-check"
                      path={`services.${service.service}`}
                      label={service.service_name || service.service}
                      checked={on}
                      errors={errors}
                      onChange={(v) => toggle(service.service, v)}
                    />
                  </td>
                  <td>
                    <div>
                      {service.class_name || service.rate_class}{' '}
                      <code class="muted small">{service.rate_class}</code>
                    </div>
                    <div class="rule-line muted small">
                      chosen by rule {service.rule_number}: {service.rule}
                    </div>
                  </td>
                  <td class="num units-cell">
                    {on && unitsEditable(service) ? (
                      <div class={'field units-field' + (errors[unitsPath] ? ' has-error' : '')}>
                        <label class="visually-hidden" for={fieldId(unitsPath)}>
                          {service.service_name} units ({service.unit_name})
                        </label>
                        <span class="units-input-row">
                          <input
                            id={fieldId(unitsPath)}
                            name={unitsPath}
                            class="units-input num"
                            type="number"
                            min={1}
                            step={1}
                            inputMode="numeric"
                            value={choice.units[service.service] ?? String(service.units)}
                            aria-invalid={errors[unitsPath] ? true : undefined}
                            aria-describedby={errors[unitsPath] ? fieldId(unitsPath) + '-error' : undefined}
                            data-error={errors[unitsPath] ? 'true' : undefined}
                            onInput={(event) =>
                              props.onChange(
                                { ...choice, units: { ...choice.units, [service.service]: (event.currentTarget as HTMLInputElement).value } },
                                [unitsPath, 'units'],
                              )
                            }
                          />
                          <span class="unit-name muted">{service.unit_name}</span>
                        </span>
                        <ErrorText path={unitsPath} errors={errors} />
                      </div>
                    ) : on ? (
                      <span class="muted">{unitsText(service)}</span>
                    ) : (
                      <span class="muted">Not started</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ErrorText path="services" errors={errors} />
      <ErrorText path="units" errors={errors} />
    </div>
  );
}

/**
 * Unpaid final balances (with the "transfer them" box when the policy allows it), cash only,
 * returned payments and the server's warnings.
 */
export function PreviewNotices(props: {
  preview: ServiceStartPreview;
  errors: FieldErrors;
  transferUnpaid?: boolean;
  onTransferUnpaid?: (on: boolean) => void;
}) {
  const { preview, errors } = props;
  const finals = preview.unpaid_finals;
  const policy = preview.unpaid_final_policy;
  const cashOnly = preview.cash_only_until;
  const returned = preview.returned_payments;
  const boxHere = policy === 'transfer' && props.onTransferUnpaid;
  return (
    <>
      {finals.length > 0 && (
        <div
          class={'alert ' + (policy === 'allow' ? 'alert-warning' : 'alert-error') + ' unpaid-finals'}
          id={boxHere ? undefined : fieldId('transfer_unpaid_balances')}
          tabIndex={boxHere ? undefined : -1}
          data-error={!boxHere && errors['transfer_unpaid_balances'] ? 'true' : undefined}
        >
          <strong>
            {finals.length === 1 ? 'An unpaid final balance' : `${finals.length} unpaid final balances`}
          </strong>
          <table class="table compact-table unpaid-table">
            <caption class="visually-hidden">Unpaid final balances of the customer</caption>
            <tbody>
              {finals.map((f) => (
                <tr key={f.account_id}>
                  <td>
                    <a href={href(`/accounts/${f.account_id}`)} class="mono">
                      {f.account_number}
                    </a>
                  </td>
                  <td>{f.service_address}</td>
                  <td class="num amount">{f.balance.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {policy === 'refuse' && <p class="small">The city's policy: service starts only once these are paid.</p>}
          {policy === 'allow' && <p class="small">Service can start; tell the customer what is still owed.</p>}
          {policy === 'transfer' && !props.onTransferUnpaid && (
            <p class="small">Service starts only if they are paid or moved to the new account.</p>
          )}
          {boxHere && (
            <CheckboxField
              path="transfer_unpaid_balances"
              label="Transfer them to the new account"
              hint="Otherwise they must be paid before service starts."
              checked={Boolean(props.transferUnpaid)}
              errors={errors}
              onChange={props.onTransferUnpaid!}
            />
          )}
          {!boxHere && <ErrorText path="transfer_unpaid_balances" errors={errors} />}
        </div>
      )}
      {(cashOnly || returned > 0) && (
        <div class="alert alert-warning payment-warnings">
          {cashOnly && (
            <div>
              <span class="badge badge-cash-only">Cash only</span> until {formatDate(cashOnly)}: take no checks or
              ACH from this customer.
            </div>
          )}
          {returned > 0 && (
            <div>
              {returned === 1 ? '1 returned payment' : `${returned} returned payments`} on the customer's accounts.
            </div>
          )}
        </div>
      )}
      {preview.warnings.length > 0 && (
        <div class="alert alert-warning preview-warnings" role="status">
          <ul>
            {preview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
