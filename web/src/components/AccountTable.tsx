import { href } from '../router';
import { StatusBadge } from './StatusBadge';

export interface AccountRow {
  id: string;
  account_number: string;
  customer_name: string;
  service_address: string;
  status: string;
  phone?: string;
  email?: string;
  confidential?: boolean;
}

/** A dense table of accounts; the account number is the link (one Tab stop per row). */
export function AccountTable(props: { rows: AccountRow[]; caption: string; showContact?: boolean }) {
  return (
    <table class="table">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Customer</th>
          <th scope="col">Service address</th>
          {props.showContact && <th scope="col">Phone</th>}
          {props.showContact && <th scope="col">Email</th>}
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.id}>
            <td>
              <a class="mono" href={href(`/accounts/${row.id}`)}>
                {row.account_number}
              </a>
            </td>
            <td>
              {row.customer_name}
              {row.confidential && <span class="badge badge-confidential">Confidential</span>}
            </td>
            <td>{row.service_address}</td>
            {props.showContact && <td class="nowrap">{row.phone ?? ''}</td>}
            {props.showContact && <td>{row.email ?? ''}</td>}
            <td>
              <StatusBadge status={row.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
