import { useEffect, useState } from 'preact/hooks';
import { AccountTable } from '../components/AccountTable';
import { Panel } from '../components/Panel';
import { recentAccounts } from '../recent';
import { href } from '../router';
import { useSession } from '../session';

export function HomePage() {
  const { session, can } = useSession();
  const [recent] = useState(recentAccounts);
  useEffect(() => {
    document.title = 'Cistern';
  }, []);
  return (
    <div class="page">
      <div class="page-head">
        <h1>Start</h1>
        <span class="muted">Signed in as {session.user.display_name}</span>
      </div>
      <div class="home-grid">
        <Panel title="Find an account">
          <p>
            Press <kbd>/</kbd> to search by customer name, service address, account number, phone or email. Use{' '}
            <kbd>↑</kbd> <kbd>↓</kbd> and <kbd>Enter</kbd> to open a result; an exact account number opens directly.
          </p>
          {can('accounts.write') && (
            <p class="action-group">
              <a class="btn btn-primary" href={href('/start')}>
                Start service
              </a>
              <a class="btn" href={href('/accounts/new')}>
                New account
              </a>
            </p>
          )}
        </Panel>
        <Panel title="Recently viewed">
          {recent.length === 0 ? (
            <p class="muted">Accounts you open in this tab appear here.</p>
          ) : (
            <AccountTable rows={recent} caption="Recently viewed accounts" />
          )}
        </Panel>
      </div>
    </div>
  );
}
