import { useEffect, useState } from 'preact/hooks';
import { referenceData } from '../api';
import { humanize } from '../format';
import { href } from '../router';
import { useSession } from '../session';
import { SearchBox } from './SearchBox';

const ROLE_FALLBACK: Record<string, string> = { csr: 'CSR' };

export function TopBar({ path }: { path: string }) {
  const { session, can, signOut } = useSession();
  const role = session.user.role;
  const [roleName, setRoleName] = useState(ROLE_FALLBACK[role] ?? humanize(role));
  useEffect(() => {
    referenceData().then(
      (data) => {
        const name = data.roles?.find((r) => r.code === role)?.name;
        if (name) setRoleName(name);
      },
      () => undefined,
    );
  }, [role]);

  return (
    <header class="topbar">
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <a class="brand" href={href('/')}>
        <span class="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        Cistern
      </a>
      <SearchBox />
      <nav class="topbar-nav" aria-label="Main">
        {can('accounts.write') && (
          <NavLink to="/start" path={path}>
            Start service
          </NavLink>
        )}
        {can('accounts.write') && (
          <NavLink to="/accounts/new" path={path}>
            New account
          </NavLink>
        )}
        {can('payments.post') && (
          <NavLink to="/drawer" path={path}>
            Drawer
          </NavLink>
        )}
        {can('approvals.decide') && (
          <NavLink to="/approvals" path={path}>
            Approvals
          </NavLink>
        )}
        {can('meters.write') && (
          <NavLink to="/readings" path={path}>
            Readings
          </NavLink>
        )}
        <NavLink to="/service-orders" path={path}>
          Service orders
        </NavLink>
        <NavLink to="/sanitation" path={path}>
          Sanitation
        </NavLink>
        {can('billing.run') && (
          <NavLink to="/billing" path={path} prefix>
            Billing
          </NavLink>
        )}
        <NavLink to="/rate-quote" path={path}>
          Rate quote
        </NavLink>
        {(can('reports.read') || can('rates.audit')) && (
          <NavLink to="/reports" path={path}>
            Reports
          </NavLink>
        )}
      </nav>
      <div class="topbar-user">
        <span class="user-name">{session.user.display_name}</span>
        <span class="user-role" title="Role">
          {roleName}
        </span>
        <button type="button" class="btn btn-quiet" onClick={signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function NavLink(props: { to: string; path: string; children: string; prefix?: boolean }) {
  const current = props.path === props.to || (Boolean(props.prefix) && props.path.startsWith(props.to + '/'));
  return (
    <a class={'topbar-link' + (current ? ' current' : '')} href={href(props.to)} aria-current={current ? 'page' : undefined}>
      {props.children}
    </a>
  );
}
