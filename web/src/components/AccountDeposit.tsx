// The account page's deposit panel: quote the deposit with its reasons (owner or renter, the
// credit bureau's result), set it with its installments, ask a supervisor to lower or waive it,
// bill an installment or take it up front, and see what is held (docs/console.md, "Deposits").
import { useEffect, useState } from 'preact/hooks';
import {
  accountDeposit, decideDepositReduction, depositAction, isAbort, quoteDeposit, requestDepositReduction, setDeposit,
  type AccountDeposit as AccountDepositData, type DepositQuote, type DepositQuoteBody,
} from '../api';
import { formatDate } from '../format';
import { parseMoney } from '../money';
import { useSession } from '../session';
import { ErrorMessage, Loading, Panel } from './Panel';

export function AccountDeposit({ accountId }: { accountId: string }) {
  const { can, session } = useSession();
  const user = session.user as { id?: string };
  const [data, setData] = useState<AccountDepositData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [tenure, setTenure] = useState<'renter' | 'owner'>('renter');
  const [rating, setRating] = useState('');
  const [reference, setReference] = useState('');
  const [installments, setInstallments] = useState(1);
  const [quote, setQuote] = useState<DepositQuote | null>(null);
  const [lower, setLower] = useState('');
  const [reason, setReason] = useState('');
  const refresh = () => setReload((n) => n + 1);

  useEffect(() => {
    const controller = new AbortController();
    accountDeposit(accountId, controller.signal).then(setData, (e) => !isAbort(e) && setError(e));
    return () => controller.abort();
  }, [accountId, reload]);

  const body = (): DepositQuoteBody => ({
    tenure,
    ...(tenure === 'owner' ? { credit_rating: rating, credit_reference: reference } : {}),
  });
  const run = (work: () => Promise<unknown>) => {
    setActionError(null);
    work().then(() => refresh(), setActionError);
  };

  const deposit = data?.deposit ?? null;
  const pending = data?.approvals.filter((a) => a.status === 'pending') ?? [];
  const writer = can('accounts.write');
  return (
    <Panel title="Deposit" id="deposit">
      {error ? (
        <ErrorMessage error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          {deposit ? (
            <div class="deposit-status">
              <p>
                Required <strong>{deposit.required.text}</strong> (guidelines: {deposit.computed.text}) over{' '}
                {deposit.installments} bill{deposit.installments === 1 ? '' : 's'}, {deposit.installments_billed} billed; held{' '}
                <strong>{data.held.text}</strong>; still to bill {data.still_to_bill.text}. Status {deposit.status}.
              </p>
              <ul class="deposit-reasons">
                {deposit.reasons.map((r) => <li key={r}>{r}</li>)}
              </ul>
              {writer && deposit.status === 'open' && data.still_to_bill.cents > 0 && (
                <p>
                  <button type="button" class="btn btn-small" onClick={() => run(() => depositAction(accountId, 'bill'))}>
                    Bill next installment
                  </button>{' '}
                  <button type="button" class="btn btn-small" onClick={() => run(() => depositAction(accountId, 'paid'))}>
                    Paid up front
                  </button>
                </p>
              )}
            </div>
          ) : (
            <p class="muted">No deposit set.</p>
          )}
          {pending.map((a) => (
            <p key={a.id} class="deposit-approval">
              Waiting for a supervisor: {a.waiver ? 'waive' : `lower to ${a.requested.text}`} — “{a.reason}” ({a.requested_by.display_name}).{' '}
              {can('approvals.decide') && a.requested_by.id !== user?.id && (
                <>
                  <button type="button" class="btn btn-small" onClick={() => run(() => decideDepositReduction(a.id, 'approve', ''))}>Approve</button>{' '}
                  <button type="button" class="btn btn-small" onClick={() => run(() => decideDepositReduction(a.id, 'reject', ''))}>Reject</button>
                </>
              )}
            </p>
          ))}
          {writer && (!deposit || (deposit.status === 'open' && deposit.installments_billed === 0)) && (
            <form class="deposit-form" onSubmit={(e) => { e.preventDefault(); run(() => quoteDeposit(accountId, body()).then(setQuote)); }}>
              <label>
                Customer is{' '}
                <select value={tenure} onChange={(e) => setTenure((e.target as HTMLSelectElement).value as 'renter' | 'owner')}>
                  <option value="renter">Renter</option>
                  <option value="owner">Owner</option>
                </select>
              </label>{' '}
              {tenure === 'owner' && (
                <>
                  <label>
                    Credit result{' '}
                    <select name="credit_rating" value={rating} onChange={(e) => setRating((e.target as HTMLSelectElement).value)}>
                      <option value="">—</option>
                      <option value="good">Good</option>
                      <option value="fair">Fair</option>
                      <option value="poor">Poor</option>
                      <option value="no_file">No file</option>
                    </select>
                  </label>{' '}
                  <label>
                    Report reference{' '}
                    <input name="credit_reference" value={reference} onInput={(e) => setReference((e.target as HTMLInputElement).value)} />
                  </label>{' '}
                </>
              )}
              <button type="submit" class="btn btn-small">Quote</button>
              {quote && (
                <div class="deposit-quote">
                  <p>
                    Deposit <strong>{quote.amount.text}</strong> ({quote.rate_class}; {quote.late_payments} late,{' '}
                    {quote.returned_payments} returned payments)
                  </p>
                  <ul>{quote.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
                  <label>
                    Bills{' '}
                    <select value={String(installments)} onChange={(e) => setInstallments(Number((e.target as HTMLSelectElement).value))}>
                      {Array.from({ length: quote.installments_max }, (_, i) => i + 1).map((n) => (
                        <option key={n} value={String(n)}>{n}</option>
                      ))}
                    </select>
                  </label>{' '}
                  <button type="button" class="btn btn-small" onClick={() => run(() => setDeposit(accountId, { ...body(), installments }))}>
                    Set deposit
                  </button>
                </div>
              )}
            </form>
          )}
          {writer && deposit?.status === 'open' && pending.length === 0 && deposit.required.cents > 0 && (
            <form
              class="deposit-reduction"
              onSubmit={(e) => {
                e.preventDefault();
                const parsed = parseMoney(lower || '0');
                if (!parsed.ok) { setActionError(new Error(parsed.message)); return; }
                run(() => requestDepositReduction(accountId, { amount_cents: parsed.cents, reason }));
              }}
            >
              <label>
                Lower to{' '}
                <input name="amount" placeholder="0.00 waives" value={lower} onInput={(e) => setLower((e.target as HTMLInputElement).value)} />
              </label>{' '}
              <label>
                Reason <input name="reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
              </label>{' '}
              <button type="submit" class="btn btn-small">Ask a supervisor</button>
            </form>
          )}
          {actionError ? <ErrorMessage error={actionError} /> : null}
          {data.events.length > 0 && (
            <table class="table deposit-events">
              <thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col">Amount</th></tr></thead>
              <tbody>
                {data.events.map((ev) => (
                  <tr key={ev.entry_id}><td>{formatDate(ev.effective_on)}</td><td>{ev.kind}</td><td>{ev.amount.text}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Panel>
  );
}
