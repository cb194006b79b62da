// An account's journal entries, newest first: date, kind, memo, amount and the balance after.
// A row expands to its GL lines; reversed entries are marked; payments offer their receipt and
// (with payments.reverse) a reversal.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { accountTransactions, isAbort, receiptUrl } from '../api';
import { fundName, kindName } from '../finance';
import { formatDate, formatInstant } from '../format';
import { formatCents } from '../money';
import type { Transaction } from '../types';
import { Amount } from './Money';
import { ErrorMessage, Loading, Panel } from './Panel';

interface State {
  items: Transaction[];
  next?: string;
  loading: boolean;
  error: unknown;
}

export function TransactionsPanel(props: {
  accountId: string;
  /** Changes whenever money moved: the list reloads from its first page. */
  refreshKey: number;
  canReverse: boolean;
  onReverse: (transaction: Transaction) => void;
}) {
  const [state, setState] = useState<State>({ items: [], loading: true, error: null });
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const controller = useRef<AbortController | null>(null);

  async function load(pageToken?: string) {
    if (!pageToken) controller.current?.abort();
    const mine = pageToken && controller.current ? controller.current : new AbortController();
    controller.current = mine;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const page = await accountTransactions(props.accountId, pageToken, mine.signal);
      setState((s) => ({
        items: pageToken ? [...s.items, ...page.data] : page.data,
        next: page.next_page_token,
        loading: false,
        error: null,
      }));
    } catch (e) {
      if (!isAbort(e)) setState((s) => ({ ...s, loading: false, error: e }));
    }
  }

  useEffect(() => {
    void load();
  }, [props.accountId, props.refreshKey]);
  useEffect(() => () => controller.current?.abort(), []);

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Panel title="Transactions" id="transactions">
      <ErrorMessage error={state.error} />
      {state.items.length === 0 && !state.loading && !state.error && <p class="empty">No transactions yet.</p>}
      {state.items.length > 0 && (
        <table class="table txn-table">
          <caption class="visually-hidden">Transactions, newest first</caption>
          <thead>
            <tr>
              <th scope="col" class="txn-toggle-col">
                <span class="visually-hidden">Lines</span>
              </th>
              <th scope="col">Date</th>
              <th scope="col">Kind</th>
              <th scope="col">Memo</th>
              <th scope="col" class="num">
                Amount
              </th>
              <th scope="col" class="num">
                Balance
              </th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.items.map((t) => {
              const expanded = open.has(t.entry_id);
              const reversed = Boolean(t.reversed_by);
              return (
                <Fragment key={t.entry_id}>
                  <tr class={'txn' + (reversed ? ' txn-reversed' : '') + (t.reverses ? ' txn-reversal' : '')} data-entry={t.entry_id}>
                    <td class="txn-toggle-col">
                      <button
                        type="button"
                        class="txn-toggle"
                        aria-expanded={expanded}
                        aria-controls={`lines-${t.entry_id}`}
                        title={expanded ? 'Hide GL lines' : 'Show GL lines'}
                        onClick={() => toggle(t.entry_id)}
                      >
                        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
                        <span class="visually-hidden">GL lines of {t.entry_id}</span>
                      </button>
                    </td>
                    <td class="nowrap">{formatDate(t.effective_on)}</td>
                    <td class="nowrap">
                      {kindName(t.kind)}
                      {reversed && <span class="badge badge-reversed">Reversed</span>}
                      {t.reverses && <span class="badge badge-reversal">Reversal</span>}
                    </td>
                    <td class="txn-memo">{t.memo}</td>
                    <td class="num nowrap txn-amount">
                      <Amount money={t.amount} />
                    </td>
                    <td class="num nowrap">
                      <Amount money={t.balance_after} />
                    </td>
                    <td class="nowrap txn-actions">
                      {t.payment_id && t.kind === 'payment' && (
                        <>
                          <a class="btn btn-small" href={receiptUrl(t.payment_id)} target="_blank" rel="noopener">
                            Receipt
                          </a>
                          {props.canReverse && !reversed && (
                            <button type="button" class="btn btn-small" onClick={() => props.onReverse(t)}>
                              Reverse
                            </button>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                  {expanded && (
                    <tr class="txn-lines-row" id={`lines-${t.entry_id}`}>
                      <td />
                      <td colSpan={6}>
                        <div class="txn-meta">
                          <span class="mono">{t.entry_id}</span> · posted {formatInstant(t.posted_at)}
                          {t.posted_by && <> by {t.posted_by.display_name}</>}
                          {t.reverses && (
                            <>
                              {' '}
                              · reverses <span class="mono">{t.reverses}</span>
                            </>
                          )}
                          {t.reversed_by && (
                            <>
                              {' '}
                              · reversed by <span class="mono">{t.reversed_by}</span>
                            </>
                          )}
                        </div>
                        <table class="lines-table">
                          <caption class="visually-hidden">GL lines of {t.entry_id}</caption>
                          <thead>
                            <tr>
                              <th scope="col">GL</th>
                              <th scope="col">Account</th>
                              <th scope="col">Fund</th>
                              <th scope="col" class="num">
                                Debit
                              </th>
                              <th scope="col" class="num">
                                Credit
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            {t.lines.map((line, index) => (
                              <tr key={index}>
                                <td class="mono">{line.gl_code}</td>
                                <td>{line.gl_name}</td>
                                <td>{fundName(line.fund)}</td>
                                <td class="num">{line.amount.cents > 0 ? line.amount.text : ''}</td>
                                <td class="num">{line.amount.cents < 0 ? formatCents(-line.amount.cents) : ''}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {state.loading && <Loading />}
      {state.next && !state.loading && (
        <button type="button" class="btn btn-small" onClick={() => void load(state.next)}>
          Older transactions
        </button>
      )}
    </Panel>
  );
}
