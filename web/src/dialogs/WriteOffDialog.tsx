// A supervisor writes off what a final account still owes, as uncollectible (bad debt).
import { useState } from 'preact/hooks';
import { writeOffBalance } from '../api';
import { Dialog, DoneView } from '../components/Dialog';
import { TextField } from '../components/Fields';
import { Amount } from '../components/Money';
import { useFormSubmit } from '../forms';
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
  const [done, setDone] = useState(false);
  const { errors, banner, busy, form, refuse, send } = useFormSubmit(FIELDS);

  async function submit(event?: Event) {
    event?.preventDefault();
    if (done) return;
    if (!memo.trim()) {
      refuse({ memo: 'Say why the balance cannot be collected.' });
      return;
    }
    const sent = await send((key) => writeOffBalance(props.accountId, { memo: memo.trim() }, key).then(() => {}));
    if (sent) {
      setDone(true);
      props.onDone();
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
