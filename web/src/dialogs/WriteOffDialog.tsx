// A supervisor writes off what a final account still owes, as uncollectible (bad debt).
import { useRef, useState } from 'preact/hooks';
import { writeOffBalance } from '../api';
import { Dialog, DoneView } from '../components/Dialog';
import { TextField, type FieldErrors } from '../components/Fields';
import { Amount } from '../components/Money';
import { focusFirstError, placeApiError, useIdempotencyKey } from '../forms';
import type { AccountLedger } from '../types';

const FIELDS = ['memo'] as const;

export function WriteOffDialog(props: {
  accountId: string;
  accountNumber: string;
  customerName: string;
  ledger: AccountLedger | null;
  onDone: () => void;
  onClose: () => void;
}) {
  const [memo, setMemo] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const posting = useRef(false);
  const key = useIdempotencyKey();
  const form = useRef<HTMLFormElement>(null);

  async function submit(event?: Event) {
    event?.preventDefault();
    if (posting.current || done) return;
    if (!memo.trim()) {
      setErrors({ memo: 'Say why the balance cannot be collected.' });
      focusFirstError(form.current);
      return;
    }
    posting.current = true;
    setBusy(true);
    setErrors({});
    setBanner(null);
    try {
      await writeOffBalance(props.accountId, { memo: memo.trim() }, key.current());
      setDone(true);
      props.onDone();
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
      id="write-off"
      title="Write off balance"
      subtitle={
        <>
          <span class="mono">{props.accountNumber}</span> · {props.customerName}
          {props.ledger && (
            <>
              {' '}
              · Owes <Amount money={props.ledger.balance} />
            </>
          )}
        </>
      }
      onClose={props.onClose}
      busy={busy}
      initialFocus="#f-memo"
    >
      {done ? (
        <DoneView title="Balance written off" onClose={props.onClose}>
          <p>The balance was moved to bad debt. The account now owes nothing.</p>
        </DoneView>
      ) : (
        <form ref={form} class="dialog-form" onSubmit={submit} noValidate>
          {banner && (
            <div class="alert alert-error" role="alert">
              {banner}
            </div>
          )}
          <p class="muted">
            Everything this final account owes, in every fund, goes to bad debt in one entry. Any
            credit stays on the account.
          </p>
          <TextField
            path="memo"
            label="Reason"
            value={memo}
            onChange={setMemo}
            errors={errors}
            required
            input={{ autoComplete: 'off', maxLength: 500 }}
          />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Writing off…' : 'Write off'}
            </button>
            <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
