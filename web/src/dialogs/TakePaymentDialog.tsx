// Take a payment: the amount defaults to the balance, the tender shows only the fields it needs,
// Enter posts. One Idempotency-Key per form (forms.ts), so a double Enter cannot post twice.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, openDrawer, postPayment } from '../api';
import { Dialog } from '../components/Dialog';
import { SelectField, TextField, type FieldErrors } from '../components/Fields';
import { Amount, BalanceAmount, MoneyField } from '../components/Money';
import { ErrorMessage, Loading } from '../components/Panel';
import { fundName, tenderName, useFinanceConfig } from '../finance';
import { formatDate } from '../format';
import {
  CARD_NUMBER_MESSAGE,
  cardNumberFields,
  focusFirstError,
  placeApiError,
  submitOnEnterInSelect,
  useIdempotencyKey,
} from '../forms';
import { centsToInput, formatCents, parseMoney, parsePositiveMoney } from '../money';
import { href } from '../router';
import type { AccountLedger, Payment, PaymentRequest } from '../types';

const FIELDS = [
  'amount_cents',
  'tender',
  'tendered_cents',
  'check_number',
  'bank_name',
  'card_auth_code',
  'card_last4',
  'reference',
  'memo',
] as const;

/** Text fields that could hold a pasted card number: checked before anything is sent. */
const FREE_TEXT = ['check_number', 'bank_name', 'card_auth_code', 'card_last4', 'reference', 'memo'] as const;

type Values = Record<(typeof FIELDS)[number], string>;

type Banner =
  | { kind: 'drawer'; message: string }
  | { kind: 'cash-only'; message: string }
  | { kind: 'card'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'info'; message: string };

export function TakePaymentDialog(props: {
  accountId: string;
  accountNumber: string;
  customerName: string;
  ledger: AccountLedger | null;
  onPosted: (payment: Payment) => void;
  onClose: () => void;
}) {
  const { config, error: configError } = useFinanceConfig();
  const balance = props.ledger?.balance.cents ?? 0;
  const [values, setValues] = useState<Values>(() => ({
    amount_cents: balance > 0 ? centsToInput(balance) : '',
    tender: 'cash',
    tendered_cents: '',
    check_number: '',
    bank_name: '',
    card_auth_code: '',
    card_last4: '',
    reference: '',
    memo: '',
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<Banner | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Payment | null>(null);
  const posting = useRef(false);
  const key = useIdempotencyKey();
  const form = useRef<HTMLFormElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);

  const set = (field: keyof Values) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: '' }));
  };

  const tender = values.tender;
  const amount = parsePositiveMoney(values.amount_cents);
  const tendered = values.tendered_cents.trim() ? parseMoney(values.tendered_cents) : null;
  const cashOnly = props.ledger?.cash_only_until ?? null;

  function validate(): { body: PaymentRequest | null; errors: FieldErrors; cleared: string[] } {
    const found: FieldErrors = {};
    const cleared = cardNumberFields(Object.fromEntries(FREE_TEXT.map((f) => [f, values[f]])));
    for (const field of cleared) found[field] = CARD_NUMBER_MESSAGE;
    if (!amount.ok) found.amount_cents = amount.message;
    const body: PaymentRequest = { account_id: props.accountId, amount_cents: amount.ok ? amount.cents : 0, tender };
    const required = (field: keyof Values, label: string) => {
      const text = values[field].trim();
      if (!text && !found[field]) found[field] = `${label} is required.`;
      return text;
    };
    switch (tender) {
      case 'cash':
        if (tendered && !tendered.ok) found.tendered_cents = tendered.message;
        else if (tendered && amount.ok && tendered.cents < amount.cents)
          found.tendered_cents = 'The cash tendered must be at least the amount.';
        body.tendered_cents = tendered?.ok ? tendered.cents : body.amount_cents;
        break;
      case 'check':
        body.check_number = required('check_number', 'Check number');
        body.bank_name = required('bank_name', 'Bank');
        break;
      case 'card': {
        const auth = required('card_auth_code', 'Authorization code');
        if (auth && !found.card_auth_code && !/^[A-Za-z0-9]{4,12}$/.test(auth))
          found.card_auth_code = 'The authorization code has 4 to 12 letters or digits.';
        const last4 = required('card_last4', 'Last 4 digits');
        if (last4 && !found.card_last4 && !/^\d{4}$/.test(last4)) found.card_last4 = 'Enter exactly the last 4 digits.';
        body.card_auth_code = auth;
        body.card_last4 = last4;
        break;
      }
      case 'money_order':
        body.reference = required('reference', 'Serial number');
        break;
      case 'ach':
        body.reference = required('reference', 'ACH reference');
        break;
    }
    const memo = values.memo.trim();
    if (memo && !found.memo) body.memo = memo;
    return { body: Object.keys(found).length ? null : body, errors: found, cleared };
  }

  async function submit(event?: Event) {
    event?.preventDefault();
    if (posting.current || result) return;
    const checked = validate();
    if (checked.cleared.length) {
      // Never keep a full card number around, not even in the form.
      setValues((v) => ({ ...v, ...Object.fromEntries(checked.cleared.map((f) => [f, ''])) }));
      setBanner({ kind: 'card', message: CARD_NUMBER_MESSAGE });
    }
    if (!checked.body) {
      setErrors(checked.errors);
      focusFirstError(form.current);
      return;
    }
    posting.current = true;
    setBusy(true);
    setErrors({});
    if (!checked.cleared.length) setBanner(null);
    try {
      const payment = await postPayment(checked.body, key.current());
      setResult(payment);
      props.onPosted(payment);
    } catch (e) {
      key.settle(e);
      const reason = e instanceof ApiError ? e.reason : '';
      const message = e instanceof Error ? e.message : 'The payment was not posted.';
      if (reason === 'DRAWER_NOT_OPEN') {
        setBanner({ kind: 'drawer', message });
        window.setTimeout(() => document.getElementById('f-opening_float_cents')?.focus(), 0);
      } else if (reason === 'CASH_ONLY') {
        setBanner({ kind: 'cash-only', message });
        setErrors({ tender: 'Not accepted while the account is cash only.' });
        focusFirstError(form.current);
      } else if (reason === 'CARD_NUMBER_REFUSED') {
        const field = e instanceof ApiError && e.field ? e.field : '';
        if (field in values) setValues((v) => ({ ...v, [field]: '' }));
        setErrors(field ? { [field]: message } : {});
        setBanner({ kind: 'card', message });
        focusFirstError(form.current);
      } else if (reason === 'IDEMPOTENCY_KEY_REUSED') {
        setBanner({
          kind: 'error',
          message:
            'An earlier attempt of this payment, with other values, may already have posted. Close this form and check the transactions before taking it again.',
        });
      } else {
        const rest = placeApiError(e, FIELDS, setErrors);
        if (rest) setBanner({ kind: 'error', message: rest });
        focusFirstError(form.current);
      }
    } finally {
      posting.current = false;
      setBusy(false);
    }
  }

  const subtitle = (
    <>
      <span class="mono">{props.accountNumber}</span> · {props.customerName}
      {props.ledger && (
        <>
          {' '}
          · Balance <BalanceAmount money={props.ledger.balance} />
        </>
      )}
    </>
  );

  if (configError) {
    return (
      <Dialog id="take-payment" title="Take payment" subtitle={subtitle} onClose={props.onClose}>
        <ErrorMessage error={configError} />
      </Dialog>
    );
  }
  if (!config) {
    return (
      <Dialog id="take-payment" title="Take payment" subtitle={subtitle} onClose={props.onClose} ready={false}>
        <Loading />
      </Dialog>
    );
  }

  if (result) {
    return (
      <Dialog id="take-payment" title="Payment posted" subtitle={subtitle} onClose={props.onClose}>
        <PaymentReceipt payment={result} tenderLabel={tenderName(config, result.tender)} onClose={props.onClose} />
      </Dialog>
    );
  }

  const change = tender === 'cash' && amount.ok && tendered?.ok ? tendered.cents - amount.cents : null;

  return (
    <Dialog id="take-payment" title="Take payment" subtitle={subtitle} onClose={props.onClose} busy={busy} initialFocus="#f-amount_cents">
      {cashOnly && banner?.kind !== 'cash-only' && (
        <div class="alert alert-warning" role="note">
          <strong>Cash only</strong> until {formatDate(cashOnly)} after a returned payment: cash or certified funds,
          no personal checks.
        </div>
      )}
      {banner?.kind === 'drawer' && (
        <OpenDrawerInline
          message={banner.message}
          onOpened={(text) => {
            setBanner({ kind: 'info', message: text });
            window.setTimeout(() => submitButton.current?.focus(), 0);
          }}
        />
      )}
      {banner?.kind === 'cash-only' && (
        <div class="alert alert-error" role="alert">
          <strong>Cash only.</strong> {banner.message}
        </div>
      )}
      {banner?.kind === 'card' && (
        <div class="alert alert-error" role="alert">
          <strong>Card number refused.</strong> {banner.message}
        </div>
      )}
      {banner?.kind === 'error' && (
        <div class="alert alert-error" role="alert">
          {banner.message}
        </div>
      )}
      {banner?.kind === 'info' && (
        <div class="alert alert-info" role="status">
          {banner.message}
        </div>
      )}
      <form ref={form} class="dialog-form" onSubmit={submit} onKeyDown={submitOnEnterInSelect} noValidate>
        <div class="pair">
          <MoneyField path="amount_cents" label="Amount" value={values.amount_cents} onChange={set('amount_cents')} errors={errors} required />
          <SelectField
            path="tender"
            label="Tender"
            value={tender}
            onChange={(value) => {
              set('tender')(value);
              setErrors({});
            }}
            errors={errors}
            options={config.tenders.map((t) => ({
              value: t.code,
              label: cashOnly && t.code === 'check' ? `${t.name} (refused: cash only)` : t.name,
            }))}
          />
        </div>
        {tender === 'cash' && (
          <div class="pair">
            <MoneyField
              path="tendered_cents"
              label="Cash tendered"
              value={values.tendered_cents}
              onChange={set('tendered_cents')}
              errors={errors}
              placeholder={amount.ok ? centsToInput(amount.cents) : '0.00'}
              hint="Blank: the exact amount"
            />
            <div class="change-due" role="status" aria-live="polite" id="change-due">
              <span class="change-label">Change due</span>
              <span class={'change-value' + (change !== null && change < 0 ? ' short' : '')}>
                {change === null ? (amount.ok ? '$0.00' : '—') : change < 0 ? `Short ${formatCents(-change)}` : formatCents(change)}
              </span>
            </div>
          </div>
        )}
        {tender === 'check' && (
          <div class="pair">
            <TextField path="check_number" label="Check number" value={values.check_number} onChange={set('check_number')} errors={errors} required input={{ autoComplete: 'off', inputMode: 'numeric' }} />
            <TextField path="bank_name" label="Bank" value={values.bank_name} onChange={set('bank_name')} errors={errors} required input={{ autoComplete: 'off' }} />
          </div>
        )}
        {tender === 'card' && (
          <>
            <div class="pair">
              <TextField path="card_auth_code" label="Authorization code" value={values.card_auth_code} onChange={set('card_auth_code')} errors={errors} required input={{ autoComplete: 'off', maxLength: 12, spellcheck: false }} />
              <TextField path="card_last4" label="Card last 4 digits" value={values.card_last4} onChange={set('card_last4')} errors={errors} required input={{ autoComplete: 'off', inputMode: 'numeric', maxLength: 4, placeholder: '1234' }} />
            </div>
            <p class="card-hint" id="card-hint">
              <strong>Never enter the full card number.</strong> Run the card on the city terminal, then type its
              authorization code and the last 4 digits.
            </p>
          </>
        )}
        {(tender === 'money_order' || tender === 'ach') && (
          <TextField
            path="reference"
            label={tender === 'ach' ? 'ACH reference' : 'Money order serial number'}
            value={values.reference}
            onChange={set('reference')}
            errors={errors}
            required
            input={{ autoComplete: 'off', spellcheck: false }}
          />
        )}
        <TextField path="memo" label="Memo" value={values.memo} onChange={set('memo')} errors={errors} input={{ autoComplete: 'off' }} />
        <div class="form-actions">
          <button ref={submitButton} type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Posting…' : amount.ok ? `Post ${formatCents(amount.cents)} payment` : 'Post payment'}
          </button>
          <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <span class="muted keys">
            <kbd>Enter</kbd> post · <kbd>Esc</kbd> cancel
          </span>
        </div>
      </form>
    </Dialog>
  );
}

/** What a posted payment did: change due first (the customer is waiting for it), then the rest. */
function PaymentReceipt(props: { payment: Payment; tenderLabel: string; onClose: () => void }) {
  const p = props.payment;
  const root = useRef<HTMLDivElement>(null);
  // Focus lands on the summary itself, not on a button, so a stray second Enter does nothing.
  useEffect(() => root.current?.focus(), []);
  const detail =
    p.tender === 'check'
      ? `No. ${p.check_number ?? ''}${p.bank_name ? ', ' + p.bank_name : ''}`
      : p.tender === 'card'
        ? `•••• ${p.card_last4 ?? ''}${p.card_auth_code ? ', auth ' + p.card_auth_code : ''}`
        : p.reference;
  return (
    <div class="receipt" id="payment-receipt" tabIndex={-1} ref={root}>
      {p.change_due && p.change_due.cents > 0 && (
        <div class="change-due change-due-big" role="status">
          <span class="change-label">Change due</span>
          <span class="change-value">{p.change_due.text}</span>
        </div>
      )}
      <dl class="kvs">
        <div class="kv">
          <dt>Amount</dt>
          <dd>
            <Amount money={p.amount} strong />
          </dd>
        </div>
        <div class="kv">
          <dt>Tender</dt>
          <dd>
            {props.tenderLabel}
            {detail && <span class="muted"> · {detail}</span>}
          </dd>
        </div>
        {p.tendered && (
          <div class="kv">
            <dt>Tendered</dt>
            <dd>
              <Amount money={p.tendered} />
            </dd>
          </div>
        )}
        {p.applied.length > 0 && (
          <div class="kv">
            <dt>Applied</dt>
            <dd>
              {p.applied.map((a) => (
                <div key={a.fund} class="applied-line">
                  <span>{fundName(a.fund)}</span> <Amount money={a.amount} />
                </div>
              ))}
            </dd>
          </div>
        )}
        {p.unapplied && p.unapplied.cents !== 0 && (
          <div class="kv">
            <dt>To credit</dt>
            <dd>
              <Amount money={p.unapplied} />
            </dd>
          </div>
        )}
        <div class="kv">
          <dt>New balance</dt>
          <dd id="payment-new-balance">
            <BalanceAmount money={p.balance_after} strong />
          </dd>
        </div>
        <div class="kv">
          <dt>Receipt</dt>
          <dd class="mono">{p.id}</dd>
        </div>
      </dl>
      <div class="form-actions">
        <a class="btn btn-primary" id="print-receipt" href={p.receipt_url} target="_blank" rel="noopener">
          Print receipt
        </a>
        <button type="button" class="btn" onClick={props.onClose}>
          Done
        </button>
        <span class="muted keys">
          <kbd>Esc</kbd> close
        </span>
      </div>
    </div>
  );
}

/** Shown when the server answers DRAWER_NOT_OPEN: open one here, then post again. */
function OpenDrawerInline(props: { message: string; onOpened: (text: string) => void }) {
  const [float, setFloat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const parsed = float.trim() ? parseMoney(float) : ({ ok: true, cents: 0 } as const);
    if (!parsed.ok || parsed.cents < 0) {
      setErrors({ opening_float_cents: parsed.ok ? 'The float cannot be negative.' : parsed.message });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const drawer = await openDrawer(parsed.cents);
      props.onOpened(`Drawer open with a ${drawer.opening_float.text} float. Press Enter to post the payment.`);
    } catch (e) {
      const rest = placeApiError(e, ['opening_float_cents'], setErrors);
      if (rest) setError(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="alert alert-error drawer-alert" role="alert">
      <p>
        <strong>No open drawer.</strong> {props.message} Open one now, or go to the <a href={href('/drawer')}>Drawer page</a>.
      </p>
      <form class="inline-drawer" onSubmit={submit} noValidate>
        <MoneyField path="opening_float_cents" label="Opening float" value={float} onChange={setFloat} errors={errors} placeholder="0.00" />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Opening…' : 'Open drawer'}
        </button>
      </form>
      {error && <div class="field-error">{error}</div>}
    </div>
  );
}
