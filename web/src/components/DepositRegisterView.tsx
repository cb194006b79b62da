// The deposit register on the Reports page: per account, what was required, billed, paid up
// front, accrued as interest, refunded and applied, the held amount and the ledger's; the totals
// balance to the deposits-held GL account.
import type { Money } from '../types';
import { href } from '../router';

interface Row {
  required: Money; billed: Money; paid: Money; interest: Money; refunded: Money; applied: Money; held: Money;
}
interface Line extends Row {
  account_id: string; account_number: string; customer_name: string; status: string; ledger_held: Money;
}
interface Register { data: Line[]; totals: Row; gl_balance: Money; balanced: boolean }

const COLUMNS: (keyof Row)[] = ['required', 'billed', 'paid', 'interest', 'refunded', 'applied', 'held'];

export function DepositRegisterView({ data }: { data: unknown }) {
  const register = data as Register;
  return (
    <>
      <p class={register.balanced ? 'muted' : 'error'}>
        Deposits-held GL balance {register.gl_balance.text};{' '}
        {register.balanced ? 'the register balances to it.' : 'the register does NOT balance to it.'}
      </p>
      <table class="table deposit-register">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            {COLUMNS.map((c) => <th scope="col" class="num" key={c}>{c}</th>)}
          </tr>
        </thead>
        <tbody>
          {register.data.map((line) => (
            <tr key={line.account_id}>
              <td><a href={href(`/accounts/${line.account_id}`)}>{line.account_number}</a></td>
              <td>{line.customer_name}</td>
              <td>{line.status}</td>
              {COLUMNS.map((c) => <td class="num" key={c}>{line[c].text}</td>)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>Total</th>
            {COLUMNS.map((c) => <td class="num" key={c}>{register.totals[c].text}</td>)}
          </tr>
        </tfoot>
      </table>
    </>
  );
}
