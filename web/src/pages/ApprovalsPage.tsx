// Supervisors: adjustments and refunds waiting for a decision. Approve or reject with a memo;
// nobody decides their own request (the server refuses it too: 403 OWN_REQUEST).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, decide, isAbort, listAdjustments, listRefunds, type DecisionKind } from '../api';
import { Amount } from '../components/Money';
import { ErrorMessage, Loading, Panel } from '../components/Panel';
import { fundName, reasonName, useFinanceConfig } from '../finance';
import { formatInstant, humanize } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import type { Adjustment, FinanceConfig, Refund } from '../types';

const PENDING = 'pending_approval';

interface Queue<T> {
  items: T[];
  loading: boolean;
  error: unknown;
}

export function ApprovalsPage() {
  const { can } = useSession();
  const { config } = useFinanceConfig();
  const [adjustments, setAdjustments] = useState<Queue<Adjustment>>({ items: [], loading: true, error: null });
  const [refunds, setRefunds] = useState<Queue<Refund>>({ items: [], loading: true, error: null });
  // Decided on this page since the last load: no longer waiting.
  const [decided, setDecided] = useState<Set<string>>(() => new Set());
  const controller = useRef<AbortController | null>(null);
  const onDecided = (id: string) => setDecided((current) => new Set(current).add(id));

  function load() {
    setDecided(new Set());
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setAdjustments((q) => ({ ...q, loading: true, error: null }));
    setRefunds((q) => ({ ...q, loading: true, error: null }));
    listAdjustments(PENDING, undefined, mine.signal).then(
      (page) => setAdjustments({ items: page.data, loading: false, error: null }),
      (e) => !isAbort(e) && setAdjustments({ items: [], loading: false, error: e }),
    );
    listRefunds(PENDING, undefined, mine.signal).then(
      (page) => setRefunds({ items: page.data, loading: false, error: null }),
      (e) => !isAbort(e) && setRefunds({ items: [], loading: false, error: e }),
    );
  }

  useEffect(() => {
    document.title = 'Approvals · Cistern';
    if (can('approvals.decide')) load();
    return () => controller.current?.abort();
  }, []);

  if (!can('approvals.decide')) {
    return (
      <div class="page">
        <div class="page-head">
          <h1>Approvals</h1>
        </div>
        <p>Your role does not decide approvals.</p>
      </div>
    );
  }

  const waiting = adjustments.items.length + refunds.items.length - decided.size;
  return (
    <div class="page approvals-page">
      <div class="page-head">
        <h1>Approvals</h1>
        {!adjustments.loading && !refunds.loading && (
          <span class="muted" role="status">
            {waiting === 0 ? 'Nothing waiting.' : `${waiting} waiting`}
          </span>
        )}
        <button type="button" class="btn btn-small head-refresh" onClick={load}>
          Refresh
        </button>
      </div>
      <Panel title="Adjustments" id="pending-adjustments">
        <DecisionTable kind="adjustments" queue={adjustments} config={config} onDecided={onDecided} />
      </Panel>
      <Panel title="Refunds" id="pending-refunds">
        <DecisionTable kind="refunds" queue={refunds} config={config} onDecided={onDecided} />
      </Panel>
    </div>
  );
}

function DecisionTable(props: {
  kind: DecisionKind;
  queue: Queue<Adjustment | Refund>;
  config: FinanceConfig | null;
  onDecided: (id: string) => void;
}) {
  const { queue } = props;
  if (queue.loading) return <Loading />;
  if (queue.error) return <ErrorMessage error={queue.error} />;
  if (queue.items.length === 0) return <p class="empty">No {props.kind} waiting.</p>;
  return (
    <table class="table approvals-table">
      <caption class="visually-hidden">{humanize(props.kind)} waiting for approval</caption>
      <thead>
        <tr>
          <th scope="col">Requested</th>
          <th scope="col">Account</th>
          <th scope="col" class="num">
            Amount
          </th>
          <th scope="col">What</th>
          <th scope="col">Memo</th>
          <th scope="col">Requested by</th>
          <th scope="col">Decision</th>
        </tr>
      </thead>
      <tbody>
        {queue.items.map((item) => (
          <DecisionRow key={item.id} kind={props.kind} item={item} config={props.config} onDecided={props.onDecided} />
        ))}
      </tbody>
    </table>
  );
}

function DecisionRow(props: {
  kind: DecisionKind;
  item: Adjustment | Refund;
  config: FinanceConfig | null;
  onDecided: (id: string) => void;
}) {
  const { session } = useSession();
  const [item, setItem] = useState(props.item);
  const [memo, setMemo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = item.requested_by?.id === session.user.id;
  const decided = item.status !== PENDING;
  const memoId = `memo-${item.id}`;

  async function run(decision: 'approve' | 'reject') {
    if (busy || own || decided) return;
    if (decision === 'reject' && !memo.trim()) {
      setError('Say why it is rejected.');
      document.getElementById(memoId)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setItem(await decide<Adjustment | Refund>(props.kind, item.id, decision, memo.trim()));
      props.onDecided(item.id);
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : 'The decision was not saved.');
    } finally {
      setBusy(false);
    }
  }

  const what =
    'direction' in item
      ? `${item.direction === 'credit' ? 'Credit' : 'Debit'} · ${fundName(item.fund)} · ${reasonName(props.config, item.reason_code)}`
      : 'Refund of credit';

  return (
    <tr data-id={item.id} class={own ? 'own-request' : undefined}>
      <td class="nowrap">{formatInstant(item.requested_at)}</td>
      <td class="nowrap">
        <a class="mono" href={href(`/accounts/${item.account_id}`)}>
          {item.account_number}
        </a>
      </td>
      <td class="num nowrap">
        <Amount money={item.amount} strong />
      </td>
      <td>{what}</td>
      <td class="approval-memo">{item.memo}</td>
      <td class="nowrap requester">
        {item.requested_by?.display_name}
        {own && <span class="badge badge-own">your request</span>}
      </td>
      <td class="decision-cell">
        {decided ? (
          <span class={'badge badge-status ' + (item.status === 'rejected' ? 'badge-final' : 'badge-active')} role="status">
            {item.status === 'rejected' ? 'Rejected' : 'Approved'}
            {item.decided_by ? ` by ${item.decided_by.display_name}` : ''}
          </span>
        ) : (
          <form
            class="decision"
            onSubmit={(event) => {
              event.preventDefault();
              void run('approve');
            }}
          >
            <label class="visually-hidden" for={memoId}>
              Decision memo for {item.id}
            </label>
            <input
              id={memoId}
              type="text"
              placeholder="Memo"
              autoComplete="off"
              value={memo}
              disabled={own}
              onInput={(event) => {
                setMemo((event.currentTarget as HTMLInputElement).value);
                setError(null);
              }}
            />
            <button
              type="submit"
              class="btn btn-small btn-primary"
              disabled={busy || own}
              title={own ? 'Your request: another supervisor must decide it' : 'Approve (Enter)'}
            >
              Approve
            </button>
            <button
              type="button"
              class="btn btn-small"
              disabled={busy || own}
              title={own ? 'Your request: another supervisor must decide it' : 'Reject (needs a memo)'}
              onClick={() => void run('reject')}
            >
              Reject
            </button>
            {error && <div class="field-error decision-error">{error}</div>}
          </form>
        )}
      </td>
    </tr>
  );
}
