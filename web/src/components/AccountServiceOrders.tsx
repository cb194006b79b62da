// The account page's service orders: the newest few with their status, a link to the queue, and
// (for meters.write) a form for a new order at this account.
import { useEffect, useState } from 'preact/hooks';
import { isAbort, listServiceOrders } from '../api';
import { useCityToday } from '../finance';
import { formatDate } from '../format';
import { NewOrderPanel } from '../pages/ServiceOrdersPage';
import { href } from '../router';
import { serviceOrderStatusName } from '../serviceOrders';
import { useSession } from '../session';
import type { ServiceOrder } from '../types';
import { ErrorMessage, Loading, Panel } from './Panel';

export function AccountServiceOrders({ accountId }: { accountId: string }) {
  const { can } = useSession();
  const today = useCityToday();
  const [items, setItems] = useState<ServiceOrder[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [showForm, setShowForm] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    listServiceOrders({ status: 'all', accountId, pageSize: 10 }, controller.signal).then(
      (page) => setItems(page.data),
      (e) => !isAbort(e) && setError(e),
    );
    return () => controller.abort();
  }, [accountId, reload]);

  return (
    <Panel
      title="Service orders"
      id="service-orders"
      actions={
        can('meters.write') ? (
          <button type="button" class="btn btn-small" id="account-new-order" onClick={() => setShowForm(!showForm)}>
            {showForm ? 'Close' : 'New order'}
          </button>
        ) : undefined
      }
    >
      {showForm && <NewOrderPanel today={today} accountId={accountId} onCreated={() => setReload((n) => n + 1)} />}
      {error ? (
        <ErrorMessage error={error} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <p class="empty">No service orders.</p>
      ) : (
        <table class="table account-orders">
          <caption class="visually-hidden">Service orders of this account</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Requested</th>
              <th scope="col">Status</th>
              <th scope="col">Reading</th>
            </tr>
          </thead>
          <tbody>
            {items.map((order) => (
              <tr key={order.id} data-id={order.id}>
                <td>
                  {order.number} · {order.type_name}
                </td>
                <td>
                  {formatDate(order.requested_on)} <span class="muted small">{order.window_label}</span>
                </td>
                <td>{serviceOrderStatusName(order.status)}</td>
                <td class="num">{order.reading !== null ? order.reading.toLocaleString('en-US') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="list-foot">
        <a href={href('/service-orders', { status: 'all' })}>Service order queue</a>
      </div>
    </Panel>
  );
}
