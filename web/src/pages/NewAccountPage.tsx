// New account: customer, premise and account in one request. Light required-field checks here;
// the server is the authority, and its field error lands beside the input it names.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, createAccount, referenceData } from '../api';
import { CheckboxField, ErrorLinks, ErrorText, fieldId, normalizePath, SelectField, TextField, type FieldErrors } from '../components/Fields';
import { ErrorMessage, Loading } from '../components/Panel';
import { todayCivil } from '../format';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { Address, NewAccountRequest, ReferenceData } from '../types';
import {
  AddressFields,
  checkAddress,
  checkCustomer,
  cityAddress,
  CustomerFields,
  customerRequest,
  initialCustomer,
  trimAddress,
  type CustomerForm,
} from '../components/CustomerFields';

interface Form {
  customer: CustomerForm;
  premise_same_as_mailing: boolean;
  premise_address: Address;
  inside_city_limits: boolean;
  premise_type: string;
  unit_count: string;
  parcel_number: string;
  route: string;
  cycle: string;
  opened_on: string;
}

function initialForm(reference: ReferenceData | null): Form {
  return {
    customer: initialCustomer(reference),
    premise_same_as_mailing: true,
    premise_address: cityAddress(reference),
    inside_city_limits: true,
    premise_type: reference?.premise_types.some((t) => t.code === 'single_family')
      ? 'single_family'
      : reference?.premise_types[0]?.code ?? '',
    unit_count: '2',
    parcel_number: '',
    route: '',
    cycle: '',
    opened_on: todayCivil(),
  };
}

function buildRequest(form: Form): NewAccountRequest {
  const customer = customerRequest(form.customer);
  const multi = form.premise_type === 'multi_family';
  return {
    customer,
    premise: {
      address: form.premise_same_as_mailing ? customer.mailing_address : trimAddress(form.premise_address),
      inside_city_limits: form.inside_city_limits,
      premise_type: form.premise_type,
      unit_count: multi ? Number.parseInt(form.unit_count, 10) || 0 : 1,
      parcel_number: form.parcel_number.trim(),
      route: form.route,
      cycle: form.cycle,
    },
    account: { mailing_address: null, ...(form.opened_on ? { opened_on: form.opened_on } : {}) },
  };
}

/** Required-field checks only; formats and rules are the server's to judge. */
function checkRequired(form: Form): FieldErrors {
  const errors: FieldErrors = {};
  const need = (path: string, value: string, message: string) => {
    if (!value.trim()) errors[path] = message;
  };
  checkCustomer(form.customer, errors);
  if (!form.premise_same_as_mailing) checkAddress(errors, 'premise.address', form.premise_address);
  need('premise.premise_type', form.premise_type, 'Premise type is required.');
  if (form.premise_type === 'multi_family' && !(Number.parseInt(form.unit_count, 10) >= 2)) {
    errors['premise.unit_count'] = 'A multi-family premise has at least 2 units.';
  }
  need('premise.cycle', form.cycle, 'Cycle is required.');
  need('premise.route', form.route, 'Route is required.');
  return errors;
}

export function NewAccountPage() {
  const { can } = useSession();
  const [reference, setReference] = useState<ReferenceData | null>(null);
  const [referenceError, setReferenceError] = useState<unknown>(null);
  const [form, setForm] = useState<Form>(() => initialForm(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    document.title = 'New account · Cistern';
    referenceData().then(
      (data) => {
        setReference(data);
        setForm(initialForm(data));
      },
      setReferenceError,
    );
  }, []);

  // After errors render, focus the first bad control in page order.
  useLayoutEffect(() => {
    if (!focusTick) return;
    const first = formRef.current?.querySelector<HTMLElement>('[data-error="true"]');
    if (first) {
      first.focus();
      first.scrollIntoView({ block: 'center' });
    } else {
      document.getElementById('form-error')?.focus();
    }
  }, [focusTick]);

  if (!can('accounts.write')) {
    return (
      <div class="page">
        <div class="page-head">
          <h1>New account</h1>
        </div>
        <div class="alert alert-error" role="alert">
          Your role cannot create accounts.
        </div>
      </div>
    );
  }

  function update<K extends keyof Form>(key: K, value: Form[K], clear: string[] = []) {
    setForm((f) => ({ ...f, [key]: value }));
    clearErrors([String(key), ...clear]);
  }

  function clearErrors(paths: string[]) {
    setErrors((current) => {
      let changed = false;
      const next = { ...current };
      for (const path of paths) {
        if (next[path]) {
          delete next[path];
          changed = true;
        }
      }
      return changed ? next : current;
    });
  }

  function updateAddress(which: 'mailing' | 'premise_address', field: keyof Address, value: string) {
    setForm((f) =>
      which === 'mailing'
        ? { ...f, customer: { ...f.customer, mailing: { ...f.customer.mailing, [field]: value } } }
        : { ...f, premise_address: { ...f.premise_address, [field]: value } },
    );
    const prefix = which === 'mailing' ? 'customer.mailing_address' : 'premise.address';
    clearErrors([`${prefix}.${field}`, prefix, ...(which === 'mailing' ? [`premise.address.${field}`, 'premise.address'] : [])]);
  }

  /**
   * Where to show a server error: the named control; else the first control inside it
   * (customer.phones[0] names the row, whose first control is its number); else the nearest
   * named ancestor (customer.phones).
   */
  function placeError(path: string): string | null {
    let candidate = normalizePath(path);
    const child = formRef.current?.querySelector<HTMLElement>(`[id^="${fieldId(candidate)}-"][name]`);
    if (!document.getElementById(fieldId(candidate)) && child?.getAttribute('name')) {
      return child.getAttribute('name');
    }
    while (candidate) {
      if (document.getElementById(fieldId(candidate))) return candidate;
      const cut = candidate.lastIndexOf('.');
      candidate = cut > 0 ? candidate.slice(0, cut) : '';
    }
    return null;
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const local = checkRequired(form);
    if (Object.keys(local).length) {
      setErrors(local);
      setFormError(`${Object.keys(local).length === 1 ? 'One field needs' : Object.keys(local).length + ' fields need'} attention.`);
      setFocusTick((t) => t + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const account = await createAccount(buildRequest(form));
      navigate(`/accounts/${account.id}`);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.field) {
        const placed = placeError(e.field);
        if (placed) {
          setErrors({ [placed]: e.message });
          setFormError('The account was not created. Fix the highlighted field and try again.');
        } else {
          setFormError(`${e.message} (${e.field})`);
        }
      } else {
        setFormError(e instanceof Error ? e.message : 'The account was not created.');
      }
      setFocusTick((t) => t + 1);
    }
  }

  if (referenceError) {
    return (
      <div class="page">
        <div class="page-head">
          <h1>New account</h1>
        </div>
        <ErrorMessage error={referenceError} />
      </div>
    );
  }
  if (!reference) {
    return (
      <div class="page">
        <Loading label="Loading reference data…" />
      </div>
    );
  }

  const routes = reference.routes.filter((r) => !form.cycle || r.cycle === form.cycle);
  const premiseAddress = form.premise_same_as_mailing ? form.customer.mailing : form.premise_address;

  return (
    <div class="page">
      <div class="page-head">
        <h1>New account</h1>
        <span class="muted">Fields marked * are required.</span>
      </div>
      <form ref={formRef} class="new-account" onSubmit={submit} noValidate aria-labelledby="new-account-title">
        <h2 id="new-account-title" class="visually-hidden">
          New account form
        </h2>
        {formError && (
          <div class="alert alert-error" role="alert" id="form-error" tabIndex={-1}>
            {formError}
            <ErrorLinks errors={errors} />
          </div>
        )}
        <div class="form-grid">
          <fieldset class="panel form-section">
            <legend>Customer</legend>
            <CustomerFields
              value={form.customer}
              errors={errors}
              states={reference.states}
              onChange={(key, value, clear) => {
                setForm((f) => ({ ...f, customer: { ...f.customer, [key]: value } }));
                clearErrors([`customer.${String(key)}`, ...clear]);
              }}
              onAddress={(field, value) => updateAddress('mailing', field, value)}
            />
          </fieldset>

          <div class="form-column">
            <fieldset class="panel form-section">
              <legend>Premise (service address)</legend>
              <CheckboxField
                path="premise.same_as_mailing"
                label="Same as mailing address"
                checked={form.premise_same_as_mailing}
                errors={errors}
                onChange={(v) =>
                  setForm((f) => ({
                    ...f,
                    premise_same_as_mailing: v,
                    // Unticking starts from the mailing address, which is usually close.
                    premise_address: v ? f.premise_address : { ...f.customer.mailing },
                  }))
                }
              />
              <div id={fieldId('premise.address')} tabIndex={-1} data-error={errors['premise.address'] ? 'true' : undefined}>
                <AddressFields
                  prefix="premise.address"
                  address={premiseAddress}
                  errors={errors}
                  states={reference.states}
                  readOnly={form.premise_same_as_mailing}
                  onChange={(field, value) => updateAddress('premise_address', field, value)}
                />
                <ErrorText path="premise.address" errors={errors} />
              </div>
              <CheckboxField
                path="premise.inside_city_limits"
                label="Inside city limits"
                checked={form.inside_city_limits}
                errors={errors}
                onChange={(v) => update('inside_city_limits', v, ['premise.inside_city_limits'])}
              />
              <div class="pair">
                <SelectField
                  path="premise.premise_type"
                  label="Premise type"
                  required
                  value={form.premise_type}
                  errors={errors}
                  options={reference.premise_types.map((t) => ({ value: t.code, label: t.name }))}
                  placeholder=""
                  onChange={(v) => update('premise_type', v, ['premise.premise_type', 'premise.unit_count'])}
                />
                {form.premise_type === 'multi_family' && (
                  <TextField
                    path="premise.unit_count"
                    label="Units"
                    type="number"
                    required
                    value={form.unit_count}
                    errors={errors}
                    input={{ min: 2, step: 1, inputMode: 'numeric' }}
                    onChange={(v) => update('unit_count', v, ['premise.unit_count'])}
                  />
                )}
              </div>
              <TextField
                path="premise.parcel_number"
                label="Parcel number"
                value={form.parcel_number}
                errors={errors}
                onChange={(v) => update('parcel_number', v, ['premise.parcel_number'])}
              />
              <div class="pair">
                <SelectField
                  path="premise.cycle"
                  label="Cycle"
                  required
                  value={form.cycle}
                  errors={errors}
                  options={reference.cycles.map((c) => ({ value: c.code, label: c.name }))}
                  placeholder=""
                  onChange={(v) =>
                    setForm((f) => {
                      clearErrors(['premise.cycle']);
                      const keepRoute = reference.routes.some((r) => r.code === f.route && r.cycle === v);
                      return { ...f, cycle: v, route: keepRoute ? f.route : '' };
                    })
                  }
                />
                <SelectField
                  path="premise.route"
                  label="Route"
                  required
                  value={form.route}
                  errors={errors}
                  options={routes.map((r) => ({ value: r.code, label: `${r.name} (cycle ${r.cycle})` }))}
                  placeholder=""
                  onChange={(v) => {
                    const route = reference.routes.find((r) => r.code === v);
                    setForm((f) => ({ ...f, route: v, cycle: route ? route.cycle : f.cycle }));
                    clearErrors(['premise.route', 'premise.cycle']);
                  }}
                />
              </div>
            </fieldset>

            <fieldset class="panel form-section">
              <legend>Account</legend>
              <TextField
                path="account.opened_on"
                label="Opened on"
                type="date"
                value={form.opened_on}
                errors={errors}
                hint="The account starts as pending. Bills go to the customer's mailing address."
                onChange={(v) => update('opened_on', v, ['account.opened_on'])}
              />
            </fieldset>

            <div class="form-actions">
              <button type="submit" class="btn btn-primary" disabled={busy}>
                {busy ? 'Creating…' : 'Create account'}
              </button>
              <a class="btn btn-quiet" href={href('/')}>
                Cancel
              </a>
            </div>
          </div>
        </div>
      </form>
    </div>
  );
}
