// Add a fee from the finance configuration's fee schedule.
import { useState } from 'preact/hooks';
import { addFee } from '../api';
import { Dialog, DoneView } from '../components/Dialog';
import { SelectField, TextField } from '../components/Fields';
import { Amount } from '../components/Money';
import { ErrorMessage, Loading } from '../components/Panel';
import { useFinanceConfig } from '../finance';
import { submitOnEnterInSelect, useFormSubmit } from '../forms';
import type { FeeResult } from '../types';

const FIELDS = ['fee_code', 'memo'] as const;

export function AddFeeDialog(props: {
  accountId: string;
  accountNumber: string;
  customerName: string;
  onDone: (fee: FeeResult) => void;
  onClose: () => void;
}) {
  const { config, error: configError } = useFinanceConfig();
  const [feeCode, setFeeCode] = useState('');
  const [memo, setMemo] = useState('');
  const [result, setResult] = useState<FeeResult | null>(null);
  const { errors, setErrors, banner, busy, form, refuse, send } = useFormSubmit(FIELDS);
  const fee = config?.fees.find((f) => f.code === feeCode) ?? null;

  async function submit(event?: Event) {
    event?.preventDefault();
    if (result) return;
    if (!feeCode) {
      refuse({ fee_code: 'Choose a fee.' });
      return;
    }
    await send(async (key) => {
      const added = await addFee(props.accountId, { fee_code: feeCode, memo: memo.trim() }, key);
      setResult(added);
      props.onDone(added);
    });
  }

  return (
    <Dialog
      id="add-fee"
      title="Add fee"
      subtitle={
        <>
          <span class="mono">{props.accountNumber}</span> · {props.customerName}
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
        <DoneView title="Fee added" onClose={props.onClose}>
          <p>
            {config.fees.find((f) => f.code === result.fee_code)?.name ?? result.fee_code}:{' '}
            <Amount money={result.amount} strong /> charged to the account.
          </p>
        </DoneView>
      ) : (
        <form ref={form} class="dialog-form" onSubmit={submit} onKeyDown={submitOnEnterInSelect} noValidate>
          {banner && (
            <div class="alert alert-error" role="alert">
              {banner}
            </div>
          )}
          <SelectField
            path="fee_code"
            label="Fee"
            value={feeCode}
            onChange={(v) => {
              setFeeCode(v);
              setErrors({});
            }}
            errors={errors}
            required
            placeholder="Choose a fee…"
            options={config.fees.map((f) => ({ value: f.code, label: `${f.name} — ${f.amount.text}` }))}
          />
          <TextField path="memo" label="Memo" value={memo} onChange={setMemo} errors={errors} input={{ autoComplete: 'off', maxLength: 500 }} />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Adding…' : fee ? `Add ${fee.amount.text} fee` : 'Add fee'}
            </button>
            <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
              Cancel
            </button>
            <span class="muted keys">
              <kbd>Enter</kbd> add · <kbd>Esc</kbd> cancel
            </span>
          </div>
        </form>
      )}
    </Dialog>
  );
}
