// The only module that talks HTTP. Same-origin calls to /api/v1 with the session cookie; every
// state-changing call carries the CSRF token that sign-in (or GET sessions/current) returned.
import type {
  Account,
  AccountSummary,
  AuditEvent,
  ListPage,
  NewAccountRequest,
  Note,
  ReferenceData,
  Session,
} from './types';

const BASE = '/api/v1';

/** An error answer from the API (or a network failure, with code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
// Bumped at every sign-in and sign-out, so that a 401 answering a request sent under an earlier
// session (still in flight when the user signed out and in again) does not end the new one.
let sessionGeneration = 0;

/** Called when any call other than sign-in answers 401, so the shell can ask to sign in again. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not call the unauthenticated handler on 401 (sign-in and the session probe). */
  quiet401?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const generation = sessionGeneration;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'NETWORK', 'NETWORK', 'Cannot reach the Cistern server. Check the connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: any = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const e = json && typeof json === 'object' ? json.error : null;
    const error = new ApiError(
      response.status,
      e?.code ?? 'HTTP_' + response.status,
      e?.reason ?? '',
      e?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      e?.field ?? undefined,
    );
    if (response.status === 401 && !options.quiet401 && generation === sessionGeneration && onUnauthenticated) {
      onUnauthenticated();
    }
    throw error;
  }
  return json as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

const enc = encodeURIComponent;

// Sessions

export async function signIn(username: string, password: string): Promise<Session> {
  const session = await request<Session>('POST', '/sessions', { body: { username, password }, quiet401: true });
  sessionGeneration += 1;
  csrfToken = session.csrf_token;
  referenceDataPromise = null;
  return session;
}

/** The current session, or null when signed out. Also refreshes the CSRF token. */
export async function currentSession(): Promise<Session | null> {
  try {
    const session = await request<Session>('GET', '/sessions/current', { quiet401: true });
    csrfToken = session.csrf_token;
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      csrfToken = null;
      return null;
    }
    throw error;
  }
}

export async function signOut(): Promise<void> {
  sessionGeneration += 1;
  try {
    await request<void>('DELETE', '/sessions/current', { quiet401: true });
  } finally {
    csrfToken = null;
    referenceDataPromise = null;
  }
}

// Reference data changes rarely: one fetch per sign-in.
let referenceDataPromise: Promise<ReferenceData> | null = null;

export function referenceData(): Promise<ReferenceData> {
  if (!referenceDataPromise) {
    referenceDataPromise = request<ReferenceData>('GET', '/reference-data');
    referenceDataPromise.catch(() => {
      referenceDataPromise = null;
    });
  }
  return referenceDataPromise;
}

// Accounts

export function searchAccounts(
  q: string,
  options: { pageSize?: number; pageToken?: string; signal?: AbortSignal } = {},
): Promise<ListPage<AccountSummary>> {
  return request('GET', '/accounts' + query({ q, page_size: options.pageSize, page_token: options.pageToken }), {
    signal: options.signal,
  });
}

export function getAccount(id: string, signal?: AbortSignal): Promise<Account> {
  return request('GET', `/accounts/${enc(id)}`, { signal });
}

export function createAccount(body: NewAccountRequest): Promise<Account> {
  return request('POST', '/accounts', { body });
}

export function listNotes(accountId: string, pageToken?: string, signal?: AbortSignal): Promise<ListPage<Note>> {
  return request('GET', `/accounts/${enc(accountId)}/notes` + query({ page_size: 50, page_token: pageToken }), {
    signal,
  });
}

export function addNote(accountId: string, text: string): Promise<Note> {
  return request('POST', `/accounts/${enc(accountId)}/notes`, { body: { text } });
}

export function accountHistory(
  accountId: string,
  pageToken?: string,
  signal?: AbortSignal,
): Promise<ListPage<AuditEvent>> {
  return request('GET', `/accounts/${enc(accountId)}/history` + query({ page_size: 50, page_token: pageToken }), {
    signal,
  });
}
