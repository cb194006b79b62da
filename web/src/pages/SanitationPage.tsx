// Commercial sanitation (#/sanitation): the private-hauler exemptions with the monitoring list
// (expiring within 60 days, expired, missing paperwork) and "send renewal letters", and the
// roll-off dumpsters with their deliver, empty and remove actions (docs/console.md).
import { useEffect, useState } from 'preact/hooks';
import {
  isAbort,
  listDumpsters,
  listExemptions,
  sendRenewalLetters,
  type Dumpster,
  type RenewalLetterOutcome,
  type SanitationExemption,
} from '../api';
import { ErrorMessage, Loading, Panel } from '../components/Panel';
import { DumpsterRequestForm, DumpsterRow, ExemptionFlags, NewExemptionForm } from '../components/SanitationParts';
import { useCityToday } from '../finance';
import { formatDate } from '../format';
import { useSession } from '../session';

export function SanitationPage() {
  const { can } = useSession();
  const today = useCityToday();
  const [filter, setFilter] = useState<'attention' | 'all'>('attention');
  const [exemptions, setExemptions] = useState<SanitationExemption[] | null>(null);
  const [dumpsterStatus, setDumpsterStatus] = useState<'live' | 'all'>('live');
  const [dumpsters, setDumpsters] = useState<Dumpster[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [showExemptionForm, setShowExemptionForm] = useState(false);
  const [showDumpsterForm, setShowDumpsterForm] = useState(false);
  const [letters, setLetters] = useState<RenewalLetterOutcome[] | null>(null);
  const [sending, setSending] = useState(false);
  const refresh = () => setReload((n) => n + 1);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    listExemptions(filter, controller.signal).then(
      (listed) => setExemptions(listed.data),
      (e) => !isAbort(e) && setError(e),
    );
    listDumpsters({ status: dumpsterStatus }, controller.signal).then(
      (page) => setDumpsters(page.data),
      (e) => !isAbort(e) && setError(e),
    );
    return () => controller.abort();
  }, [filter, dumpsterStatus, reload]);

  async function sendLetters() {
    setSending(true);
    try {
      const result = await sendRenewalLetters();
      setLetters(result.data);
      refresh();
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  }

  return (
    <div class="page sanitation-page">
      <div class="page-head">
        <h1>Sanitation</h1>
        <button type="button" class="btn btn-small head-refresh" onClick={refresh}>
          Refresh
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}

      <Panel
        title="Private-hauler exemptions"
        id="exemptions"
        actions={
          <>
            {can('accounts.write') && can('notes.write') && (
              <button type="button" class="btn btn-small" id="send-renewal-letters" disabled={sending} onClick={sendLetters}>
                Send renewal letters
              </button>
            )}{' '}
            {can('accounts.write') && (
              <button type="button" class="btn btn-small" onClick={() => setShowExemptionForm(!showExemptionForm)}>
                {showExemptionForm ? 'Close' : 'New exemption'}
              </button>
            )}
          </>
        }
      >
        {showExemptionForm && <NewExemptionForm today={today} onCreated={refresh} />}
        <div class="panel-filters">
          <label for="exemption-filter">Show</label>
          <select id="exemption-filter" value={filter} onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value as 'attention' | 'all')}>
            <option value="attention">Needs attention (expiring in 60 days, expired, missing paperwork)</option>
            <option value="all">All exemptions</option>
          </select>
        </div>
        {letters && (
          <p role="status" id="renewal-result">
            {letters.length === 0
              ? 'No renewal letters were due (each exemption gets at most one every 30 days).'
              : `${letters.filter((l) => l.letter_id).length} of ${letters.length} renewal letters sent.`}
            {letters
              .filter((l) => l.error)
              .map((l) => (
                <span key={l.exemption_id} class="error-text">
                  {' '}
                  {l.exemption_id}: {l.error?.message}
                </span>
              ))}
          </p>
        )}
        {!exemptions ? (
          <Loading />
        ) : exemptions.length === 0 ? (
          <p class="empty">No exemptions {filter === 'attention' ? 'need attention' : 'recorded'}.</p>
        ) : (
          <table class="table exemptions">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Hauler</th>
                <th scope="col">Permit or agreement</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">Renewal letter</th>
              </tr>
            </thead>
            <tbody>
              {exemptions.map((e) => (
                <tr key={e.id} data-id={e.id}>
                  <td>
                    <a href={`#/accounts/${e.account_id}`}>{e.account_number}</a>{' '}
                    <span class="muted small">
                      {e.customer_name} · {e.service_address}
                    </span>
                  </td>
                  <td>{e.hauler}</td>
                  <td>{e.permit || <span class="muted">none on file</span>}</td>
                  <td>{formatDate(e.expires_on)}</td>
                  <td>
                    <ExemptionFlags exemption={e} />
                  </td>
                  <td>{e.renewal_sent_on ? `Sent ${formatDate(e.renewal_sent_on)}` : <span class="muted">Not sent</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      <Panel
        title="Roll-off dumpsters"
        id="dumpsters"
        actions={
          can('meters.write') ? (
            <button type="button" class="btn btn-small" onClick={() => setShowDumpsterForm(!showDumpsterForm)}>
              {showDumpsterForm ? 'Close' : 'Request dumpster'}
            </button>
          ) : undefined
        }
      >
        {showDumpsterForm && <DumpsterRequestForm today={today} onCreated={refresh} />}
        <div class="panel-filters">
          <label for="dumpster-filter">Show</label>
          <select id="dumpster-filter" value={dumpsterStatus} onChange={(e) => setDumpsterStatus((e.currentTarget as HTMLSelectElement).value as 'live' | 'all')}>
            <option value="live">Requested and on site</option>
            <option value="all">All</option>
          </select>
        </div>
        {!dumpsters ? (
          <Loading />
        ) : dumpsters.length === 0 ? (
          <p class="empty">No dumpsters.</p>
        ) : (
          <table class="table dumpsters">
            <thead>
              <tr>
                <th scope="col">Dumpster</th>
                <th scope="col">Account</th>
                <th scope="col">Wanted</th>
                <th scope="col">Status</th>
                <th scope="col">Empties</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {dumpsters.map((d) => (
                <DumpsterRow key={d.id} dumpster={d} onDone={refresh} showAccount />
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
