// New account: customer, premise and account in one request. Light required-field checks here;
// the server is the authority, and its field error lands beside the input it names.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, createAccount, referenceData } from '../api';
import { CheckboxField, ErrorText, fieldId, normalizePath, SelectField, TextField, type FieldErrors } from '../components/Fields';
import { ErrorMessage, Loading } from '../components/Panel';
import { todayCivil } from '../format';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { Address, NewAccountRequest, Phone, ReferenceData } from '../types';

const PHONE_LABELS = ['mobile', 'home', 'work', 'other'];

interface Form {
  kind: 'person' | 'business';
  first_name: string;
  last_name: string;
  business_name: string;
  phones: Phone[];
  emails: string[];
  mailing: Address;
  date_of_birth: string;
  id_last4: string;
  confidential: boolean;
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

const emptyAddress = (city = '', state = ''): Address => ({ line1: '', line2: '', city, state, postal_code: '' });

// New addresses start in the city's own city and state (config/city.toml), the usual case.
function initialForm(reference: ReferenceData | null): Form {
  const state = reference?.city.state ?? reference?.states[0] ?? '';
  const city = reference?.city.city ?? '';
  return {
    kind: 'person',
    first_name: '',
    last_name: '',
    business_name: '',
    phones: [{ number: '', label: 'mobile' }],
    emails: [''],
    mailing: emptyAddress(city, state),
    date_of_birth: '',
    id_last4: '',
    confidential: false,
    premise_same_as_mailing: true,
    premise_address: emptyAddress(city, state),
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
  const mailing = trimAddress(form.mailing);
  const person = form.kind === 'person';
  const customer: NewAccountRequest['customer'] = {
    kind: form.kind,
    first_name: person ? form.first_name.trim() : '',
    last_name: person ? form.last_name.trim() : '',
    business_name: person ? '' : form.business_name.trim(),
    phones: form.phones.filter((p) => p.number.trim()).map((p) => ({ number: p.number.trim(), label: p.label })),
    emails: form.emails.map((e) => e.trim()).filter(Boolean),
    mailing_address: mailing,
    confidential: form.confidential,
  };
  if (person && form.date_of_birth) customer.date_of_birth = form.date_of_birth;
  if (form.id_last4.trim()) customer.id_last4 = form.id_last4.trim();
  const multi = form.premise_type === 'multi_family';
  return {
    customer,
    premise: {
      address: form.premise_same_as_mailing ? mailing : trimAddress(form.premise_address),
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

function trimAddress(a: Address): Address {
  return {
    line1: a.line1.trim(),
    line2: a.line2.trim(),
    city: a.city.trim(),
    state: a.state.trim().toUpperCase(),
    postal_code: a.postal_code.trim(),
  };
}

/** Required-field checks only; formats and rules are the server's to judge. */
function checkRequired(form: Form): FieldErrors {
  const errors: FieldErrors = {};
  const need = (path: string, value: string, message: string) => {
    if (!value.trim()) errors[path] = message;
  };
  if (form.kind === 'person') {
    need('customer.first_name', form.first_name, 'First name is required.');
    need('customer.last_name', form.last_name, 'Last name is required.');
  } else {
    need('customer.business_name', form.business_name, 'Business name is required.');
  }
  if (!form.phones.some((p) => p.number.trim()) && !form.emails.some((e) => e.trim())) {
    errors['customer.phones'] = 'Enter at least one phone number or email.';
  }
  const address = (prefix: string, a: Address) => {
    need(prefix + '.line1', a.line1, 'Street address is required.');
    need(prefix + '.city', a.city, 'City is required.');
    need(prefix + '.state', a.state, 'State is required.');
    need(prefix + '.postal_code', a.postal_code, 'ZIP code is required.');
  };
  address('customer.mailing_address', form.mailing);
  if (!form.premise_same_as_mailing) address('premise.address', form.premise_address);
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
    setForm((f) => ({ ...f, [which]: { ...f[which], [field]: value } }));
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

  const person = form.kind === 'person';
  const routes = reference.routes.filter((r) => !form.cycle || r.cycle === form.cycle);
  const stateOptions = reference.states.map((s) => ({ value: s, label: s }));
  const premiseAddress = form.premise_same_as_mailing ? form.mailing : form.premise_address;

  const addressFields = (which: 'mailing' | 'premise_address', prefix: string, address: Address, readOnly: boolean) => (
    <div class="address-grid">
      <TextField
        class="span-2"
        path={`${prefix}.line1`}
        label="Street address"
        required
        value={address.line1}
        errors={errors}
        input={{ autoComplete: 'address-line1', readOnly }}
        onChange={(v) => updateAddress(which, 'line1', v)}
      />
      <TextField
        class="span-2"
        path={`${prefix}.line2`}
        label="Address line 2"
        value={address.line2}
        errors={errors}
        input={{ autoComplete: 'address-line2', readOnly }}
        onChange={(v) => updateAddress(which, 'line2', v)}
      />
      <TextField
        path={`${prefix}.city`}
        label="City"
        required
        value={address.city}
        errors={errors}
        input={{ autoComplete: 'address-level2', readOnly }}
        onChange={(v) => updateAddress(which, 'city', v)}
      />
      <div class="pair">
        {readOnly ? (
          <TextField
            path={`${prefix}.state`}
            label="State"
            required
            value={address.state}
            errors={errors}
            input={{ readOnly }}
            onChange={() => undefined}
          />
        ) : (
          <SelectField
            path={`${prefix}.state`}
            label="State"
            required
            value={address.state}
            errors={errors}
            options={stateOptions}
            placeholder=""
            onChange={(v) => updateAddress(which, 'state', v)}
          />
        )}
        <TextField
          path={`${prefix}.postal_code`}
          label="ZIP code"
          required
          value={address.postal_code}
          errors={errors}
          input={{ autoComplete: 'postal-code', inputMode: 'numeric', readOnly }}
          onChange={(v) => updateAddress(which, 'postal_code', v)}
        />
      </div>
    </div>
  );

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
            {Object.keys(errors).length > 1 && (
              <ul>
                {Object.entries(errors).map(([path, message]) => (
                  <li key={path}>
                    <a
                      href={'#' + fieldId(path)}
                      onClick={(event) => {
                        event.preventDefault();
                        document.getElementById(fieldId(path))?.focus();
                      }}
                    >
                      {message}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div class="form-grid">
          <fieldset class="panel form-section">
            <legend>Customer</legend>
            <div class="segmented" role="radiogroup" aria-label="Customer kind">
              {(['person', 'business'] as const).map((kind) => (
                <label key={kind} class={form.kind === kind ? 'segment checked' : 'segment'}>
                  <input
                    type="radio"
                    name="customer.kind"
                    id={kind === 'person' ? fieldId('customer.kind') : undefined}
                    value={kind}
                    checked={form.kind === kind}
                    onChange={() => update('kind', kind, ['customer.first_name', 'customer.last_name', 'customer.business_name'])}
                  />
                  {kind === 'person' ? 'Person' : 'Business'}
                </label>
              ))}
            </div>
            {person ? (
              <div class="pair">
                <TextField
                  path="customer.first_name"
                  label="First name"
                  required
                  value={form.first_name}
                  errors={errors}
                  input={{ autoComplete: 'given-name' }}
                  onChange={(v) => update('first_name', v, ['customer.first_name'])}
                />
                <TextField
                  path="customer.last_name"
                  label="Last name"
                  required
                  value={form.last_name}
                  errors={errors}
                  input={{ autoComplete: 'family-name' }}
                  onChange={(v) => update('last_name', v, ['customer.last_name'])}
                />
              </div>
            ) : (
              <TextField
                path="customer.business_name"
                label="Business name"
                required
                value={form.business_name}
                errors={errors}
                input={{ autoComplete: 'organization' }}
                onChange={(v) => update('business_name', v, ['customer.business_name'])}
              />
            )}

            <div
              class={errors['customer.phones'] || errors['customer.emails'] ? 'group has-error' : 'group'}
              id={fieldId('customer.phones')}
              tabIndex={-1}
              data-error={errors['customer.phones'] ? 'true' : undefined}
              role="group"
              aria-labelledby="phones-label"
            >
              <div class="visually-hidden" id="phones-label">
                Phones
              </div>
              {form.phones.map((phone, index) => (
                <div class="repeat-row" key={index}>
                  <TextField
                    path={`customer.phones.${index}.number`}
                    label={index === 0 ? 'Phone' : `Phone ${index + 1}`}
                    type="tel"
                    value={phone.number}
                    errors={errors}
                    input={{ autoComplete: 'tel-national', inputMode: 'tel' }}
                    onChange={(v) =>
                      update(
                        'phones',
                        form.phones.map((p, i) => (i === index ? { ...p, number: v } : p)),
                        [`customer.phones.${index}.number`, `customer.phones.${index}`, 'customer.phones'],
                      )
                    }
                  />
                  <SelectField
                    path={`customer.phones.${index}.label`}
                    label="Kind"
                    value={phone.label}
                    errors={errors}
                    options={PHONE_LABELS.map((l) => ({ value: l, label: l.charAt(0).toUpperCase() + l.slice(1) }))}
                    onChange={(v) => update('phones', form.phones.map((p, i) => (i === index ? { ...p, label: v } : p)))}
                  />
                  {form.phones.length > 1 && (
                    <button
                      type="button"
                      class="btn btn-small btn-quiet row-remove"
                      aria-label={`Remove phone ${index + 1}`}
                      onClick={() => update('phones', form.phones.filter((_, i) => i !== index))}
                    >
                      Remove
                    </button>
                  )}
                </div>
              ))}
              <button
                type="button"
                class="btn btn-small"
                onClick={() => update('phones', [...form.phones, { number: '', label: 'home' }])}
              >
                Add phone
              </button>
              <ErrorText path="customer.phones" errors={errors} />
            </div>

            <div
              class="group"
              id={fieldId('customer.emails')}
              tabIndex={-1}
              data-error={errors['customer.emails'] ? 'true' : undefined}
              role="group"
              aria-labelledby="emails-label"
            >
              <div class="visually-hidden" id="emails-label">
                Emails
              </div>
              {form.emails.map((email, index) => (
                <div class="repeat-row" key={index}>
                  <TextField
                    class="grow"
                    path={`customer.emails.${index}`}
                    label={index === 0 ? 'Email' : `Email ${index + 1}`}
                    type="email"
                    value={email}
                    errors={errors}
                    input={{ autoComplete: 'email' }}
                    onChange={(v) =>
                      update(
                        'emails',
                        form.emails.map((e, i) => (i === index ? v : e)),
                        [`customer.emails.${index}`, 'customer.emails', 'customer.phones'],
                      )
                    }
                  />
                  {form.emails.length > 1 && (
                    <button
                      type="button"
                      class="btn btn-small btn-quiet row-remove"
                      aria-label={`Remove email ${index + 1}`}
                      onClick={() => update('emails', form.emails.filter((_, i) => i !== index))}
                    >
                      Remove
                    </button>
                  )}
                </div>
              ))}
              <button type="button" class="btn btn-small" onClick={() => update('emails', [...form.emails, ''])}>
                Add email
              </button>
              <ErrorText path="customer.emails" errors={errors} />
            </div>

            <h3 class="subhead">Mailing address</h3>
            <div id={fieldId('customer.mailing_address')} tabIndex={-1} data-error={errors['customer.mailing_address'] ? 'true' : undefined}>
              {addressFields('mailing', 'customer.mailing_address', form.mailing, false)}
              <ErrorText path="customer.mailing_address" errors={errors} />
            </div>

            <h3 class="subhead">Identity</h3>
            <div class="pair">
              {person && (
                <TextField
                  path="customer.date_of_birth"
                  label="Date of birth"
                  type="date"
                  value={form.date_of_birth}
                  errors={errors}
                  input={{ max: todayCivil() }}
                  onChange={(v) => update('date_of_birth', v, ['customer.date_of_birth'])}
                />
              )}
              <TextField
                path="customer.id_last4"
                label="ID last 4 digits"
                value={form.id_last4}
                errors={errors}
                hint="Last four of SSN or ID; never the full number."
                input={{ inputMode: 'numeric', maxLength: 4, autoComplete: 'off', pattern: '[0-9]{4}' }}
                onChange={(v) => update('id_last4', v, ['customer.id_last4'])}
              />
            </div>
            <CheckboxField
              path="customer.confidential"
              label="Confidential customer"
              hint="Hides contact details from roles without confidential access."
              checked={form.confidential}
              errors={errors}
              onChange={(v) => update('confidential', v, ['customer.confidential'])}
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
                    premise_address: v ? f.premise_address : { ...f.mailing },
                  }))
                }
              />
              <div id={fieldId('premise.address')} tabIndex={-1} data-error={errors['premise.address'] ? 'true' : undefined}>
                {addressFields('premise_address', 'premise.address', premiseAddress, form.premise_same_as_mailing)}
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
