// One account: its header, balance and transactions (with the money actions: take payment, add
// fee, adjust, refund, reverse), services, meters, usage and bills (with "enter reading"),
// customer, premise, notes (with "add note") and history.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  accountHistory,
  accountLedger,
  addNote,
  financeConfig,
  getAccount,
  isAbort,
  listNotes,
  referenceData,
} from '../api';
import { AccountBilling } from '../components/AccountBilling';
import { AccountServiceOrders } from '../components/AccountServiceOrders';
import { AccountSanitation } from '../components/AccountSanitation';
import { AccountDeposit } from '../components/AccountDeposit';
import { AccountLetters } from '../components/AccountLetters';
import { ServiceHistoryPanel } from '../components/ServiceHistoryPanel';
import { StopServiceDialog } from '../dialogs/StopServiceDialog';
import { TransferServiceDialog } from '../dialogs/TransferServiceDialog';
import { BalancePanel } from '../components/BalancePanel';
import { CustomerChangesPanel, EligibilityPanel } from '../components/CustomerMaster';
import { ErrorMessage, Loading, Panel, Row } from '../components/Panel';
import { StatusBadge } from '../components/StatusBadge';
import { TransactionsPanel } from '../components/TransactionsPanel';
import { AddFeeDialog } from '../dialogs/AddFeeDialog';
import { AdjustDialog } from '../dialogs/AdjustDialog';
import { RefundDialog } from '../dialogs/RefundDialog';
import { WriteOffDialog } from '../dialogs/WriteOffDialog';
import { ReversePaymentDialog } from '../dialogs/ReversePaymentDialog';
import { TakePaymentDialog } from '../dialogs/TakePaymentDialog';
import { addressLines, auditValue, formatDate, formatInstant, humanize } from '../format';
import { rememberAccount } from '../recent';
import { href } from '../router';
import { useSession } from '../session';
import type {
  Account,
  AccountLedger,
  Address,
  AuditEvent,
  FieldChange,
  LifecycleRequest,
  Note,
  ReferenceData,
  Transaction,
} from '../types';

const NOTE_MAX = 4000;

interface Paged<T> {
  items: T[];
  next?: string;
  loading: boolean;
  error: unknown;
}

const emptyPaged = <T,>(): Paged<T> => ({ items: [], loading: true, error: null });

type DialogState =
  | { kind: 'payment' }
  | { kind: 'fee' }
  | { kind: 'adjust' }
  | { kind: 'refund' }
  | { kind: 'write-off' }
  | { kind: 'stop' }
  | { kind: 'transfer' }
  | { kind: 'reverse'; transaction: Transaction }
  | null;

/** One-key shortcuts on the account page (not while typing, not with a dialog open). */
const SHORTCUTS: Record<string, Exclude<DialogState, null>['kind']> = {
  p: 'payment',
  f: 'fee',
  a: 'adjust',
  r: 'refund',
};

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName)));
}

export function AccountPage({ id }: { id: string }) {
  const { can } = useSession();
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reference, setReference] = useState<ReferenceData | null>(null);
  const [notes, setNotes] = useState<Paged<Note>>(emptyPaged);
  const [history, setHistory] = useState<Paged<AuditEvent>>(emptyPaged);
  const [ledger, setLedger] = useState<AccountLedger | null>(null);
  const [ledgerError, setLedgerError] = useState<unknown>(null);
  // Bumped whenever money moved, so the transactions list reloads.
  const [moneyKey, setMoneyKey] = useState(0);
  const [dialog, setDialog] = useState<DialogState>(null);
  // Bumped after a stop or a final bill, so the service orders and service history reload.
  const [serviceKey, setServiceKey] = useState(0);
  // The stop already asked for (from the service history), which hides Stop and Transfer.
  const [openStop, setOpenStop] = useState<LifecycleRequest | null>(null);
  const controller = useRef(new AbortController());
  const canPost = can('payments.post');
  // A supervisor writes off what a final account still owes.
  const canWriteOff =
    can('approvals.decide') && account?.status === 'final' && (ledger?.balance.cents ?? 0) > 0;

  async function loadLedger() {
    try {
      const loaded = await accountLedger(id, controller.current.signal);
      setLedger(loaded);
      setLedgerError(null);
    } catch (e) {
      if (!isAbort(e)) setLedgerError(e);
    }
  }

  /** After any money action: balance, transactions, notes (a returned item adds one) and history. */
  function moneyMoved() {
    void loadLedger();
    setMoneyKey((k) => k + 1);
    void loadNotes();
    void loadHistory();
  }

  /** After a stop or a final bill: the account's status, money, orders and history. */
  function serviceChanged() {
    getAccount(id, controller.current.signal).then(setAccount, () => undefined);
    setServiceKey((k) => k + 1);
    moneyMoved();
  }

  async function loadNotes(pageToken?: string) {
    setNotes((n) => ({ ...n, loading: true, error: null }));
    try {
      const page = await listNotes(id, pageToken, controller.current.signal);
      setNotes((n) => ({ items: pageToken ? [...n.items, ...page.data] : page.data, next: page.next_page_token, loading: false, error: null }));
    } catch (e) {
      if (!isAbort(e)) setNotes((n) => ({ ...n, loading: false, error: e }));
    }
  }

  async function loadHistory(pageToken?: string) {
    setHistory((h) => ({ ...h, loading: true, error: null }));
    try {
      const page = await accountHistory(id, pageToken, controller.current.signal);
      setHistory((h) => ({ items: pageToken ? [...h.items, ...page.data] : page.data, next: page.next_page_token, loading: false, error: null }));
    } catch (e) {
      if (!isAbort(e)) setHistory((h) => ({ ...h, loading: false, error: e }));
    }
  }

  useEffect(() => {
    const signal = controller.current.signal;
    getAccount(id, signal).then(
      (loaded) => {
        setAccount(loaded);
        rememberAccount(loaded);
        document.title = `${loaded.account_number} ${loaded.customer.display_name} · Cistern`;
      },
      (e) => {
        if (!isAbort(e)) setError(e);
      },
    );
    void loadNotes();
    void loadHistory();
    void loadLedger();
    referenceData().then(setReference, () => undefined);
    // Warm the cache so that "p" opens a ready form.
    financeConfig().catch(() => undefined);
    document.title = 'Account · Cistern';
    return () => controller.current.abort();
  }, [id]);

  // One listener for the page's life, reading the current state through a ref, so that a key
  // pressed right after a dialog closes is not lost while effects catch up.
  const shortcutsOn = useRef(false);
  shortcutsOn.current = Boolean(account) && canPost && dialog === null;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!shortcutsOn.current) return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const kind = SHORTCUTS[event.key];
      if (!kind) return;
      event.preventDefault();
      shortcutsOn.current = false;
      setDialog({ kind } as DialogState);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  if (error) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <div class="page">
        <div class="page-head">
          <h1>{notFound ? 'Account not found' : 'Account'}</h1>
        </div>
        <ErrorMessage error={error} />
        <p>
          <a href={href('/')}>Back to the start page</a>
        </p>
      </div>
    );
  }
  if (!account) {
    return (
      <div class="page">
        <Loading label="Loading account…" />
      </div>
    );
  }

  const { customer, premise } = account;
  const premiseType = reference?.premise_types.find((t) => t.code === premise.premise_type)?.name ?? humanize(premise.premise_type);
  const routeName = reference?.routes.find((r) => r.code === premise.route)?.name;
  const cycleName = reference?.cycles.find((c) => c.code === premise.cycle)?.name;
  const billingAddress = account.mailing_address ?? null;
  // Stop and transfer: an account in service (pending: the turn-on is not done yet) with no stop
  // asked for yet (the server refuses a second one anyway: STOP_ALREADY_REQUESTED).
  const canServe = can('accounts.write') && (account.status === 'active' || account.status === 'pending');

  return (
    <div class="page account-page">
      <div class="page-head account-head">
        <div>
          <div class="eyebrow">Account</div>
          <h1>
            <span class="mono account-number">{account.account_number}</span>
            <span class="account-name">{customer.display_name}</span>
          </h1>
        </div>
        <StatusBadge status={account.status} />
        {customer.confidential && <span class="badge badge-confidential">Confidential</span>}
        <dl class="head-facts">
          <div>
            <dt>Opened</dt>
            <dd>{formatDate(account.opened_on) || '—'}</dd>
          </div>
          <div>
            <dt>Closed</dt>
            <dd>{formatDate(account.closed_on) || '—'}</dd>
          </div>
          <div>
            <dt>Service address</dt>
            <dd>{premise.address.line1}</dd>
          </div>
        </dl>
      </div>

      {(canPost || canServe) && (
        <div class="account-actions">
          {canPost && (
            <div class="action-group" role="toolbar" aria-label="Money actions">
              <ActionButton label="Take payment" shortcut="p" primary onClick={() => setDialog({ kind: 'payment' })} />
              <ActionButton label="Add fee" shortcut="f" onClick={() => setDialog({ kind: 'fee' })} />
              <ActionButton label="Adjust" shortcut="a" onClick={() => setDialog({ kind: 'adjust' })} />
              <ActionButton label="Refund" shortcut="r" onClick={() => setDialog({ kind: 'refund' })} />
              {canWriteOff && (
                <button type="button" class="btn" onClick={() => setDialog({ kind: 'write-off' })}>
                  Write off
                </button>
              )}
            </div>
          )}
          {canServe && (
            <div class="action-group service-actions" role="toolbar" aria-label="Service actions">
              {openStop ? (
                <span class="stop-note" id="stop-requested">
                  <span class="badge badge-final">Stop requested</span> last day {formatDate(openStop.requested_on)}
                </span>
              ) : (
                <button type="button" class="btn" id="stop-service-button" onClick={() => setDialog({ kind: 'stop' })}>
                  Stop service
                </button>
              )}
              {account.status === 'active' && !openStop && (
                <button type="button" class="btn" id="transfer-service-button" onClick={() => setDialog({ kind: 'transfer' })}>
                  Transfer service
                </button>
              )}
            </div>
          )}
        </div>
      )}

      <div class="money-grid">
        <BalancePanel ledger={ledger} error={ledgerError} />
        <TransactionsPanel
          accountId={account.id}
          refreshKey={moneyKey}
          canReverse={can('payments.reverse')}
          onReverse={(transaction) => setDialog({ kind: 'reverse', transaction })}
        />
      </div>

      <AccountBilling accountId={account.id} />
      <AccountServiceOrders key={serviceKey} accountId={account.id} />
      <ServiceHistoryPanel
        accountId={account.id}
        refreshKey={serviceKey}
        canWrite={can('accounts.write')}
        onChanged={serviceChanged}
        onLoaded={(requests) => setOpenStop(requests.find((r) => r.kind === 'stop' && r.status === 'open') ?? null)}
      />
      <AccountDeposit accountId={account.id} />
      <AccountSanitation accountId={account.id} />

      <AccountLetters accountId={account.id} accountStatus={account.status} />

      {dialog?.kind === 'payment' && (
        <TakePaymentDialog
          accountId={account.id}
          accountNumber={account.account_number}
          customerName={customer.display_name}
          ledger={ledger}
          onPosted={moneyMoved}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'fee' && (
        <AddFeeDialog
          accountId={account.id}
          accountNumber={account.account_number}
          customerName={customer.display_name}
          onDone={moneyMoved}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'adjust' && (
        <AdjustDialog
          accountId={account.id}
          accountNumber={account.account_number}
          customerName={customer.display_name}
          onDone={moneyMoved}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'refund' && (
        <RefundDialog
          accountId={account.id}
          accountNumber={account.account_number}
          customerName={customer.display_name}
          ledger={ledger}
          onDone={moneyMoved}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'stop' && (
        <StopServiceDialog account={account} onDone={serviceChanged} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'transfer' && <TransferServiceDialog account={account} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'write-off' && (
        <WriteOffDialog
          accountId={account.id}
          accountNumber={account.account_number}
          customerName={customer.display_name}
          ledger={ledger}
          onDone={moneyMoved}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'reverse' && dialog.transaction.payment_id && (
        <ReversePaymentDialog
          paymentId={dialog.transaction.payment_id}
          transaction={dialog.transaction}
          onDone={moneyMoved}
          onClose={() => setDialog(null)}
        />
      )}

      <div class="account-grid">
        <Panel title="Customer" id="customer">
          <dl class="kvs">
            <Row label="Name" always>
              {customer.display_name}
            </Row>
            <Row label="Kind">{customer.kind === 'business' ? 'Business' : 'Person'}</Row>
            {customer.confidential && (
              <Row label="Confidential">
                <span class="badge badge-confidential">Confidential</span>
              </Row>
            )}
            {customer.contact_hidden ? (
              <div class="kv">
                <dt>Contact</dt>
                <dd class="hidden-contact">Contact details hidden (confidential)</dd>
              </div>
            ) : (
              <>
                <Row label="Phones" always>
                  {(customer.phones ?? []).length > 0 && (
                    <ul class="plain">
                      {customer.phones!.map((phone) => (
                        <li key={phone.number}>
                          <a href={`tel:${phone.number.replace(/[^\d+]/g, '')}`}>{phone.number}</a>
                          {phone.label && <span class="muted"> {phone.label}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </Row>
                <Row label="Emails" always>
                  {(customer.emails ?? []).length > 0 && (
                    <ul class="plain">
                      {customer.emails!.map((email) => (
                        <li key={email}>
                          <a href={`mailto:${email}`}>{email}</a>
                        </li>
                      ))}
                    </ul>
                  )}
                </Row>
                <Row label="Mailing address" always>
                  <AddressBlock address={customer.mailing_address} />
                </Row>
                {customer.kind === 'person' && (
                  <Row label="Date of birth" always>
                    {formatDate(customer.date_of_birth)}
                  </Row>
                )}
              </>
            )}
            <Row label="ID" always>
              {customer.id_last4_masked && <span class="mono">{customer.id_last4_masked}</span>}
            </Row>
            {billingAddress && !sameAddress(billingAddress, customer.mailing_address) && (
              <Row label="Bills go to">
                <AddressBlock address={billingAddress} />
              </Row>
            )}
          </dl>
        </Panel>

        <CustomerChangesPanel
          account={account}
          canWrite={can('accounts.write')}
          onChanged={() => {
            getAccount(id).then(setAccount, () => undefined);
            void loadHistory();
          }}
        />
        <EligibilityPanel account={account} canWrite={can('accounts.write')} />

        <Panel
          title="Premise"
          id="premise"
          actions={
            can('accounts.write') ? (
              <a class="btn btn-small" id="start-service-here" href={href('/start', { premise: premise.id, address: addressLines(premise.address).join(', ') })}>
                Start service here
              </a>
            ) : undefined
          }
        >
          <dl class="kvs">
            <Row label="Address" always>
              <AddressBlock address={premise.address} />
            </Row>
            <Row label="City limits" always>
              {premise.inside_city_limits ? 'Inside city limits' : <strong>Outside city limits</strong>}
            </Row>
            <Row label="Type" always>
              {premiseType}
            </Row>
            <Row label="Units" always>
              {String(premise.unit_count)}
            </Row>
            <Row label="Parcel" always>
              {premise.parcel_number && <span class="mono">{premise.parcel_number}</span>}
            </Row>
            <Row label="Route" always>
              {premise.route && (routeName && routeName !== premise.route ? `${premise.route} · ${routeName}` : premise.route)}
            </Row>
            <Row label="Cycle" always>
              {premise.cycle && (cycleName ?? premise.cycle)}
            </Row>
          </dl>
        </Panel>

        <Panel title="Notes" id="notes">
          {can('notes.write') && (
            <NoteForm
              accountId={account.id}
              onAdded={(note) => {
                setNotes((n) => ({ ...n, items: [note, ...n.items.filter((x) => x.id !== note.id)] }));
                void loadHistory();
              }}
            />
          )}
          <ErrorMessage error={notes.error} />
          {notes.items.length === 0 && !notes.loading && !notes.error && <p class="empty">No notes yet.</p>}
          <ol class="notes" aria-label="Notes, newest first">
            {notes.items.map((note) => (
              <li key={note.id} class="note">
                <div class="note-meta">
                  <span class="note-author">{note.author?.display_name ?? 'Unknown'}</span>
                  <time dateTime={note.created_at}>{formatInstant(note.created_at)}</time>
                </div>
                <p class="note-text">{note.text}</p>
              </li>
            ))}
          </ol>
          {notes.loading && <Loading />}
          {notes.next && !notes.loading && (
            <button type="button" class="btn btn-small" onClick={() => void loadNotes(notes.next)}>
              Older notes
            </button>
          )}
        </Panel>

        <Panel title="History" id="history">
          <ErrorMessage error={history.error} />
          {history.items.length === 0 && !history.loading && !history.error && <p class="empty">No history.</p>}
          {history.items.length > 0 && (
            <table class="table history-table">
              <caption class="visually-hidden">Audit history, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Changes</th>
                </tr>
              </thead>
              <tbody>
                {history.items.map((event) => (
                  <tr key={event.id}>
                    <td class="nowrap">
                      <time dateTime={event.at}>{formatInstant(event.at)}</time>
                    </td>
                    <td class="nowrap">{event.user?.display_name ?? 'System'}</td>
                    <td class="nowrap">
                      <code class="action">{event.action}</code>
                    </td>
                    <td>
                      <Changes changes={event.changes} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {history.loading && <Loading />}
          {history.next && !history.loading && (
            <button type="button" class="btn btn-small" onClick={() => void loadHistory(history.next)}>
              Older events
            </button>
          )}
        </Panel>
      </div>
    </div>
  );
}

function ActionButton(props: { label: string; shortcut: string; primary?: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      class={'btn' + (props.primary ? ' btn-primary' : '')}
      aria-keyshortcuts={props.shortcut}
      title={`${props.label} (${props.shortcut.toUpperCase()})`}
      onClick={props.onClick}
    >
      {props.label} <kbd aria-hidden="true">{props.shortcut.toUpperCase()}</kbd>
    </button>
  );
}

/** Field changes: "field before → after"; a value set from nothing shows only the new value. */
function Changes({ changes }: { changes: FieldChange[] }) {
  const shown = changes.filter((c) => !(isEmpty(c.before) && isEmpty(c.after)));
  if (shown.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="changes">
      {shown.map((change, index) => (
        <li key={index}>
          <span class="change-field">{change.field}</span>{' '}
          {!isEmpty(change.before) && (
            <>
              <span class="change-before">{auditValue(change.before)}</span>
              <span class="arrow" aria-label="changed to">
                {' → '}
              </span>
            </>
          )}
          <span class="change-after">{auditValue(change.after)}</span>
        </li>
      ))}
    </ul>
  );
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function AddressBlock({ address }: { address: Address | null | undefined }) {
  const lines = addressLines(address);
  if (lines.length === 0) return null;
  return (
    <address>
      {lines.map((line, index) => (
        <div key={index}>{line}</div>
      ))}
    </address>
  );
}

function sameAddress(a: Address | null | undefined, b: Address | null | undefined): boolean {
  return addressLines(a).join('\n') === addressLines(b).join('\n');
}

function NoteForm(props: { accountId: string; onAdded: (note: Note) => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const length = text.trim().length;

  async function submit(event?: Event) {
    event?.preventDefault();
    if (busy) return;
    if (length === 0) {
      setError('Write the note first.');
      area.current?.focus();
      return;
    }
    if (length > NOTE_MAX) {
      setError(`A note can have at most ${NOTE_MAX} characters.`);
      area.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const note = await addNote(props.accountId, text);
      setText('');
      setSaved(true);
      props.onAdded(note);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The note was not saved.');
    } finally {
      setBusy(false);
      area.current?.focus();
    }
  }

  return (
    <form class="note-form" onSubmit={submit} noValidate>
      <label for="note-text">Add a note</label>
      <textarea
        id="note-text"
        ref={area}
        rows={3}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby="note-help"
        onInput={(event) => {
          setText((event.currentTarget as HTMLTextAreaElement).value);
          setSaved(false);
          if (error) setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
        }}
      />
      <div class="note-form-foot">
        <span id="note-help" class={error ? 'field-error' : 'muted'} role={error ? 'alert' : undefined}>
          {error ?? (saved ? 'Note added.' : 'Ctrl+Enter to add')}
        </span>
        <span class={length > NOTE_MAX ? 'counter over' : 'counter'} aria-hidden="true">
          {length > 0 ? `${length} / ${NOTE_MAX}` : ''}
        </span>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
