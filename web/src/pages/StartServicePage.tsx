// Start service (#/start?premise=prem_N&address=…&customer=cust_N): the CSR's guided form while the customer
// waits. 1 who (an existing customer found by search, or a new one with the new-account fields),
// 2 where (a premise found by searching an account at the address), 3 when and what (the first
// day, the turn-on window, the services the rules offer there, tenure and the credit check), 4 the
// review: POST /service-starts/preview runs (debounced) whenever an input changes and shows the
// rate classes and the rules that chose them, the deposit and its reasons, the fee, unpaid final
// balances and warnings. "Start service" posts /service-starts and opens the new pending account.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, referenceData, startService } from '../api';
import { AccountLookup, type Picked } from '../components/AccountLookup';
import {
  checkCustomer,
  CustomerFields,
  customerRequest,
  initialCustomer,
  trimAddress,
  type CustomerForm,
} from '../components/CustomerFields';
import { CheckboxField, ErrorLinks, ErrorText, fieldId, SelectField, TextField, type FieldErrors } from '../components/Fields';
import { ErrorMessage, Loading } from '../components/Panel';
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
import { focusFirstMarked, placeInForm, useIdempotencyKey } from '../forms';
import { addressLines, formatDate, humanize } from '../format';
import { addDays, splitCents, TURN_ON_WINDOWS, unitsText, windowPhrase } from '../lifecycle';
import { formatCents } from '../money';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { Address, ReferenceData, ServiceStartRequest, ServiceWindow, Tenure } from '../types';


const CREDIT_RATINGS = [
  { value: 'good', label: 'Good' },
  { value: 'fair', label: 'Fair' },
  { value: 'poor', label: 'Poor' },
  { value: 'no_file', label: 'No file' },
];

// Server fields without a control of their own, and where their errors show.
const ALIASES: Record<string, string> = {
  units: 'services',
  deposit_amount_cents: 'deposit_amount',
  deposit: 'deposit_amount',
  customer: 'customer_id',
  premise: 'premise_id',
  mailing_address: 'mailing_address',
};

export function StartServicePage({ params }: { params: URLSearchParams }) {
  const { can } = useSession();
  const today = useCityToday();
  const [reference, setReference] = useState<ReferenceData | null>(null);
  const [referenceError, setReferenceError] = useState<unknown>(null);

  const [who, setWho] = useState<'existing' | 'new'>(params.get('customer') ? 'existing' : 'new');
  const [customerPicked, setCustomerPicked] = useState<Picked | null>(() => {
    const id = params.get('customer');
    return id ? { id, title: id, detail: '' } : null;
  });
  const [customer, setCustomer] = useState<CustomerForm>(() => initialCustomer(null));
  const [premisePicked, setPremisePicked] = useState<Picked | null>(() => {
    const id = params.get('premise');
    // The address comes along from the account page, to show before the first preview answers.
    return id ? { id, title: params.get('address') || id, detail: '' } : null;
  });
  const [requestedOn, setRequestedOn] = useState(() => addDays(today, 1));
  const dateTouched = useRef(false);
  const [window_, setWindow] = useState<ServiceWindow>('morning');
  const [choice, setChoice] = useState<ServiceChoice>(noServiceChoice);
  const [tenure, setTenure] = useState<Tenure>('renter');
  const [creditRating, setCreditRating] = useState('');
  const [creditReference, setCreditReference] = useState('');
  const [billsToPremise, setBillsToPremise] = useState(false);
  const [installments, setInstallments] = useState(1);
  const [paidNow, setPaidNow] = useState(false);
  const [transferUnpaid, setTransferUnpaid] = useState(false);
  const [remarks, setRemarks] = useState('');

  // The premise's address as the last preview gave it (for "send bills to the service address").
  const [previewAddress, setPreviewAddress] = useState<{ premise: string; address: Address } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const posting = useRef(false);
  const key = useIdempotencyKey();
  const formRef = useRef<HTMLFormElement>(null);
  const bannerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = 'Start service · Cistern';
    referenceData().then(
      (data) => {
        setReference(data);
        setCustomer((c) => (c.first_name || c.last_name || c.business_name ? c : initialCustomer(data)));
      },
      setReferenceError,
    );
  }, []);

  // The first day defaults to the city's tomorrow, until the CSR changes it.
  useEffect(() => {
    if (!dateTouched.current) setRequestedOn(addDays(today, 1));
  }, [today]);

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

  // The request without the choices that do not change the preview (installments, paid now,
  // remarks) and without the deposit amount, which comes from the preview itself.
  function baseRequest(): ServiceStartRequest | null {
    if (!premisePicked) return null;
    if (who === 'existing' && !customerPicked) return null;
    const body: ServiceStartRequest = {
      ...(who === 'existing' ? { customer_id: customerPicked!.id } : { customer: customerRequest(customer) }),
      premise_id: premisePicked.id,
      requested_on: requestedOn,
      window: window_,
      ...servicesRequest(choice),
      tenure,
      credit_rating: tenure === 'owner' ? creditRating : '',
      credit_reference: tenure === 'owner' ? creditReference.trim() : '',
    };
    if (transferUnpaid) body.transfer_unpaid_balances = true;
    const premiseAddress = previewAddress?.premise === premisePicked.id ? previewAddress.address : null;
    if (billsToPremise && premiseAddress) body.mailing_address = trimAddress(premiseAddress);
    return body;
  }

  const base = baseRequest();

  // Preview whenever the inputs change.
  const {
    preview,
    busy: previewBusy,
    key: baseKey,
  } = useStartPreview(base, (data) => {
    setChoice((c) => withPreview(c, data));
    setPreviewAddress({ premise: data.premise.id, address: data.premise.address });
  });

  const current = preview.data && preview.key === baseKey ? preview.data : null;
  const shown = preview.data; // the last preview, kept on screen while the next one loads
  const previewError = preview.key === baseKey ? preview.error : null;
  // A refusal of fields still being filled in (the new customer's, an owner's credit check) is
  // not an error yet: the review says what it waits for.
  const waitingFor =
    previewError instanceof ApiError &&
    Boolean(
      (who === 'new' && previewError.field?.startsWith('customer')) ||
        (previewError.field === 'credit_rating' && !creditRating) ||
        (previewError.field === 'credit_reference' && !creditReference.trim()),
    );
  const previewFieldError =
    previewError instanceof ApiError && previewError.field && !waitingFor ? previewError : null;
  // Any other refusal of the preview also shows beside its field (focus stays where it is).
  const previewPlaced = previewFieldError ? placeInForm(formRef.current, previewFieldError.field!, ALIASES) : null;
  const shownErrors: FieldErrors =
    previewPlaced && previewFieldError ? { [previewPlaced]: previewFieldError.message, ...errors } : errors;

  // Keep the deposit choices within what the latest preview allows.
  const installmentsMax = Math.max(1, shown?.deposit.installments_max ?? 1);
  useEffect(() => {
    if (installments > installmentsMax) setInstallments(installmentsMax);
  }, [installmentsMax]);

  function pickPremise(picked: Picked | null) {
    setPremisePicked(picked);
    // Another premise offers other services: start again from the rules' defaults.
    setChoice(noServiceChoice);
    setBillsToPremise(false);
    clearErrors(['premise_id', 'services', 'units']);
  }

  function checkRequired(): FieldErrors {
    const found: FieldErrors = {};
    if (who === 'existing') {
      if (!customerPicked) found['customer_id'] = 'Find and pick the customer.';
    } else {
      checkCustomer(customer, found);
    }
    if (!premisePicked) found['premise_id'] = 'Find and pick the premise.';
    if (!requestedOn) found['requested_on'] = 'The first day of service is required.';
    if (tenure === 'owner') {
      if (!creditRating) found['credit_rating'] = 'Enter the credit bureau’s result.';
      if (!creditReference.trim()) found['credit_reference'] = 'Enter the report number.';
    }
    if (choice.selected && choice.selected.length === 0) found['services'] = 'Tick at least one service.';
    return found;
  }

  async function submit(event?: Event) {
    event?.preventDefault();
    if (posting.current) return;
    setBanner(null);
    const found = checkRequired();
    if (Object.keys(found).length) {
      setErrors(found);
      const n = Object.keys(found).length;
      setBanner(`${n === 1 ? 'One field needs' : n + ' fields need'} attention.`);
      focusFirstMarked(formRef.current, bannerRef.current);
      return;
    }
    const body = baseRequest()!;
    // The deposit the customer was told: the server refuses it if its figure has changed since.
    if (current) body.deposit_amount_cents = current.deposit.amount.cents;
    if ((current?.deposit.amount.cents ?? 1) > 0) {
      body.deposit_paid_now = paidNow;
      body.deposit_installments = paidNow ? 1 : installments;
    }
    if (remarks.trim()) body.remarks = remarks.trim();
    posting.current = true;
    setBusy(true);
    setErrors({});
    try {
      const started = await startService(body, key.current());
      navigate(`/accounts/${started.account.id}`);
    } catch (e) {
      key.settle(e);
      const message = e instanceof Error ? e.message : 'Service was not started.';
      const placed = e instanceof ApiError && e.field ? placeInForm(formRef.current, e.field, ALIASES) : null;
      if (placed) {
        setErrors({ [placed]: message });
        setBanner('Service was not started. Fix the highlighted field and try again.');
      } else {
        setBanner(e instanceof ApiError && e.field ? `${message} (${e.field})` : message);
      }
      focusFirstMarked(formRef.current, bannerRef.current);
    } finally {
      posting.current = false;
      setBusy(false);
    }
  }

  if (!can('accounts.write')) {
    return (
      <div class="page">
        <div class="page-head">
          <h1>Start service</h1>
        </div>
        <div class="alert alert-error" role="alert">
          Your role cannot start service.
        </div>
      </div>
    );
  }
  if (referenceError) {
    return (
      <div class="page">
        <div class="page-head">
          <h1>Start service</h1>
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

  // The picked cards read better with what the preview says about them.
  const premiseCard: Picked | null =
    premisePicked && shown?.premise.id === premisePicked.id
      ? {
          id: premisePicked.id,
          title: addressLines(shown.premise.address)[0] ?? premisePicked.title,
          detail: [
            addressLines(shown.premise.address).slice(1).join(', '),
            reference.premise_types.find((t) => t.code === shown.premise.premise_type)?.name ?? humanize(shown.premise.premise_type),
            shown.premise.inside_city_limits ? 'inside city limits' : 'outside city limits',
          ]
            .filter(Boolean)
            .join(' · '),
        }
      : premisePicked;
  const customerCard: Picked | null =
    customerPicked && shown?.customer?.id === customerPicked.id
      ? { ...customerPicked, title: shown.customer.display_name, detail: customerPicked.detail || shown.customer.kind }
      : customerPicked;

  const deposit = shown?.deposit ?? null;
  const depositCents = deposit?.amount.cents ?? 0;

  return (
    <div class="page start-page">
      <div class="page-head">
        <h1>Start service</h1>
        <span class="muted">Fields marked * are required.</span>
      </div>
      <form
        ref={formRef}
        class="start-form"
        noValidate
        onSubmit={submit}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void submit();
          }
        }}
        aria-label="Start service"
      >
        <div class="start-layout">
          <div class="form-column">
            <fieldset class="panel form-section">
              <legend>
                <span class="step-number">1</span> Who
              </legend>
              <div class="segmented who-switch" role="radiogroup" aria-label="Customer">
                {(['new', 'existing'] as const).map((kind) => (
                  <label key={kind} class={who === kind ? 'segment checked' : 'segment'}>
                    <input
                      type="radio"
                      name="who"
                      value={kind}
                      checked={who === kind}
                      onChange={() => {
                        setWho(kind);
                        setTransferUnpaid(false);
                      }}
                    />
                    {kind === 'new' ? 'New customer' : 'Existing customer'}
                  </label>
                ))}
              </div>
              {who === 'existing' ? (
                <AccountLookup
                  mode="customer"
                  path="customer_id"
                  label="Customer"
                  required
                  placeholder="Name, phone, email or account number"
                  errors={shownErrors}
                  picked={customerCard}
                  onPick={(picked) => {
                    setCustomerPicked(picked);
                    setTransferUnpaid(false);
                    clearErrors(['customer_id']);
                  }}
                  hint="Search as in the top bar; Enter picks the first match."
                />
              ) : (
                <CustomerFields
                  value={customer}
                  errors={shownErrors}
                  states={reference.states}
                  onChange={(k, v, clear) => {
                    setCustomer((c) => ({ ...c, [k]: v }));
                    clearErrors([`customer.${String(k)}`, ...clear]);
                  }}
                  onAddress={(field, value) => {
                    setCustomer((c) => ({ ...c, mailing: { ...c.mailing, [field]: value } }));
                    clearErrors([`customer.mailing_address.${field}`, 'customer.mailing_address']);
                  }}
                />
              )}
            </fieldset>

            <fieldset class="panel form-section">
              <legend>
                <span class="step-number">2</span> Where
              </legend>
              <AccountLookup
                mode="premise"
                path="premise_id"
                label="Premise (service address)"
                required
                placeholder="Address, or a name or account number there"
                errors={shownErrors}
                picked={premiseCard}
                onPick={pickPremise}
                hint="Find an account at the address; its premise is the service address."
              />
              {shown && premisePicked && shown.premise.id === premisePicked.id && (
                <CheckboxField
                  path="mailing_address"
                  label="Send bills to the service address"
                  hint={
                    who === 'existing'
                      ? 'Otherwise bills go to the customer’s mailing address on file.'
                      : 'Otherwise bills go to the mailing address above.'
                  }
                  checked={billsToPremise}
                  errors={shownErrors}
                  onChange={(v) => {
                    setBillsToPremise(v);
                    clearErrors(['mailing_address']);
                  }}
                />
              )}
            </fieldset>

            <fieldset class="panel form-section">
              <legend>
                <span class="step-number">3</span> When and what
              </legend>
              <div class="pair">
                <TextField
                  path="requested_on"
                  label="First day of service"
                  type="date"
                  required
                  value={requestedOn}
                  errors={shownErrors}
                  input={{ min: today }}
                  onChange={(v) => {
                    dateTouched.current = true;
                    setRequestedOn(v);
                    clearErrors(['requested_on']);
                  }}
                />
                <div class={'field' + (shownErrors['window'] ? ' has-error' : '')}>
                  <span class="field-label" id="window-label">
                    Turn-on window <span class="required" aria-hidden="true">*</span>
                  </span>
                  <div class="segmented segmented-tight" role="radiogroup" aria-labelledby="window-label">
                    {TURN_ON_WINDOWS.map((w, index) => (
                      <label key={w.value} class={window_ === w.value ? 'segment checked' : 'segment'}>
                        <input
                          type="radio"
                          name="window"
                          id={index === 0 ? fieldId('window') : undefined}
                          value={w.value}
                          checked={window_ === w.value}
                          data-error={index === 0 && shownErrors['window'] ? 'true' : undefined}
                          onChange={() => {
                            setWindow(w.value);
                            clearErrors(['window']);
                          }}
                        />
                        {w.label}
                      </label>
                    ))}
                  </div>
                  <ErrorText path="window" errors={shownErrors} />
                </div>
              </div>
              <p class="hint window-hint">Someone 18 or older must be there to sign the turn-on waiver.</p>

              <ServicesChooser
                choice={choice}
                preview={shown}
                errors={shownErrors}
                empty={
                  premisePicked && previewError && !waitingFor
                    ? 'No services to show until the refusal is resolved.'
                    : premisePicked
                    ? previewBusy
                      ? 'Loading the services offered at the premise…'
                      : 'The services offered at the premise show once the preview answers.'
                    : 'Pick the premise to see the services offered there.'
                }
                onChange={(next, clear) => {
                  setChoice(next);
                  clearErrors(clear);
                }}
              />

              <h3 class="subhead">Deposit check</h3>
              <div class="segmented" role="radiogroup" aria-label="The customer is">
                {(['renter', 'owner'] as const).map((t, index) => (
                  <label key={t} class={tenure === t ? 'segment checked' : 'segment'}>
                    <input
                      type="radio"
                      name="tenure"
                      id={index === 0 ? fieldId('tenure') : undefined}
                      value={t}
                      checked={tenure === t}
                      onChange={() => {
                        setTenure(t);
                        clearErrors(['tenure', 'credit_rating', 'credit_reference']);
                      }}
                    />
                    {t === 'renter' ? 'Renter' : 'Owner'}
                  </label>
                ))}
              </div>
              {tenure === 'owner' && (
                <div class="pair">
                  <SelectField
                    path="credit_rating"
                    label="Credit result"
                    required
                    value={creditRating}
                    errors={shownErrors}
                    options={CREDIT_RATINGS}
                    placeholder=""
                    onChange={(v) => {
                      setCreditRating(v);
                      clearErrors(['credit_rating']);
                    }}
                  />
                  <TextField
                    path="credit_reference"
                    label="Report number"
                    required
                    value={creditReference}
                    errors={shownErrors}
                    input={{ autoComplete: 'off' }}
                    onChange={(v) => {
                      setCreditReference(v);
                      clearErrors(['credit_reference']);
                    }}
                  />
                </div>
              )}
              <TextField
                path="remarks"
                label="Remarks for the crew"
                value={remarks}
                errors={shownErrors}
                input={{ maxLength: 500, placeholder: 'Gate code, dog in yard…' }}
                onChange={(v) => {
                  setRemarks(v);
                  clearErrors(['remarks']);
                }}
              />
            </fieldset>
          </div>

          <section class="panel start-review" aria-labelledby="review-title" aria-busy={previewBusy}>
            <header class="panel-head">
              <h2 id="review-title">
                <span class="step-number">4</span> Review and start
              </h2>
              <span class="muted small" role="status">
                {previewBusy ? 'Updating…' : ''}
              </span>
            </header>
            <div class="panel-body review-body">
              {!shown && !previewError && (
                <p class="muted">
                  {!premisePicked || (who === 'existing' && !customerPicked)
                    ? 'Pick the customer and the premise: the services, deposit and fees show here as you go.'
                    : 'Working out the services, deposit and fees…'}
                </p>
              )}
              {waitingFor && (
                <p class="alert alert-info preview-waiting">
                  The preview waits for {who === 'new' && (previewError as ApiError).field?.startsWith('customer') ? 'the customer’s details' : 'the credit check'}:{' '}
                  {(previewError as ApiError).message}
                </p>
              )}
              {previewError && !waitingFor && (
                <div class="alert alert-error preview-error" role="alert">
                  {(previewError as Error).message}
                </div>
              )}
              {shown && (
                <div class={'review' + (current ? '' : ' stale')}>
                  <dl class="kvs review-facts">
                    <div class="kv">
                      <dt>Customer</dt>
                      <dd>
                        {shown.customer
                          ? shown.customer.display_name
                          : who === 'new'
                            ? [customer.first_name, customer.last_name].join(' ').trim() || customer.business_name || 'New customer'
                            : '—'}
                        {!shown.customer && <span class="badge badge-pending review-badge">New</span>}
                      </dd>
                    </div>
                    <div class="kv">
                      <dt>Service address</dt>
                      <dd>{addressLines(shown.premise.address).join(', ')}</dd>
                    </div>
                    <div class="kv">
                      <dt>Services</dt>
                      <dd class="review-services">
                        {shown.services.length === 0 ? (
                          <span class="muted">None</span>
                        ) : (
                          <ul class="plain">
                            {shown.services.map((s) => (
                              <li key={s.service}>
                                <strong>{s.service_name}</strong> · {s.class_name}
                                {s.units !== 1 || /cart|eru/i.test(s.unit_name) ? ` · ${unitsText(s)}` : ''}
                                <div class="muted small">
                                  chosen by rule {s.rule_number}: {s.rule}
                                </div>
                              </li>
                            ))}
                          </ul>
                        )}
                      </dd>
                    </div>
                    <div class="kv">
                      <dt>Turn-on</dt>
                      <dd>
                        {shown.turn_on_order ? (
                          <>
                            Order for {formatDate(requestedOn)}, {windowPhrase(window_)}
                            {shown.meter_serial && (
                              <span class="muted">
                                {' '}
                                · meter <span class="mono">{shown.meter_serial}</span>
                              </span>
                            )}
                          </>
                        ) : (
                          <span class="muted">
                            {shown.services.some((x) => x.metered)
                              ? 'No turn-on order: no meter to turn on (see below).'
                              : `Not needed: services start on ${formatDate(requestedOn)}.`}
                          </span>
                        )}
                      </dd>
                    </div>
                    <div class="kv">
                      <dt>Fee</dt>
                      <dd>
                        {shown.fee ? (
                          <>
                            {shown.fee.name} <strong class="amount">{shown.fee.amount.text}</strong>
                          </>
                        ) : (
                          <span class="muted">None</span>
                        )}
                      </dd>
                    </div>
                  </dl>

                  {deposit && (
                    <div
                      class={'deposit-review' + (shownErrors['deposit_amount'] ? ' has-error' : '')}
                      id={fieldId('deposit_amount')}
                      tabIndex={-1}
                      data-error={shownErrors['deposit_amount'] ? 'true' : undefined}
                    >
                      <div class="deposit-line">
                        <span class="deposit-label">Deposit</span>
                        <strong class="deposit-amount">{deposit.amount.text}</strong>
                      </div>
                      {deposit.reasons.length > 0 && (
                        <ul class="deposit-reasons">
                          {deposit.reasons.map((r) => (
                            <li key={r}>{r}</li>
                          ))}
                        </ul>
                      )}
                      <ErrorText path="deposit_amount" errors={shownErrors} />
                      {depositCents > 0 && (
                        <div class="deposit-choices">
                          <SelectField
                            path="deposit_installments"
                            label="Billed"
                            value={String(paidNow ? 1 : installments)}
                            errors={shownErrors}
                            options={Array.from({ length: installmentsMax }, (_, i) => i + 1).map((n) => ({
                              value: String(n),
                              label:
                                n === 1
                                  ? `All on the first bill (${deposit.amount.text})`
                                  : `Over ${n} bills (${splitCents(depositCents, n).map(formatCents).join(' + ')})`,
                            }))}
                            onChange={(v) => {
                              setInstallments(Number(v));
                              clearErrors(['deposit_installments']);
                            }}
                          />
                          <CheckboxField
                            path="deposit_paid_now"
                            label="Paid now at the counter"
                            hint={paidNow ? 'Posted at once; take the payment on the account after starting.' : undefined}
                            checked={paidNow}
                            errors={shownErrors}
                            onChange={(v) => {
                              setPaidNow(v);
                              clearErrors(['deposit_paid_now', 'deposit_installments']);
                            }}
                          />
                        </div>
                      )}
                    </div>
                  )}

                  <PreviewNotices
                    preview={shown}
                    errors={shownErrors}
                    transferUnpaid={transferUnpaid}
                    onTransferUnpaid={(on) => {
                      setTransferUnpaid(on);
                      clearErrors(['transfer_unpaid_balances']);
                    }}
                  />
                </div>
              )}
            </div>
            <footer class="review-foot">
              {banner && (
                <div class="alert alert-error" role="alert" id="form-error" tabIndex={-1} ref={bannerRef}>
                  {banner}
                  <ErrorLinks errors={errors} />
                </div>
              )}
              <div class="form-actions start-actions">
                <button type="submit" class="btn btn-primary btn-large" disabled={busy}>
                  {busy ? 'Starting…' : 'Start service'}
                </button>
                <a class="btn btn-quiet" href={href('/')}>
                  Cancel
                </a>
                <span class="muted small keys">
                  <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
                </span>
              </div>
            </footer>
          </section>
        </div>
      </form>
    </div>
  );
}
