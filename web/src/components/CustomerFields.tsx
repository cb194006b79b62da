// The customer's own fields (kind, name, phones, emails, mailing address, identity), shared by the
// new account form and the start service form. Paths are the API's (customer.phones.0.number), so
// a server error lands beside its input; the page owns the state and the errors.
import { ErrorText, CheckboxField, fieldId, SelectField, TextField, type FieldErrors } from './Fields';
import { todayCivil } from '../format';
import type { Address, NewCustomer, Phone, ReferenceData } from '../types';

const PHONE_LABELS = ['mobile', 'home', 'work', 'other'];

export interface CustomerForm {
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
}

export const emptyAddress = (city = '', state = ''): Address => ({ line1: '', line2: '', city, state, postal_code: '' });

/** New addresses start in the city's own city and state (config/city.toml), the usual case. */
export function cityAddress(reference: ReferenceData | null): Address {
  return emptyAddress(reference?.city.city ?? '', reference?.city.state ?? reference?.states[0] ?? '');
}

export function initialCustomer(reference: ReferenceData | null): CustomerForm {
  return {
    kind: 'person',
    first_name: '',
    last_name: '',
    business_name: '',
    phones: [{ number: '', label: 'mobile' }],
    emails: [''],
    mailing: cityAddress(reference),
    date_of_birth: '',
    id_last4: '',
    confidential: false,
  };
}

export function trimAddress(a: Address): Address {
  return {
    line1: a.line1.trim(),
    line2: a.line2.trim(),
    city: a.city.trim(),
    state: a.state.trim().toUpperCase(),
    postal_code: a.postal_code.trim(),
  };
}

/** The request's "customer" object. */
export function customerRequest(form: CustomerForm): NewCustomer {
  const person = form.kind === 'person';
  const customer: NewCustomer = {
    kind: form.kind,
    first_name: person ? form.first_name.trim() : '',
    last_name: person ? form.last_name.trim() : '',
    business_name: person ? '' : form.business_name.trim(),
    phones: form.phones.filter((p) => p.number.trim()).map((p) => ({ number: p.number.trim(), label: p.label })),
    emails: form.emails.map((e) => e.trim()).filter(Boolean),
    mailing_address: trimAddress(form.mailing),
    confidential: form.confidential,
  };
  if (person && form.date_of_birth) customer.date_of_birth = form.date_of_birth;
  if (form.id_last4.trim()) customer.id_last4 = form.id_last4.trim();
  return customer;
}

/** Required-field checks of an address under `prefix` (customer.mailing_address). */
export function checkAddress(errors: FieldErrors, prefix: string, a: Address): void {
  const need = (path: string, value: string, message: string) => {
    if (!value.trim()) errors[path] = message;
  };
  need(prefix + '.line1', a.line1, 'Street address is required.');
  need(prefix + '.city', a.city, 'City is required.');
  need(prefix + '.state', a.state, 'State is required.');
  need(prefix + '.postal_code', a.postal_code, 'ZIP code is required.');
}

/** Required-field checks only; formats and rules are the server's to judge. */
export function checkCustomer(form: CustomerForm, errors: FieldErrors): void {
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
  checkAddress(errors, 'customer.mailing_address', form.mailing);
}

/** Street, line 2, city, state and ZIP under `prefix`; read-only when it mirrors another address. */
export function AddressFields(props: {
  prefix: string;
  address: Address;
  errors: FieldErrors;
  states: string[];
  readOnly?: boolean;
  onChange: (field: keyof Address, value: string) => void;
}) {
  const { prefix, address, errors } = props;
  const readOnly = Boolean(props.readOnly);
  const stateOptions = props.states.map((s) => ({ value: s, label: s }));
  const onChange = props.onChange;
  return (
    <div class="address-grid">
      <TextField
        class="span-2"
        path={`${prefix}.line1`}
        label="Street address"
        required
        value={address.line1}
        errors={errors}
        input={{ autoComplete: 'address-line1', readOnly }}
        onChange={(v) => onChange('line1', v)}
      />
      <TextField
        class="span-2"
        path={`${prefix}.line2`}
        label="Address line 2"
        value={address.line2}
        errors={errors}
        input={{ autoComplete: 'address-line2', readOnly }}
        onChange={(v) => onChange('line2', v)}
      />
      <TextField
        path={`${prefix}.city`}
        label="City"
        required
        value={address.city}
        errors={errors}
        input={{ autoComplete: 'address-level2', readOnly }}
        onChange={(v) => onChange('city', v)}
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
            onChange={(v) => onChange('state', v)}
          />
        )}
        <TextField
          path={`${prefix}.postal_code`}
          label="ZIP code"
          required
          value={address.postal_code}
          errors={errors}
          input={{ autoComplete: 'postal-code', inputMode: 'numeric', readOnly }}
          onChange={(v) => onChange('postal_code', v)}
        />
      </div>
    </div>
  );
}

/**
 * The customer fields. `onChange` gets the changed field and the error paths to clear;
 * `onAddress` a mailing address field.
 */
export function CustomerFields(props: {
  value: CustomerForm;
  errors: FieldErrors;
  states: string[];
  onChange: <K extends keyof CustomerForm>(key: K, value: CustomerForm[K], clear: string[]) => void;
  onAddress: (field: keyof Address, value: string) => void;
}) {
  const { value, errors } = props;
  const person = value.kind === 'person';
  const set = <K extends keyof CustomerForm>(key: K, v: CustomerForm[K], clear: string[] = []) =>
    props.onChange(key, v, clear);
  return (
    <>
    <div class="segmented" role="radiogroup" aria-label="Customer kind">
      {(['person', 'business'] as const).map((kind) => (
        <label key={kind} class={value.kind === kind ? 'segment checked' : 'segment'}>
          <input
            type="radio"
            name="customer.kind"
            id={kind === 'person' ? fieldId('customer.kind') : undefined}
            value={kind}
            checked={value.kind === kind}
            onChange={() => set('kind', kind, ['customer.first_name', 'customer.last_name', 'customer.business_name'])}
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
          value={value.first_name}
          errors={errors}
          input={{ autoComplete: 'given-name' }}
          onChange={(v) => set('first_name', v, ['customer.first_name'])}
        />
        <TextField
          path="customer.last_name"
          label="Last name"
          required
          value={value.last_name}
          errors={errors}
          input={{ autoComplete: 'family-name' }}
          onChange={(v) => set('last_name', v, ['customer.last_name'])}
        />
      </div>
    ) : (
      <TextField
        path="customer.business_name"
        label="Business name"
        required
        value={value.business_name}
        errors={errors}
        input={{ autoComplete: 'organization' }}
        onChange={(v) => set('business_name', v, ['customer.business_name'])}
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
      {value.phones.map((phone, index) => (
        <div class="repeat-row" key={index}>
          <TextField
            path={`customer.phones.${index}.number`}
            label={index === 0 ? 'Phone' : `Phone ${index + 1}`}
            type="tel"
            value={phone.number}
            errors={errors}
            input={{ autoComplete: 'tel-national', inputMode: 'tel' }}
            onChange={(v) =>
              set(
                'phones',
                value.phones.map((p, i) => (i === index ? { ...p, number: v } : p)),
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
            onChange={(v) => set('phones', value.phones.map((p, i) => (i === index ? { ...p, label: v } : p)))}
          />
          {value.phones.length > 1 && (
            <button
              type="button"
              class="btn btn-small btn-quiet row-remove"
              aria-label={`Remove phone ${index + 1}`}
              onClick={() => set('phones', value.phones.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        class="btn btn-small"
        onClick={() => set('phones', [...value.phones, { number: '', label: 'home' }])}
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
      {value.emails.map((email, index) => (
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
              set(
                'emails',
                value.emails.map((e, i) => (i === index ? v : e)),
                [`customer.emails.${index}`, 'customer.emails', 'customer.phones'],
              )
            }
          />
          {value.emails.length > 1 && (
            <button
              type="button"
              class="btn btn-small btn-quiet row-remove"
              aria-label={`Remove email ${index + 1}`}
              onClick={() => set('emails', value.emails.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      <button type="button" class="btn btn-small" onClick={() => set('emails', [...value.emails, ''])}>
        Add email
      </button>
      <ErrorText path="customer.emails" errors={errors} />
    </div>

    <h3 class="subhead">Mailing address</h3>
    <div id={fieldId('customer.mailing_address')} tabIndex={-1} data-error={errors['customer.mailing_address'] ? 'true' : undefined}>
      <AddressFields
        prefix="customer.mailing_address"
        address={value.mailing}
        errors={errors}
        states={props.states}
        onChange={(field, v) => props.onAddress(field, v)}
      />
      <ErrorText path="customer.mailing_address" errors={errors} />
    </div>

    <h3 class="subhead">Identity</h3>
    <div class="pair">
      {person && (
        <TextField
          path="customer.date_of_birth"
          label="Date of birth"
          type="date"
          value={value.date_of_birth}
          errors={errors}
          input={{ max: todayCivil() }}
          onChange={(v) => set('date_of_birth', v, ['customer.date_of_birth'])}
        />
      )}
      <TextField
        path="customer.id_last4"
        label="ID last 4 digits"
        value={value.id_last4}
        errors={errors}
        hint="Last four of SSN or ID; never the full number."
        input={{ inputMode: 'numeric', maxLength: 4, autoComplete: 'off', pattern: '[0-9]{4}' }}
        onChange={(v) => set('id_last4', v, ['customer.id_last4'])}
      />
    </div>
    <CheckboxField
      path="customer.confidential"
      label="Confidential customer"
      hint="Hides contact details from roles without confidential access."
      checked={value.confidential}
      errors={errors}
      onChange={(v) => set('confidential', v, ['customer.confidential'])}
    />
    </>
  );
}
