// Add a fee from the finance configuration's fee schedule.
import { useRef, useState } from 'preact/hooks';
import { addFee } from '../api';
import { Dialog, DoneView } from '../components/Dialog';
import { SelectField, TextField, type FieldErrors } from '../components/Fields';
import { Amount } from '../components/Money';
import { ErrorMessage, Loading } from '../components/Panel';
import { useFinanceConfig } from '../finance';
import { focusFirstError, placeApiError, submitOnEnterInSelect, useIdempotencyKey } from '../forms';
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FeeResult | null>(null);
  const posting = useRef(false);
  const key = useIdempotencyKey();
  const form = useRef<HTMLFormElement>(null);
  const fee = config?.fees.find((f) => f.code === feeCode) ?? null;

  async function submit(event?: Event) {
    event?.preventDefault();
    if (posting.current || result) return;
    if (!feeCode) {
      setErrors({ fee_code: 'Choose a fee.' });
      focusFirstError(form.current);
      return;
    }
    posting.current = true;
    setBusy(true);
    setErrors({});
    setBanner(null);
    try {
      const added = await addFee(props.accountId, { fee_code: feeCode, memo: memo.trim() }, key.current());
      setResult(added);
      props.onDone(added);
    } catch (e) {
      key.settle(e);
      const rest = placeApiError(e, FIELDS, setErrors);
      if (rest) setBanner(rest);
      focusFirstError(form.current);
    } finally {
      posting.current = false;
      setBusy(false);
    }
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
