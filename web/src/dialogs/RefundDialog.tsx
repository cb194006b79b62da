// Request a refund of part or all of an account's credit; it always waits for approval.
import { useState } from 'preact/hooks';
import { requestRefund } from '../api';
import { Dialog, DoneView } from '../components/Dialog';
import { TextField, type FieldErrors } from '../components/Fields';
import { Amount, MoneyField } from '../components/Money';
import { useFormSubmit } from '../forms';
import { centsToInput, parsePositiveMoney } from '../money';
import type { AccountLedger, Refund } from '../types';

const FIELDS = ['amount_cents', 'memo'] as const;

export function RefundDialog(props: {
  accountId: string;
  accountNumber: string;
  customerName: string;
  ledger: AccountLedger | null;
  onDone: (refund: Refund) => void;
  onClose: () => void;
}) {
  const credit = props.ledger?.credit.cents ?? 0;
  const [amountText, setAmountText] = useState(credit > 0 ? centsToInput(credit) : '');
  const [memo, setMemo] = useState('');
  const [result, setResult] = useState<Refund | null>(null);
  const { errors, setErrors, banner, busy, form, refuse, send } = useFormSubmit(FIELDS);

  async function submit(event?: Event) {
    event?.preventDefault();
    if (result) return;
    const amount = parsePositiveMoney(amountText);
    const found: FieldErrors = {};
    if (!amount.ok) found.amount_cents = amount.message;
    if (!memo.trim()) found.memo = 'Say why, for the approver (for example, “final bill credit”).';
    if (!amount.ok || Object.keys(found).length) {
      refuse(found);
      return;
    }
    await send(async (key) => {
      const refund = await requestRefund(
        { account_id: props.accountId, amount_cents: amount.cents, memo: memo.trim() },
        key,
      );
      setResult(refund);
      props.onDone(refund);
    });
  }

  return (
    <Dialog
      id="refund"
      title="Request refund"
      subtitle={
        <>
          <span class="mono">{props.accountNumber}</span> · {props.customerName}
          {props.ledger && (
            <>
              {' '}
              · Credit <Amount money={props.ledger.credit} />
            </>
          )}
        </>
      }
      onClose={props.onClose}
      busy={busy}
      initialFocus="#f-amount_cents"
    >
      {result ? (
        <DoneView title="Refund requested" onClose={props.onClose}>
          <p>
            <Amount money={result.amount} strong /> waits for a supervisor's approval under Approvals; it is paid once
            approved.
          </p>
        </DoneView>
      ) : (
        <form ref={form} class="dialog-form" onSubmit={submit} noValidate>
          {banner && (
            <div class="alert alert-error" role="alert">
              {banner}
            </div>
          )}
          {credit <= 0 && (
            <div class="alert alert-warning" role="note">
              This account has no credit to refund.
            </div>
          )}
          <MoneyField
            path="amount_cents"
            label="Amount"
            value={amountText}
            onChange={(v) => {
              setAmountText(v);
              setErrors((e) => ({ ...e, amount_cents: '' }));
            }}
            errors={errors}
            required
            hint="Part or all of the credit"
          />
          <TextField path="memo" label="Memo" value={memo} onChange={setMemo} errors={errors} required input={{ autoComplete: 'off', maxLength: 500 }} />
          <p class="muted approval-note">Refunds always wait for a supervisor's approval.</p>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Sending…' : 'Request refund'}
            </button>
            <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
              Cancel
            </button>
            <span class="muted keys">
              <kbd>Enter</kbd> request · <kbd>Esc</kbd> cancel
            </span>
          </div>
        </form>
      )}
    </Dialog>
  );
}
