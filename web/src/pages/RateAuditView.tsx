// The rate audit on the Reports page: services whose rate class does not fit their premise or
// customer. Counts by kind double as filters (#/reports?report=rate-audit&kind=…); each finding
// links to its account, where the CSR corrects the service.
import { formatDate } from '../format';
import { href } from '../router';

export interface RateAuditFinding {
  account_id: string;
  account_number: string;
  customer_name: string;
  service_address: string;
  service_id: string;
  service: string;
  rate_class: string;
  rate_class_name: string;
  kind: string;
  detail: string;
}

export interface RateAuditBody {
  as_of: string;
  rate_version: string;
  accounts_checked: number;
  services_checked: number;
  accounts_with_findings: number;
  kind: string | null;
  findings_total: number;
  findings_listed: number;
  truncated: boolean;
  counts: { kind: string; count: number }[];
  data: RateAuditFinding[];
}

/** What each kind means to a CSR, in the words of the issue. */
export const RATE_AUDIT_KINDS: Record<string, { name: string; about: string }> = {
  class_unknown: { name: 'Class not in the rates', about: 'The service or its class is not in the rates in effect.' },
  premise_type_mismatch: { name: 'Wrong premise type', about: 'A commercial class on a single-family premise, say.' },
  customer_kind_mismatch: { name: 'Wrong customer kind', about: 'A residential class for a business, or the reverse.' },
  location_mismatch: { name: 'Inside / outside city', about: 'An inside-city rate outside city limits, or the reverse.' },
  program_not_current: { name: 'Program not current', about: 'A senior or low-income rate without a current eligibility.' },
  winter_average_missing: { name: 'Winter average missing', about: 'A sewer cap with no winter average where one is due.' },
};

export function rateAuditKindName(kind: string): string {
  return RATE_AUDIT_KINDS[kind]?.name ?? kind;
}

/** Rows drawn at most; the CSV has every finding. */
const ROWS_SHOWN_MAX = 300;

function isRateAudit(data: unknown): data is RateAuditBody {
  return typeof data === 'object' && data !== null && Array.isArray((data as RateAuditBody).counts) && Array.isArray((data as RateAuditBody).data);
}

export function RateAuditView({ data, date }: { data: unknown; date: string }) {
  if (!isRateAudit(data)) return <pre class="report-raw">{JSON.stringify(data, null, 2)}</pre>;
  const shown = data.data.slice(0, ROWS_SHOWN_MAX);
  const kindHref = (kind?: string) => href('/reports', { report: 'rate-audit', date, ...(kind ? { kind } : {}) });
  return (
    <div class="report-view rate-audit">
      <dl class="kvs report-summary">
        <div class="kv">
          <dt>As of</dt>
          <dd>{formatDate(data.as_of)}</dd>
        </div>
        <div class="kv">
          <dt>Rates in effect</dt>
          <dd>{data.rate_version || 'None'}</dd>
        </div>
        <div class="kv">
          <dt>Accounts checked</dt>
          <dd>{data.accounts_checked.toLocaleString('en-US')}</dd>
        </div>
        <div class="kv">
          <dt>Services checked</dt>
          <dd>{data.services_checked.toLocaleString('en-US')}</dd>
        </div>
        <div class="kv">
          <dt>Accounts with findings</dt>
          <dd id="rate-audit-accounts">{data.accounts_with_findings.toLocaleString('en-US')}</dd>
        </div>
      </dl>

      <section class="report-section" aria-labelledby="rate-audit-kinds-title">
        <h3 id="rate-audit-kinds-title">Findings by kind</h3>
        <table class="table report-table rate-audit-counts" id="rate-audit-counts">
          <caption class="visually-hidden">Findings by kind</caption>
          <tbody>
            {data.counts.map((c) => (
              <tr key={c.kind} data-kind={c.kind} class={data.kind === c.kind ? 'selected' : undefined}>
                <th scope="row">
                  {c.count > 0 && data.kind !== c.kind ? (
                    <a href={kindHref(c.kind)} title="Show only these">
                      {rateAuditKindName(c.kind)}
                    </a>
                  ) : (
                    <span aria-current={data.kind === c.kind ? 'true' : undefined}>{rateAuditKindName(c.kind)}</span>
                  )}
                </th>
                <td class="muted small">{RATE_AUDIT_KINDS[c.kind]?.about ?? ''}</td>
                <td class="num">{c.count.toLocaleString('en-US')}</td>
              </tr>
            ))}
            <tr class={data.kind ? undefined : 'selected'}>
              <th scope="row">{data.kind ? <a href={kindHref()}>All kinds</a> : <span aria-current="true">All kinds</span>}</th>
              <td />
              <td class="num">{data.findings_total.toLocaleString('en-US')}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section class="report-section" aria-labelledby="rate-audit-findings-title">
        <h3 id="rate-audit-findings-title">{data.kind ? rateAuditKindName(data.kind) : 'Findings'}</h3>
        {data.data.length === 0 ? (
          <p class="empty">{data.findings_total === 0 ? 'Every service fits its rate class.' : 'None of this kind.'}</p>
        ) : (
          <div class="table-scroll">
            <table class="table rate-audit-table" id="rate-audit-findings">
              <caption class="visually-hidden">Rate audit findings</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Service and class</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((line) => (
                  <tr key={line.service_id + line.kind} data-kind={line.kind}>
                    <td>
                      <a class="mono" href={href(`/accounts/${line.account_id}`)}>
                        {line.account_number}
                      </a>
                      <div class="small">{line.customer_name}</div>
                      <div class="muted small">{line.service_address}</div>
                    </td>
                    <td>
                      <span class="mono">
                        {line.service}.{line.rate_class}
                      </span>
                      {line.rate_class_name && <div class="muted small">{line.rate_class_name}</div>}
                    </td>
                    <td class="nowrap">{rateAuditKindName(line.kind)}</td>
                    <td class="rate-audit-detail">{line.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {(data.findings_listed > shown.length || data.truncated) && (
          <p class="muted report-more">
            Showing the first {shown.length.toLocaleString('en-US')} of {data.findings_listed.toLocaleString('en-US')} findings: download the CSV
            for all of them.
          </p>
        )}
      </section>
    </div>
  );
}
