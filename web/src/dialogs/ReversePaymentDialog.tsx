// Reverse a payment: a returned check or ACH (which also charges the returned-item fee, marks the
// account cash only and adds a note), or a payment posted in error (reversal only).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getPayment, reversePayment } from '../api';
import { Dialog, DoneView } from '../components/Dialog';
import { SelectField, TextField, type FieldErrors } from '../components/Fields';
import { Amount, BalanceAmount } from '../components/Money';
import { ErrorMessage, Loading } from '../components/Panel';
import { RETURNABLE_TENDERS, RETURNED_ITEM_REASONS, tenderName, useFinanceConfig } from '../finance';
import { formatDate } from '../format';
import { submitOnEnterInSelect, useFormSubmit } from '../forms';
import type { Payment, Transaction } from '../types';

const FIELDS = ['reason', 'memo'] as const;

export function ReversePaymentDialog(props: {
  paymentId: string;
  transaction: Transaction;
  onDone: (payment: Payment) => void;
  onClose: () => void;
}) {
  const { config, error: configError } = useFinanceConfig();
  const [reason, setReason] = useState('');
  const [memo, setMemo] = useState('');
  const [result, setResult] = useState<Payment | null>(null);
  const { errors, setErrors, banner, busy, form, refuse, send } = useFormSubmit(FIELDS, (e) =>
    e instanceof ApiError && e.reason === 'PAYMENT_ALREADY_REVERSED'
      ? 'This payment was already reversed. Close this form to see the current transactions.'
      : null,
  );
  const [payment, setPayment] = useState<Payment | null>(null);
  const returned = RETURNED_ITEM_REASONS.includes(reason);
  const t = props.transaction;
  // Only checks, money orders and ACH come back from a bank; other tenders are reversed as
  // posted in error (the server refuses the rest with NOT_A_RETURNABLE_TENDER).
  const returnable = payment ? RETURNABLE_TENDERS.includes(payment.tender) : true;
  const reasons = (config?.return_reasons ?? []).filter((r) => returnable || !RETURNED_ITEM_REASONS.includes(r.code));

  useEffect(() => {
    const controller = new AbortController();
    getPayment(props.paymentId, controller.signal).then(setPayment, () => undefined);
    return () => controller.abort();
  }, [props.paymentId]);

  async function submit(event?: Event) {
    event?.preventDefault();
    if (result) return;
    const found: FieldErrors = {};
    if (!reason) found.reason = 'Choose why the payment is reversed.';
    if (!memo.trim()) found.memo = 'Say what happened (for example, the bank’s return notice).';
    if (Object.keys(found).length) {
      refuse(found);
      return;
    }
    await send(async (key) => {
      const reversed = await reversePayment(props.paymentId, { reason, memo: memo.trim() }, key);
      setResult(reversed);
      props.onDone(reversed);
    });
  }

  return (
    <Dialog
      id="reverse-payment"
      title="Reverse payment"
      subtitle={
        <>
          <span class="mono">{props.paymentId}</span> · {formatDate(t.effective_on)} ·{' '}
          {payment ? (
            <>
              <Amount money={payment.amount} /> {tenderName(config, payment.tender)}
              {payment.check_number ? ` no. ${payment.check_number}` : ''}
            </>
          ) : (
            <Amount money={t.amount} />
          )}
        </>
      }
      onClose={props.onClose}
      busy={busy}
      ready={Boolean(config)}
    >
      {configError ? (
        <ErrorMessage error={configError} />
      ) : !config ? (
        <Loading />
      ) : result ? (
        <DoneView title="Payment reversed" onClose={props.onClose}>
          <p>
            <Amount money={result.amount} strong /> is back on the account; new balance{' '}
            <BalanceAmount money={result.balance_after} />.
          </p>
          {result.reversal?.fee_entry_id && <p>The returned-item fee was charged and a note added.</p>}
          {result.reversal?.cash_only_until && (
            <p>
              <span class="badge badge-cash-only">Cash only</span> until {formatDate(result.reversal.cash_only_until)}.
            </p>
          )}
        </DoneView>
      ) : (
        <form ref={form} class="dialog-form" onSubmit={submit} onKeyDown={submitOnEnterInSelect} noValidate>
          {banner && (
            <div class="alert alert-error" role="alert">
              {banner}
            </div>
          )}
          <SelectField
            path="reason"
            label="Reason"
            value={reason}
            onChange={(v) => {
              setReason(v);
              setErrors({});
            }}
            errors={errors}
            required
            placeholder="Choose a reason…"
            options={reasons.map((r) => ({ value: r.code, label: r.name }))}
            hint={
              payment && !returnable
                ? `${tenderName(config, payment.tender)} does not come back from a bank: reverse it only if it was posted in error.`
                : undefined
            }
          />
          <TextField path="memo" label="Memo" value={memo} onChange={setMemo} errors={errors} required input={{ autoComplete: 'off', maxLength: 500 }} />
          {reason && (
            <div class={returned ? 'alert alert-warning' : 'muted approval-note'} role="status">
              {returned
                ? 'A returned item also charges the returned-item fee, marks the account cash only, and adds a note.'
                : 'Reverses the payment only: no fee, no cash-only mark.'}
            </div>
          )}
          <div class="form-actions">
            <button type="submit" class="btn btn-danger" disabled={busy}>
              {busy ? 'Reversing…' : 'Reverse payment'}
            </button>
            <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
              Cancel
            </button>
            <span class="muted keys">
              <kbd>Enter</kbd> reverse · <kbd>Esc</kbd> cancel
            </span>
          </div>
        </form>
      )}
    </Dialog>
  );
}
