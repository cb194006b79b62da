// The account's starts, stops and transfers (GET /accounts/{id}/lifecycle), newest first: kind,
// dates, status, the turn-on or final-read order, the final bill and the paired account of a
// transfer. A stop whose final-read order is completed but whose final bill could not be posted
// (the request is still open) offers "Post final bill" (accounts.write).
import { useEffect, useState } from 'preact/hooks';
import { accountLifecycle, isAbort, listServiceOrders, postFinalBill } from '../api';
import { useIdempotencyKey } from '../forms';
import { formatDate, formatInstant } from '../format';
import { lifecycleKindName } from '../lifecycle';
import { href } from '../router';
import { serviceOrderStatusName } from '../serviceOrders';
import type { FinalBillResult, LifecycleRequest, ServiceOrder } from '../types';
import { ErrorMessage, Loading, Panel } from './Panel';
import { StatusBadge } from './StatusBadge';

export function ServiceHistoryPanel(props: {
  accountId: string;
  refreshKey: number;
  canWrite: boolean;
  /** After a final bill is posted: the account's status and money changed. */
  onChanged: () => void;
  /** Every load, so the page can tell whether a stop is already asked for. */
  onLoaded?: (requests: LifecycleRequest[]) => void;
}) {
  const [requests, setRequests] = useState<LifecycleRequest[] | null>(null);
  const [orders, setOrders] = useState<Map<string, ServiceOrder>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [posting, setPosting] = useState<string | null>(null);
  const [postError, setPostError] = useState<unknown>(null);
  const [posted, setPosted] = useState<FinalBillResult | null>(null);
  const key = useIdempotencyKey();

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    const loadOrders = (accountId: string) =>
      listServiceOrders({ status: 'all', accountId, pageSize: 100 }, controller.signal).then(
        (page) => setOrders((current) => new Map([...current, ...page.data.map((o) => [o.id, o] as const)])),
        () => undefined,
      );
    accountLifecycle(props.accountId, controller.signal).then(
      (page) => {
        setRequests(page.data);
        props.onLoaded?.(page.data);
        // A transfer lists the other account's half too: its order is listed with that account.
        const others = new Set(page.data.map((r) => r.account_id).filter((a) => a !== props.accountId));
        others.forEach((accountId) => void loadOrders(accountId));
      },
      (e) => !isAbort(e) && setError(e),
    );
    // The orders' numbers and statuses (an order is listed with its account).
    void loadOrders(props.accountId);
    return () => controller.abort();
  }, [props.accountId, props.refreshKey, reload]);

  async function finalBill(request: LifecycleRequest) {
    if (posting) return;
    setPosting(request.id);
    setPostError(null);
    setPosted(null);
    try {
      const result = await postFinalBill(props.accountId, key.current());
      setPosted(result);
      setReload((n) => n + 1);
      props.onChanged();
    } catch (e) {
      key.settle(e);
      setPostError(e);
    } finally {
      setPosting(null);
    }
  }

  return (
    <Panel title="Service history" id="service-history">
      {error ? (
        <ErrorMessage error={error} />
      ) : !requests ? (
        <Loading />
      ) : requests.length === 0 ? (
        <p class="empty">No starts or stops recorded through Cistern.</p>
      ) : (
        <table class="table lifecycle-table">
          <caption class="visually-hidden">Starts, stops and transfers of this account, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col">Order</th>
              <th scope="col">Final bill</th>
              <th scope="col">Transfer</th>
              <th scope="col">Recorded</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => {
              const order = r.order_id ? orders.get(r.order_id) : undefined;
              const here = r.account_id === props.accountId;
              const canPostFinal =
                here &&
                props.canWrite &&
                r.kind === 'stop' &&
                r.status === 'open' &&
                !r.final_bill_id &&
                order?.status === 'completed';
              return (
                <tr key={r.id} data-id={r.id} data-kind={r.kind} data-status={r.status}>
                  <td class="nowrap">
                    <strong>{lifecycleKindName(r)}</strong>
                    {!here && (
                      <div class="muted small">
                        of{' '}
                        <a class="mono" href={href(`/accounts/${r.account_id}`)}>
                          {r.account_number}
                        </a>
                      </div>
                    )}
                  </td>
                  <td class="nowrap">
                    {formatDate(r.requested_on)}
                    <div class="muted small">{r.kind === 'start' ? 'first day' : 'last day'}</div>
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                    {r.completed_at && <div class="muted small">{formatInstant(r.completed_at)}</div>}
                  </td>
                  <td>
                    {order ? (
                      <>
                        <span class="mono">{order.number}</span> · {order.type_name}
                        <div class="muted small">
                          {formatDate(order.requested_on)} {order.window_label} · {serviceOrderStatusName(order.status)}
                        </div>
                        {order.held_exception_id && r.status === 'open' && (
                          <div class="small warn-text">
                            Reading held for review:{' '}
                            <a href={href('/readings', { status: 'open', route: order.route })}>readings queue</a>
                          </div>
                        )}
                      </>
                    ) : r.order_id ? (
                      <span>{r.kind === 'start' ? 'Turn on' : 'Turn off, final read'}</span>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td>
                    {r.final_bill_id ? (
                      <a href={href(`/bills/${r.final_bill_id}`)}>Final bill</a>
                    ) : canPostFinal ? (
                      <button
                        type="button"
                        class="btn btn-small btn-primary"
                        disabled={posting !== null}
                        onClick={() => void finalBill(r)}
                      >
                        {posting === r.id ? 'Posting…' : 'Post final bill'}
                      </button>
                    ) : r.kind === 'stop' && r.status === 'open' ? (
                      <span class="muted small">after the final read</span>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td>
                    {r.paired_account_id === props.accountId ? (
                      <span class="muted">{r.kind === 'stop' ? 'to this account' : 'from this account'}</span>
                    ) : r.paired_account_id ? (
                      <>
                        {r.kind === 'stop' ? 'to ' : 'from '}
                        <a class="mono" href={href(`/accounts/${r.paired_account_id}`)}>
                          {r.paired_account_number || r.paired_account_id}
                        </a>
                      </>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td class="small">
                    {formatInstant(r.created_at)}
                    <div class="muted">{r.created_by?.display_name ?? ''}</div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {postError ? <ErrorMessage error={postError} /> : null}
      {posted && (
        <div class="alert alert-success final-bill-result" role="status">
          <strong>Final bill posted.</strong> Current charges {posted.current_charges.text}, total due{' '}
          {posted.total_due.text}
          {posted.deposit_applied && <>, deposit applied {posted.deposit_applied.text}</>}
          {posted.balance_carried && <>, {posted.balance_carried.text} carried to the new account</>}. The account now{' '}
          {posted.balance_after.cents > 0
            ? `owes ${posted.balance_after.text}`
            : posted.balance_after.cents < 0
              ? `has a credit of ${posted.balance_after.text.replace('-', '')}${posted.refund_id ? ', refund requested' : ''}`
              : 'owes nothing'}{' '}
          and is {posted.status}.{' '}
          <a href={href(`/bills/${posted.bill_id}`)}>Open the bill</a>
        </div>
      )}
    </Panel>
  );
}
