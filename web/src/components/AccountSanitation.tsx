// The account page's sanitation panel: the private-hauler exemption (commercial premises) and the
// account's roll-off dumpsters with their actions.
import { useEffect, useState } from 'preact/hooks';
import { accountSanitation, isAbort, type Dumpster, type SanitationExemption } from '../api';
import { useCityToday } from '../finance';
import { formatDate } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import { ErrorMessage, Loading, Panel } from './Panel';
import { DumpsterRequestForm, DumpsterRow, ExemptionFlags, NewExemptionForm } from './SanitationParts';

export function AccountSanitation({ accountId }: { accountId: string }) {
  const { can } = useSession();
  const today = useCityToday();
  const [data, setData] = useState<{
    may_use_private_hauler: boolean;
    exemption: SanitationExemption | null;
    dumpsters: Dumpster[];
  } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [form, setForm] = useState<'none' | 'exemption' | 'dumpster'>('none');
  const refresh = () => setReload((n) => n + 1);

  useEffect(() => {
    const controller = new AbortController();
    accountSanitation(accountId, controller.signal).then(setData, (e) => !isAbort(e) && setError(e));
    return () => controller.abort();
  }, [accountId, reload]);

  const exemption = data?.exemption;
  return (
    <Panel
      title="Sanitation"
      id="sanitation"
      actions={
        <>
          {data?.may_use_private_hauler && !exemption && can('accounts.write') && (
            <button type="button" class="btn btn-small" onClick={() => setForm(form === 'exemption' ? 'none' : 'exemption')}>
              Private hauler
            </button>
          )}{' '}
          {can('meters.write') && (
            <button type="button" class="btn btn-small" onClick={() => setForm(form === 'dumpster' ? 'none' : 'dumpster')}>
              Request dumpster
            </button>
          )}
        </>
      }
    >
      {form === 'exemption' && <NewExemptionForm accountId={accountId} today={today} onCreated={() => { setForm('none'); refresh(); }} />}
      {form === 'dumpster' && <DumpsterRequestForm accountId={accountId} today={today} onCreated={() => { setForm('none'); refresh(); }} />}
      {error ? (
        <ErrorMessage error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          {exemption ? (
            <p class="exemption-summary">
              Private hauler <strong>{exemption.hauler}</strong>, permit or agreement{' '}
              {exemption.permit || <em>missing</em>}, {formatDate(exemption.starts_on)} to {formatDate(exemption.expires_on)}.{' '}
              <ExemptionFlags exemption={exemption} />
              {exemption.renewal_sent_on && <span class="muted small"> Renewal letter sent {formatDate(exemption.renewal_sent_on)}.</span>}
            </p>
          ) : data.may_use_private_hauler ? (
            <p class="muted">City sanitation service (no private-hauler exemption).</p>
          ) : null}
          {data.dumpsters.length === 0 ? (
            <p class="empty">No dumpsters.</p>
          ) : (
            <table class="table account-dumpsters">
              <thead>
                <tr>
                  <th scope="col">Dumpster</th>
                  <th scope="col">Wanted</th>
                  <th scope="col">Status</th>
                  <th scope="col">Empties</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {data.dumpsters.map((d) => (
                  <DumpsterRow key={d.id} dumpster={d} onDone={refresh} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <div class="list-foot">
        <a href={href('/sanitation')}>Sanitation</a>
      </div>
    </Panel>
  );
}
