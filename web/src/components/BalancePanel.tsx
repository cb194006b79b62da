// An account's money at a glance: what it owes (or its credit), by fund, unapplied credit, the
// cash-only mark after a returned payment, and aging.
import { fundName } from '../finance';
import { formatDate } from '../format';
import { formatCents } from '../money';
import type { AccountLedger } from '../types';
import { Amount } from './Money';
import { ErrorMessage, Loading, Panel } from './Panel';

export function BalancePanel(props: { ledger: AccountLedger | null; error: unknown }) {
  const { ledger } = props;
  return (
    <Panel title="Balance" id="balance">
      <ErrorMessage error={props.error} />
      {!ledger && !props.error && <Loading />}
      {ledger && (
        <>
          <div class="balance-big">
            <span class="balance-label">{ledger.balance.cents < 0 ? 'Credit balance' : 'Balance due'}</span>
            <span id="balance-amount" class={'balance-amount' + (ledger.balance.cents < 0 ? ' amount-credit' : '')}>
              {ledger.balance.cents < 0 ? formatCents(-ledger.balance.cents) : ledger.balance.text}
            </span>
            {ledger.cash_only_until && (
              <span class="badge badge-cash-only" title="A returned payment restricts this account to cash or certified funds">
                Cash only until {formatDate(ledger.cash_only_until)}
              </span>
            )}
          </div>
          <dl class="kvs">
            {ledger.by_fund.map((f) => (
              <div class="kv kv-money" key={f.fund}>
                <dt>{fundName(f.fund)}</dt>
                <dd>
                  <Amount money={f.balance} />
                </dd>
              </div>
            ))}
            <div class="kv kv-money">
              <dt>Unapplied credit</dt>
              <dd>
                <Amount money={ledger.credit} />
              </dd>
            </div>
          </dl>
          <table class="aging" aria-label="Aging">
            <thead>
              <tr>
                <th scope="col">Current</th>
                <th scope="col">31–60</th>
                <th scope="col">61–90</th>
                <th scope="col">Over 90</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {[ledger.aging.current, ledger.aging.days_31_60, ledger.aging.days_61_90, ledger.aging.over_90].map(
                  (bucket, index) => (
                    <td key={index} class={bucket.cents > 0 && index > 0 ? 'aging-late' : ''}>
                      {bucket.text}
                    </td>
                  ),
                )}
              </tr>
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
