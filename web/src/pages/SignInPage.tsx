import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, signIn } from '../api';
import type { Session } from '../types';

export function SignInPage(props: { notice?: string; onSignedIn: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; locked: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Cistern';
    usernameRef.current?.focus();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (!username.trim()) {
      setError({ message: 'Enter your username.', locked: false });
      usernameRef.current?.focus();
      return;
    }
    if (!password) {
      setError({ message: 'Enter your password.', locked: false });
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(username.trim(), password);
      props.onSignedIn(session);
    } catch (e) {
      const locked = e instanceof ApiError && (e.status === 429 || e.reason === 'SIGN_IN_LOCKED');
      const message =
        e instanceof ApiError
          ? e.message
          : 'Sign-in failed. Try again.';
      setError({ message, locked });
      setPassword('');
      setBusy(false);
      passwordRef.current?.focus();
    }
  }

  return (
    <div class="center-page signin-page">
      <form class="card signin-card" onSubmit={submit} noValidate aria-labelledby="signin-title">
        <div class="signin-brand">
          <span class="brand-mark" aria-hidden="true">◆</span>
          <div>
            <h1 id="signin-title">Cistern</h1>
            <p class="muted">Utility billing and customer information</p>
          </div>
        </div>
        {props.notice && !error && (
          <div class="alert alert-info" role="status">
            {props.notice}
          </div>
        )}
        {error && (
          <div class={error.locked ? 'alert alert-warning' : 'alert alert-error'} role="alert" id="signin-error">
            {error.locked && <strong>Sign-in locked. </strong>}
            {error.message}
          </div>
        )}
        <div class="field">
          <label for="signin-username">Username</label>
          <input
            id="signin-username"
            ref={usernameRef}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            value={username}
            aria-describedby={error ? 'signin-error' : undefined}
            onInput={(event) => setUsername((event.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="signin-password">Password</label>
          <input
            id="signin-password"
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            aria-describedby={error ? 'signin-error' : undefined}
            onInput={(event) => setPassword((event.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
