// Adjust an account's balance: direction, amount, fund, reason, memo. Says beforehand whether it
// will post at once or wait for a supervisor (over the configured amount, or by its reason).
import { useState } from 'preact/hooks';
import { requestAdjustment } from '../api';
import { Dialog, DoneView } from '../components/Dialog';
import { SelectField, TextField, type FieldErrors } from '../components/Fields';
import { Amount, MoneyField } from '../components/Money';
import { ErrorMessage, Loading } from '../components/Panel';
import { fundName, useFinanceConfig } from '../finance';
import { submitOnEnterInSelect, useFormSubmit } from '../forms';
import { parsePositiveMoney } from '../money';
import type { Adjustment } from '../types';

const FIELDS = ['direction', 'amount_cents', 'fund', 'reason_code', 'memo', 'corrects_entry_id'] as const;

export function AdjustDialog(props: {
  accountId: string;
  accountNumber: string;
  customerName: string;
  onDone: (adjustment: Adjustment) => void;
  onClose: () => void;
}) {
  const { config, error: configError } = useFinanceConfig();
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit');
  const [amountText, setAmountText] = useState('');
  const [fund, setFund] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [memo, setMemo] = useState('');
  const [result, setResult] = useState<Adjustment | null>(null);
  const { errors, setErrors, banner, busy, form, refuse, send } = useFormSubmit(FIELDS);

  const amount = parsePositiveMoney(amountText);
  const reason = config?.adjustment_reasons.find((r) => r.code === reasonCode) ?? null;
  const threshold = config?.adjustment_approval_over ?? null;
  const overThreshold = Boolean(amount.ok && threshold && amount.cents > threshold.cents);
  const needsApproval = Boolean(reason?.always_needs_approval) || overThreshold;
  const chosenFund = fund || config?.funds[0] || '';

  const clear = (field: string) => errors[field] && setErrors((e) => ({ ...e, [field]: '' }));

  async function submit(event?: Event) {
    event?.preventDefault();
    if (result || !config) return;
    const found: FieldErrors = {};
    if (!amount.ok) found.amount_cents = amount.message;
    if (!reasonCode) found.reason_code = 'Choose a reason.';
    if (!memo.trim()) found.memo = 'Say why, for the approver and the auditors.';
    if (Object.keys(found).length) {
      refuse(found);
      return;
    }
    await send(async (key) => {
      const adjustment = await requestAdjustment(
        {
          account_id: props.accountId,
          direction,
          amount_cents: amount.ok ? amount.cents : 0,
          fund: chosenFund,
          reason_code: reasonCode,
          memo: memo.trim(),
        },
        key,
      );
      setResult(adjustment);
      props.onDone(adjustment);
    });
  }

  const subtitle = (
    <>
      <span class="mono">{props.accountNumber}</span> · {props.customerName}
    </>
  );

  return (
    <Dialog id="adjust" title="Adjust balance" subtitle={subtitle} onClose={props.onClose} busy={busy} ready={Boolean(config)} initialFocus="#f-amount_cents">
      {configError ? (
        <ErrorMessage error={configError} />
      ) : !config ? (
        <Loading />
      ) : result ? (
        <DoneView
          title={result.status === 'pending_approval' ? 'Sent for approval' : 'Adjustment posted'}
          onClose={props.onClose}
        >
          <p>
            {result.direction === 'credit' ? 'Credit' : 'Debit'} of <Amount money={result.amount} strong /> to{' '}
            {fundName(result.fund)}
            {result.status === 'pending_approval'
              ? ' waits for a supervisor. It appears under Approvals and posts when approved.'
              : ' is posted to the account.'}
          </p>
        </DoneView>
      ) : (
        <form ref={form} class="dialog-form" onSubmit={submit} onKeyDown={submitOnEnterInSelect} noValidate>
          {banner && (
            <div class="alert alert-error" role="alert">
              {banner}
            </div>
          )}
          <fieldset class="segmented" aria-label="Direction">
            {(
              [
                ['credit', 'Credit', 'lowers the balance'],
                ['debit', 'Debit', 'raises the balance'],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} class={'segment' + (direction === value ? ' checked' : '')}>
                <input
                  type="radio"
                  name="direction"
                  value={value}
                  checked={direction === value}
                  onChange={() => setDirection(value)}
                />
                {label} <span class="muted">({hint})</span>
              </label>
            ))}
          </fieldset>
          <div class="pair">
            <MoneyField
              path="amount_cents"
              label="Amount"
              value={amountText}
              onChange={(v) => {
                setAmountText(v);
                clear('amount_cents');
              }}
              errors={errors}
              required
            />
            <SelectField
              path="fund"
              label="Fund"
              value={chosenFund}
              onChange={(v) => {
                setFund(v);
                clear('fund');
              }}
              errors={errors}
              options={config.funds.map((f) => ({ value: f, label: fundName(f) }))}
            />
          </div>
          <SelectField
            path="reason_code"
            label="Reason"
            value={reasonCode}
            onChange={(v) => {
              setReasonCode(v);
              clear('reason_code');
            }}
            errors={errors}
            required
            placeholder="Choose a reason…"
            options={config.adjustment_reasons.map((r) => ({
              value: r.code,
              label: r.always_needs_approval ? `${r.name} (needs approval)` : r.name,
            }))}
          />
          <TextField
            path="memo"
            label="Memo"
            value={memo}
            onChange={(v) => {
              setMemo(v);
              clear('memo');
            }}
            errors={errors}
            required
            input={{ autoComplete: 'off', maxLength: 500 }}
          />
          <div class={'approval-note ' + (needsApproval ? 'alert alert-warning' : 'muted')} role="status" id="approval-note">
            {needsApproval
              ? reason?.always_needs_approval
                ? `Will wait for a supervisor's approval: “${reason.name}” always needs it.`
                : `Will wait for a supervisor's approval: it is over ${threshold?.text ?? 'the limit'}.`
              : `Posts at once${threshold ? ` (up to ${threshold.text}; more waits for approval)` : ''}.`}
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Sending…' : needsApproval ? 'Request approval' : 'Post adjustment'}
            </button>
            <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
              Cancel
            </button>
            <span class="muted keys">
              <kbd>Enter</kbd> submit · <kbd>Esc</kbd> cancel
            </span>
          </div>
        </form>
      )}
    </Dialog>
  );
}
