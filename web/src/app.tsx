// The shell: probes the session on load (which also refreshes the CSRF token), shows sign-in
// when signed out, else the top bar and the page for the current hash route.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, currentSession, setUnauthenticatedHandler, signOut as apiSignOut } from './api';
import { TopBar } from './components/TopBar';
import { ErrorMessage, Loading } from './components/Panel';
import { AccountPage } from './pages/AccountPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { BillPage } from './pages/BillPage';
import { BillingPage } from './pages/BillingPage';
import { RateQuotePage } from './pages/RateQuotePage';
import { ReadingsPage } from './pages/ReadingsPage';
import { ServiceOrdersPage } from './pages/ServiceOrdersPage';
import { SanitationPage } from './pages/SanitationPage';
import { DrawerPage } from './pages/DrawerPage';
import { HomePage } from './pages/HomePage';
import { NewAccountPage } from './pages/NewAccountPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReportsPage } from './pages/ReportsPage';
import { SearchPage } from './pages/SearchPage';
import { StartServicePage } from './pages/StartServicePage';
import { SignInPage } from './pages/SignInPage';
import { forgetRecentAccounts } from './recent';
import { matchRoute, useLocation } from './router';
import { SessionContext, makeCan, type SessionContextValue } from './session';
import type { Session } from './types';

type State =
  | { kind: 'loading' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; session: Session };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const probe = useCallback(() => {
    setState({ kind: 'loading' });
    currentSession().then(
      (session) => setState(session ? { kind: 'signed-in', session } : { kind: 'signed-out' }),
      (error) => setState({ kind: 'failed', error }),
    );
  }, []);

  useEffect(() => {
    probe();
    setUnauthenticatedHandler(() =>
      setState({ kind: 'signed-out', notice: 'Your session has ended. Please sign in again.' }),
    );
    return () => setUnauthenticatedHandler(null);
  }, [probe]);

  const signOut = useCallback(() => {
    forgetRecentAccounts();
    apiSignOut()
      .catch(() => undefined)
      .then(() => setState({ kind: 'signed-out', notice: 'You have signed out.' }));
  }, []);

  const context = useMemo<SessionContextValue | null>(
    () => (state.kind === 'signed-in' ? { session: state.session, can: makeCan(state.session), signOut } : null),
    [state, signOut],
  );

  switch (state.kind) {
    case 'loading':
      return (
        <div class="center-page">
          <Loading label="Starting Cistern…" />
        </div>
      );
    case 'failed':
      return (
        <div class="center-page">
          <div class="card">
            <h1>Cistern</h1>
            <ErrorMessage error={state.error instanceof ApiError ? state.error : new Error('Cannot start the console.')} />
            <button type="button" class="btn btn-primary" onClick={probe}>
              Try again
            </button>
          </div>
        </div>
      );
    case 'signed-out':
      return <SignInPage notice={state.notice} onSignedIn={(session) => setState({ kind: 'signed-in', session })} />;
    case 'signed-in':
      return (
        <SessionContext.Provider value={context}>
          <Shell />
        </SessionContext.Provider>
      );
  }
}

function Shell() {
  const location = useLocation();
  const route = matchRoute(location);

  // "/" focuses the search box from anywhere, except while typing in a field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      const box = document.getElementById('global-search') as HTMLInputElement | null;
      box?.focus();
      box?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  let page;
  switch (route.name) {
    case 'home':
      page = <HomePage />;
      break;
    case 'search':
      page = <SearchPage key={route.q} q={route.q} />;
      break;
    case 'new-account':
      page = <NewAccountPage />;
      break;
    case 'start':
      // A new hash (another premise or customer) is a fresh form.
      page = <StartServicePage key={route.params.toString()} params={route.params} />;
      break;
    case 'account':
      page = <AccountPage key={route.id} id={route.id} />;
      break;
    case 'drawer':
      page = <DrawerPage />;
      break;
    case 'approvals':
      page = <ApprovalsPage />;
      break;
    case 'reports':
      page = <ReportsPage params={route.params} />;
      break;
    case 'bill':
      page = <BillPage key={route.id} id={route.id} />;
      break;
    case 'readings':
      page = <ReadingsPage params={route.params} />;
      break;
    case 'service-orders':
      page = <ServiceOrdersPage params={route.params} />;
      break;
    case 'sanitation':
      page = <SanitationPage />;
      break;
    case 'billing':
      page = <BillingPage key={route.runId ?? ''} runId={route.runId} />;
      break;
    case 'rate-quote':
      page = <RateQuotePage />;
      break;
    case 'not-found':
      page = <NotFoundPage path={route.path} />;
      break;
  }
  return (
    <div class="shell">
      <TopBar path={location.path} />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}
