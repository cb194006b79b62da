// Hash routing (#/accounts/acct_42): the server needs no fallback rules and reloads are safe.
import { useEffect, useMemo, useState } from 'preact/hooks';

export interface Location {
  path: string;
  params: URLSearchParams;
}

export function currentLocation(): Location {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?', 2);
  return { path: path || '/', params: new URLSearchParams(search) };
}

export function href(path: string, params?: Record<string, string>): string {
  const search = params ? new URLSearchParams(params).toString() : '';
  return '#' + path + (search ? '?' + search : '');
}

export function navigate(path: string, params?: Record<string, string>): void {
  window.location.hash = href(path, params);
}

export function useLocation(): Location {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const update = () => setHash(window.location.hash);
    window.addEventListener('hashchange', update);
    // The hash may have changed between the first render and this effect.
    update();
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return useMemo(() => currentLocation(), [hash]);
}

export type Route =
  | { name: 'home' }
  | { name: 'search'; q: string }
  | { name: 'new-account' }
  | { name: 'start'; params: URLSearchParams }
  | { name: 'account'; id: string }
  | { name: 'drawer' }
  | { name: 'approvals' }
  | { name: 'reports'; params: URLSearchParams }
  | { name: 'bill'; id: string }
  | { name: 'readings'; params: URLSearchParams }
  | { name: 'service-orders'; params: URLSearchParams }
  | { name: 'sanitation' }
  | { name: 'billing'; runId?: string }
  | { name: 'rate-quote' }
  | { name: 'not-found'; path: string };

export function matchRoute(location: Location): Route {
  const parts = location.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'search' && parts.length === 1) return { name: 'search', q: location.params.get('q') ?? '' };
  if (parts.length === 1 && parts[0] === 'start') return { name: 'start', params: location.params };
  if (parts.length === 1 && parts[0] === 'drawer') return { name: 'drawer' };
  if (parts.length === 1 && parts[0] === 'approvals') return { name: 'approvals' };
  if (parts.length === 1 && parts[0] === 'reports') return { name: 'reports', params: location.params };
  if (parts[0] === 'bills' && parts.length === 2) return { name: 'bill', id: parts[1] };
  if (parts.length === 1 && parts[0] === 'readings') return { name: 'readings', params: location.params };
  if (parts.length === 1 && parts[0] === 'service-orders') return { name: 'service-orders', params: location.params };
  if (parts.length === 1 && parts[0] === 'sanitation') return { name: 'sanitation' };
  if (parts[0] === 'billing' && parts.length <= 2) return { name: 'billing', runId: parts[1] };
  if (parts.length === 1 && parts[0] === 'rate-quote') return { name: 'rate-quote' };
  if (parts[0] === 'accounts' && parts.length === 2) {
    return parts[1] === 'new' ? { name: 'new-account' } : { name: 'account', id: parts[1] };
  }
  return { name: 'not-found', path: location.path };
}
