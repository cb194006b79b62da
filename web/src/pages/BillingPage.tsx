// Billing runs. #/billing lists them with a "New run" form (billing.run); #/billing/run_2 shows one
// run's preview (totals, charges by service, exceptions) with Re-preview, Approve (supervisor),
// Post (posting runs in the background: the page polls the run every 300 ms and shows progress)
// and Discard; a posted run links to all its bills in one PDF.
import { useEffect, useRef, useState } from 'preact/hooks';
import { RUN_PDF_PART_BILLS, createRun, getRun, isAbort, listRuns, referenceData, runAction, runPdfUrl, type RunAction } from '../api';
import { RUN_STATUS_NAMES, dayAfter, endOfNextMonth, endOfPreviousMonth, formatCount, runExceptionName, serviceName, serviceOrder } from '../billing';
import { SelectField, TextField, type FieldErrors } from '../components/Fields';
import { Amount } from '../components/Money';
import { formatCents } from '../money';
import { ErrorMessage, Loading, Panel, Row } from '../components/Panel';
import { formatDate, formatInstant, humanize } from '../format';
import { useCityToday } from '../finance';
import { focusFirstError, placeApiError, submitOnEnterInSelect } from '../forms';
import { href, navigate } from '../router';
import { useSession } from '../session';
import type { BillingRun, BillingRunView, CodeName, RunSummary } from '../types';

// What a run shows before its summary is known (a page opened while the run posts).
const EMPTY_SUMMARY: RunSummary = {
  accounts: 0,
  billable: 0,
  already_billed: 0,
  blocked: 0,
  current_charges: { cents: 0, text: '$0.00' },
  total_due: { cents: 0, text: '$0.00' },
  charges_by_service: [],
  exceptions_by_kind: {},
  exceptions: [],
};

const POLL_MS = 300;

export function RunStatusBadge({ status }: { status: string }) {
  const tone =
    status === 'posted' ? 'badge-active' : status === 'discarded' ? 'badge-closed' : status === 'previewed' ? 'badge-pending' : 'badge-final';
  return <span class={`badge badge-status ${tone}`}>{RUN_STATUS_NAMES[status] ?? humanize(status)}</span>;
}

export function BillingPage({ runId }: { runId?: string }) {
  return runId ? <RunPage key={runId} id={runId} /> : <RunsList />;
}

function useCycles(): CodeName[] {
  const [cycles, setCycles] = useState<CodeName[]>([]);
  useEffect(() => {
    referenceData().then((data) => setCycles(data.cycles), () => undefined);
  }, []);
  return cycles;
}

function RunsList() {
  const { can } = useSession();
  const [runs, setRuns] = useState<BillingRun[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const cycles = useCycles();
  const controller = useRef(new AbortController());

  function load(pageToken?: string) {
    listRuns(pageToken, controller.current.signal).then(
      (page) => {
        setRuns((current) => (pageToken ? [...(current ?? []), ...page.data] : page.data));
        setNext(page.next_page_token);
      },
      (e) => !isAbort(e) && setError(e),
    );
  }

  useEffect(() => {
    document.title = 'Billing · Cistern';
    load();
    return () => controller.current.abort();
  }, []);

  const cycleName = (code: string) => cycles.find((c) => c.code === code)?.name ?? `Cycle ${code}`;

  return (
    <div class="page billing-page">
      <div class="page-head">
        <h1>Billing runs</h1>
        <a class="btn btn-small head-refresh" href={href('/rate-quote')}>
          Rate quote
        </a>
      </div>
      <div class={can('billing.run') ? 'runs-layout' : undefined}>
        <Panel title="Runs" id="runs">
          {error ? (
            <ErrorMessage error={error} />
          ) : !runs ? (
            <Loading />
          ) : runs.length === 0 ? (
            <p class="empty">No billing runs yet.</p>
          ) : (
            <table class="table runs-table">
              <caption class="visually-hidden">Billing runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Cycle</th>
                  <th scope="col">Period</th>
                  <th scope="col">Bill date</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Bills
                  </th>
                  <th scope="col" class="num">
                    Exceptions
                  </th>
                  <th scope="col" class="num">
                    Current charges
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} data-id={run.id}>
                    <td class="nowrap">
                      <a href={href(`/billing/${run.id}`)} class="mono">
                        {run.id}
                      </a>
                    </td>
                    <td class="nowrap">{cycleName(run.cycle)}</td>
                    <td class="nowrap">
                      {formatDate(run.period_start)} – {formatDate(run.period_end)}
                    </td>
                    <td class="nowrap">{formatDate(run.bill_date)}</td>
                    <td>
                      <RunStatusBadge status={run.status} />
                    </td>
                    <td class="num">
                      {formatCount(run.preview.bills)} <span class="muted">of {formatCount(run.preview.accounts)}</span>
                    </td>
                    <td class="num">{formatCount(run.preview.exceptions)}</td>
                    <td class="num">
                      <Amount money={run.preview.current_charges} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {next && runs && (
            <div class="list-foot">
              <button type="button" class="btn btn-small" onClick={() => load(next)}>
                Older runs
              </button>
            </div>
          )}
        </Panel>
        {can('billing.run') && <NewRunForm cycles={cycles} runs={runs ?? []} />}
      </div>
    </div>
  );
}

const RUN_FIELDS = ['cycle', 'period_end', 'period_start', 'bill_date', 'message'];

/** The month after the cycle's last run that was not discarded, or the month before today's. */
function nextPeriodEnd(runs: BillingRun[], cycle: string, today: string): string {
  const ends = runs
    .filter((r) => r.cycle === cycle && r.status !== 'discarded')
    .map((r) => r.period_end)
    .sort();
  const last = ends[ends.length - 1];
  return last ? endOfNextMonth(last) : endOfPreviousMonth(today);
}

function NewRunForm({ cycles, runs }: { cycles: CodeName[]; runs: BillingRun[] }) {
  const today = useCityToday();
  const [cycle, setCycle] = useState('');
  const [periodEnd, setPeriodEnd] = useState('');
  const [billDate, setBillDate] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const end = periodEnd || (cycle ? nextPeriodEnd(runs, cycle, today) : endOfPreviousMonth(today));
  // A period that ends after today is billed the day after it ends.
  const defaultBillDate = end > today ? dayAfter(end) : '';

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!cycle) found.cycle = 'Choose the cycle.';
    if (!end) found.period_end = 'Enter the last day of the period.';
    setErrors(found);
    setBanner(null);
    if (Object.keys(found).length) return focusFirstError(form.current);
    setBusy(true);
    try {
      const run = await createRun({
        cycle,
        period_end: end,
        bill_date: billDate || defaultBillDate || undefined,
        message: message.trim() || undefined,
      });
      navigate(`/billing/${run.id}`);
    } catch (e) {
      const rest = placeApiError(e, RUN_FIELDS, setErrors);
      if (rest) setBanner(rest);
      focusFirstError(form.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="New run" id="new-run">
      <form ref={form} onSubmit={submit} onKeyDown={submitOnEnterInSelect} noValidate>
        {banner && (
          <div class="alert alert-error" role="alert">
            {banner}
          </div>
        )}
        <SelectField
          path="cycle"
          label="Cycle"
          required
          errors={errors}
          value={cycle}
          placeholder="Choose a cycle"
          options={cycles.map((c) => ({ value: c.code, label: c.name }))}
          onChange={(value) => {
            setCycle(value);
            setPeriodEnd('');
          }}
        />
        <TextField
          path="period_end"
          label="Period ends"
          type="date"
          required
          errors={errors}
          value={end}
          onChange={setPeriodEnd}
          hint="It starts the day after the cycle's last billed period."
        />
        <TextField
          path="bill_date"
          label="Bill date"
          type="date"
          errors={errors}
          value={billDate || defaultBillDate}
          onChange={setBillDate}
          hint={defaultBillDate ? 'The day after the period ends.' : 'Blank: today.'}
        />
        <TextField
          path="message"
          label="Message on the bills"
          errors={errors}
          value={message}
          onChange={setMessage}
          hint="Blank: the city's standing message."
        />
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Previewing…' : 'Preview run'}
        </button>
      </form>
    </Panel>
  );
}

function RunPage({ id }: { id: string }) {
  const { can } = useSession();
  const [run, setRun] = useState<BillingRunView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<RunAction | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  // Approving or posting a run that bills no one is confirmed first.
  const [confirmEmpty, setConfirmEmpty] = useState<'approve' | 'post' | null>(null);
  const cycles = useCycles();
  const timer = useRef<number | null>(null);
  const alive = useRef(true);

  function stopPolling() {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  }

  // While a run posts, the server skips planning the cycle again and answers without a summary:
  // the page keeps the summary it had.
  async function refresh(): Promise<BillingRunView | null> {
    try {
      const loaded = await getRun(id);
      if (!alive.current) return null;
      setRun((previous) => (loaded.summary === null && previous ? { ...loaded, summary: previous.summary } : loaded));
      setError(null);
      return loaded;
    } catch (e) {
      if (alive.current && !isAbort(e)) setError(e);
      return null;
    }
  }

  function poll() {
    stopPolling();
    timer.current = window.setTimeout(async () => {
      const loaded = await refresh();
      if (loaded && (loaded.posting?.running || loaded.status === 'posting') && !loaded.posting?.error) poll();
    }, POLL_MS);
  }

  useEffect(() => {
    alive.current = true;
    document.title = `Billing run ${id} · Cistern`;
    void refresh().then((loaded) => {
      if (loaded?.posting?.running) poll();
    });
    return () => {
      alive.current = false;
      stopPolling();
    };
  }, [id]);

  async function act(action: RunAction) {
    if (busy) return;
    setConfirmEmpty(null);
    setBusy(action);
    setActionError(null);
    try {
      const answer = await runAction(id, action);
      if (action === 'discard') {
        setConfirmDiscard(false);
        await refresh();
      } else if (action === 'approve') {
        await refresh();  // approving answers with the stored counts only
      } else {
        setRun((previous) => (answer.summary === null && previous ? { ...answer, summary: previous.summary } : answer));
      }
      if (action === 'post') poll();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  }

  if (error && !run) {
    return (
      <div class="page">
        <div class="page-head">
          <h1>Billing run</h1>
        </div>
        <ErrorMessage error={error} />
        <a href={href('/billing')}>All billing runs</a>
      </div>
    );
  }
  if (!run) {
    return (
      <div class="page">
        <Loading label="Loading run…" />
      </div>
    );
  }

  const { posting } = run;
  const summary = run.summary ?? EMPTY_SUMMARY;
  const posted = run.status === 'posted';
  const postingNow = Boolean(posting?.running);
  // A posted run planned again: accounts whose exceptions were fixed since it posted, which
  // posting it again bills (dated the day they are posted).
  const fixedSince = posted && run.summary !== null ? summary.billable : 0;
  const canRun = can('billing.run');
  const cycleName = cycles.find((c) => c.code === run.cycle)?.name ?? `Cycle ${run.cycle}`;
  // A posted run: its bills' own charges by service and the ones worth a look (the plan finds
  // every billed account billed), beside what still blocks.
  const postedBills = posted && run.posted ? run.posted : null;
  const allExceptions = [...summary.exceptions, ...(postedBills ? postedBills.exceptions : [])];
  const exceptions = allExceptions.sort((a, b) => Number(b.blocking) - Number(a.blocking));
  const kindCounts: Record<string, number> = { ...summary.exceptions_by_kind };
  for (const e of postedBills ? postedBills.exceptions : []) kindCounts[e.kind] = (kindCounts[e.kind] ?? 0) + 1;
  const kinds = Object.entries(kindCounts).sort((a, b) => b[1] - a[1]);
  const blockingKinds = new Set(summary.exceptions.filter((e) => e.blocking).map((e) => e.kind));
  const showPosted = postedBills !== null && fixedSince === 0;
  const byService = [...(showPosted ? postedBills.charges_by_service : summary.charges_by_service)].sort(
    (a, b) => serviceOrder(a.service) - serviceOrder(b.service),
  );
  const byServiceCents = byService.reduce((sum, s) => sum + s.amount.cents, 0);
  // A run whose plan is known and bills no account (not a run resumed mid-posting).
  const billsNoOne = run.summary !== null && summary.billable === 0 && run.status !== 'posting';
  const approveOrPost = (action: 'approve' | 'post') => (billsNoOne ? setConfirmEmpty(action) : void act(action));

  return (
    <div class="page run-page">
      <div class="page-head">
        <div>
          <div class="eyebrow">
            <a href={href('/billing')}>Billing runs</a> · <span class="mono">{run.id}</span>
          </div>
          <h1>
            {cycleName}
            <span class="account-name">
              {' '}
              {formatDate(run.period_start)} – {formatDate(run.period_end)}
            </span>
          </h1>
        </div>
        <span id="run-status">
          <RunStatusBadge status={run.status} />
        </span>
        <dl class="head-facts">
          <div>
            <dt>Bill date</dt>
            <dd>{formatDate(run.bill_date)}</dd>
          </div>
          <div>
            <dt>Due</dt>
            <dd>{formatDate(run.due_date)}</dd>
          </div>
          <div>
            <dt>{posted ? 'Posted' : run.approved_at ? 'Approved' : 'Previewed'}</dt>
            <dd>{formatInstant(run.posted_at ?? run.approved_at ?? run.created_at)}</dd>
          </div>
        </dl>
      </div>

      {canRun && (
        <div class="account-actions" role="toolbar" aria-label="Run actions">
          {run.status === 'previewed' && (
            <button type="button" class="btn" id="run-preview" disabled={Boolean(busy)} onClick={() => void act('preview')}>
              {busy === 'preview' ? 'Previewing…' : 'Re-preview'}
            </button>
          )}
          {run.status === 'previewed' && can('approvals.decide') && (
            <button type="button" class="btn btn-primary" id="run-approve" disabled={Boolean(busy) || confirmEmpty !== null} onClick={() => approveOrPost('approve')}>
              {busy === 'approve' ? 'Approving…' : 'Approve'}
            </button>
          )}
          {run.status === 'previewed' && !can('approvals.decide') && (
            <span class="muted toolbar-note">A supervisor approves the run before it posts.</span>
          )}
          {(run.status === 'approved' || run.status === 'posting') && (
            <button
              type="button"
              class="btn btn-primary"
              id="run-post"
              disabled={Boolean(busy) || postingNow || confirmEmpty !== null}
              onClick={() => approveOrPost('post')}
            >
              {postingNow ? 'Posting…' : run.status === 'posting' ? 'Resume posting' : `Post ${formatCount(summary.billable)} bills`}
            </button>
          )}
          {confirmEmpty && (
            <span class="confirm-inline" role="group" aria-label={`Confirm ${confirmEmpty}`} id="run-empty-confirm">
              <span>
                This run bills no one: {formatCount(summary.blocked)} {summary.blocked === 1 ? 'account is' : 'accounts are'} held by
                exceptions{summary.already_billed > 0 ? `, ${formatCount(summary.already_billed)} already billed` : ''}.{' '}
                {confirmEmpty === 'approve' ? 'Approve' : 'Post'} it anyway?
              </span>
              <button type="button" class="btn btn-danger" id="run-empty-confirm-yes" disabled={Boolean(busy)} onClick={() => void act(confirmEmpty)}>
                {confirmEmpty === 'approve' ? 'Approve anyway' : 'Post anyway'}
              </button>
              <button type="button" class="btn" onClick={() => setConfirmEmpty(null)}>
                Cancel
              </button>
            </span>
          )}
          {(run.status === 'previewed' || run.status === 'approved') &&
            (confirmDiscard ? (
              <span class="confirm-inline" role="group" aria-label="Confirm discard">
                <span>Discard this run?</span>
                <button type="button" class="btn btn-danger" id="run-discard-confirm" disabled={Boolean(busy)} onClick={() => void act('discard')}>
                  Discard
                </button>
                <button type="button" class="btn" onClick={() => setConfirmDiscard(false)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" class="btn" id="run-discard" disabled={Boolean(busy)} onClick={() => setConfirmDiscard(true)}>
                Discard…
              </button>
            ))}
          {fixedSince > 0 && (
            <button type="button" class="btn btn-primary" id="run-post-fixed" disabled={Boolean(busy) || postingNow} onClick={() => void act('post')}>
              {postingNow ? 'Posting…' : `Bill ${formatCount(fixedSince)} ${fixedSince === 1 ? 'account' : 'accounts'} fixed since`}
            </button>
          )}
          {posted && <RunPdfLinks run={run} primary={fixedSince === 0} />}
        </div>
      )}
      {!canRun && posted && (
        <div class="account-actions">
          <RunPdfLinks run={run} />
        </div>
      )}

      <ErrorMessage error={actionError} />
      {posting && <PostingProgress posting={posting} />}
      {run.message && (
        <p class="run-message">
          <span class="muted">Message on the bills:</span> {run.message}
        </p>
      )}

      <div class="run-grid">
        <Panel title={posted ? 'Posted' : 'Preview'} id="run-totals">
          <dl class="kvs kv-money">
            <Row label="Accounts in the cycle" always>
              {formatCount(posted ? run.preview.accounts : summary.accounts)}
            </Row>
            <Row label={posted ? 'Bills posted' : 'Bills to post'} always>
              <strong id="run-billable">{formatCount(posted ? run.bills_posted : summary.billable)}</strong>
            </Row>
            {!posted && (
              <Row label="Already billed" always>
                {formatCount(summary.already_billed)}
              </Row>
            )}
            <Row label={posted ? 'Not billed' : 'Blocked'} always>
              <span class={summary.blocked > 0 ? 'warn-text' : undefined}>{formatCount(summary.blocked)}</span>
            </Row>
            {fixedSince > 0 && (
              <Row label="Fixed since, ready to bill" always>
                <strong id="run-fixed-since">{formatCount(fixedSince)}</strong>
              </Row>
            )}
            <Row label="Current charges" always>
              <Amount money={posted ? run.preview.current_charges : summary.current_charges} strong />
            </Row>
            {!posted && (
              <Row label="Total due on the bills" always>
                <Amount money={summary.total_due} />
              </Row>
            )}
          </dl>
        </Panel>
        <Panel title={fixedSince > 0 ? 'Charges of the bills ready to post' : 'Charges by service'} id="run-services">
          {byService.length === 0 ? (
            <p class="empty">{posted ? 'The bills are posted: every charge is in the run’s PDF and on each account.' : 'No charges.'}</p>
          ) : (
            <table class="table compact-table money-table">
              <tbody>
                {byService.map((s) => (
                  <tr key={s.service}>
                    <td>{serviceName(s.service)}</td>
                    <td class="num">
                      <Amount money={s.amount} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr class="charge-total">
                  <th scope="row">Total</th>
                  <td class="num">
                    <Amount money={showPosted ? { cents: byServiceCents, text: formatCents(byServiceCents) } : summary.current_charges} strong />
                  </td>
                </tr>
              </tfoot>
            </table>
          )}
        </Panel>
        <Panel title="Exceptions by kind" id="run-kinds">
          {kinds.length === 0 ? (
            <p class="empty">No exceptions.</p>
          ) : (
            <table class="table compact-table money-table">
              <tbody>
                {kinds.map(([kind, count]) => (
                  <tr key={kind}>
                    <td>
                      {runExceptionName(kind)}
                      {blockingKinds.has(kind) && <span class="badge badge-blocking">blocks</span>}
                    </td>
                    <td class="num">{formatCount(count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>

      <Panel title={`Exceptions (${formatCount(exceptions.length)})`} id="run-exceptions">
        {exceptions.length === 0 ? (
          <p class="empty">Every account in the cycle bills cleanly.</p>
        ) : (
          <div class="table-scroll run-exceptions-scroll">
            <table class="table compact-table">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Exception</th>
                  <th scope="col">Effect</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {exceptions.map((e, index) => (
                  <tr key={e.account_id + e.kind + index} class={e.blocking ? 'row-blocking' : undefined}>
                    <td class="nowrap">
                      <a class="mono" href={href(`/accounts/${e.account_id}`)}>
                        {e.account_number}
                      </a>
                    </td>
                    <td class="nowrap">{runExceptionName(e.kind)}</td>
                    <td class="effect">
                      {e.blocking ? <span class="badge badge-blocking">Not billed</span> : <span class="badge badge-status">Billed</span>}
                    </td>
                    <td>{e.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}

function PostingProgress({ posting }: { posting: NonNullable<BillingRunView['posting']> }) {
  const total = Math.max(posting.total, 0);
  const percent = total > 0 ? Math.min(100, Math.round((posting.done / total) * 100)) : posting.running ? 0 : 100;
  const failed = Boolean(posting.error);
  return (
    <div class={'posting' + (failed ? ' posting-failed' : posting.running ? '' : ' posting-done')} id="posting">
      <div class="posting-line">
        <span class="posting-label">
          {failed ? 'Posting stopped' : posting.running ? 'Posting bills…' : 'Posting finished'}
        </span>
        <span class="posting-count" role="status">
          {formatCount(posting.done)} of {formatCount(total)} accounts · {formatCount(posting.posted)} bills posted
        </span>
      </div>
      <div
        class="progress"
        role="progressbar"
        aria-label="Posting progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div class="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      {posting.report && (
        <div class="posting-report">
          {formatCount(posting.report.posted)} bills posted, {formatCount(posting.report.already_billed)} already billed,{' '}
          {formatCount(posting.report.blocked)} blocked · {posting.report.current_charges.text} in current charges ·{' '}
          {posting.report.seconds < 1 ? 'under a second' : `${posting.report.seconds.toFixed(1)} s`}
        </div>
      )}
      {posting.error && (
        <div class="field-error" role="alert">
          {posting.error.message} You can resume posting: bills already posted are kept.
        </div>
      )}
    </div>
  );
}

// The print shop's files: one link, or one per part when the run is larger than one file holds.
function RunPdfLinks({ run, primary = false }: { run: BillingRunView; primary?: boolean }) {
  const parts = Math.max(1, Math.ceil(run.bills_posted / RUN_PDF_PART_BILLS));
  const className = primary ? 'btn btn-primary' : 'btn';
  if (parts === 1) {
    return (
      <a class={className} id="run-pdf" href={runPdfUrl(run.id)} target="_blank" rel="noopener">
        All bills (PDF)
      </a>
    );
  }
  return (
    <>
      {Array.from({ length: parts }, (_, index) => (
        <a class={className} id={index === 0 ? 'run-pdf' : undefined} href={runPdfUrl(run.id, index + 1)} target="_blank" rel="noopener">
          Bills part {index + 1} of {parts} (PDF)
        </a>
      ))}
    </>
  );
}
