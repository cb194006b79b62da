// The global account search: results as you type (debounced, stale requests aborted), a
// listbox driven by the arrow keys, Enter to open. "/" anywhere focuses it (see App).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, isAbort, searchAccounts } from '../api';
import { accountNumberDigits } from '../format';
import { navigate } from '../router';
import type { AccountSummary } from '../types';
import { StatusBadge } from './StatusBadge';

const DEBOUNCE_MS = 150;
const DROPDOWN_SIZE = 8;

interface Results {
  q: string;
  data: AccountSummary[];
  more: boolean;
}

export function SearchBox() {
  const [text, setText] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => () => {
    window.clearTimeout(timer.current);
    controller.current?.abort();
  }, []);

  async function run(q: string): Promise<Results | null> {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setBusy(true);
    try {
      const page = await searchAccounts(q, { pageSize: DROPDOWN_SIZE, signal: mine.signal });
      const next = { q, data: page.data, more: Boolean(page.next_page_token) };
      if (controller.current === mine) {
        setResults(next);
        setError(null);
        setActive(-1);
        setOpen(true);
      }
      return next;
    } catch (e) {
      if (isAbort(e)) return null;
      if (controller.current === mine) {
        setResults(null);
        setError(e instanceof ApiError ? e.message : 'Search failed.');
        setOpen(true);
      }
      return null;
    } finally {
      if (controller.current === mine) setBusy(false);
    }
  }

  function onInput(value: string) {
    setText(value);
    window.clearTimeout(timer.current);
    if (!value.trim()) {
      controller.current?.abort();
      setResults(null);
      setError(null);
      setOpen(false);
      setBusy(false);
      return;
    }
    timer.current = window.setTimeout(() => void run(value.trim()), DEBOUNCE_MS);
  }

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function openAccount(account: AccountSummary) {
    close();
    setText('');
    setResults(null);
    navigate(`/accounts/${account.id}`);
    // Hand focus to the page so the CSR can read on; the search box is one "/" away.
    window.setTimeout(() => document.getElementById('main')?.focus(), 0);
  }

  function openFullResults(q: string) {
    close();
    navigate('/search', { q });
  }

  async function onEnter() {
    const q = text.trim();
    if (!q) return;
    const options = results && results.q === q ? results.data : [];
    if (open && active >= 0 && active < options.length) {
      openAccount(options[active]);
      return;
    }
    if (open && active === options.length && results) {
      openFullResults(q);
      return;
    }
    // Enter before the debounce fired: search now rather than act on stale results.
    window.clearTimeout(timer.current);
    const fresh = results && results.q === q && !busy ? results : await run(q);
    if (!fresh) return;
    const digits = accountNumberDigits(q);
    const exact = digits ? fresh.data.filter((a) => a.account_number === digits) : [];
    if (exact.length === 1) {
      openAccount(exact[0]);
    } else {
      openFullResults(q);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    const count = results ? results.data.length + 1 : 0; // +1: the "all results" row
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open && results) setOpen(true);
        if (count) setActive((i) => (i + 1) % count);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (count) setActive((i) => (i <= 0 ? count - 1 : i - 1));
        break;
      case 'Enter':
        event.preventDefault();
        void onEnter();
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          close();
        } else if (text) {
          event.preventDefault();
          onInput('');
        } else {
          (event.currentTarget as HTMLInputElement).blur();
        }
        break;
    }
  }

  useEffect(() => {
    if (active < 0) return;
    document.getElementById(`search-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const showList = open && (results !== null || error !== null);
  const listId = 'global-search-results';
  return (
    <div
      class="search"
      ref={root}
      onFocusOut={(event) => {
        if (!root.current?.contains(event.relatedTarget as Node | null)) close();
      }}
    >
      <label for="global-search" class="visually-hidden">
        Search accounts
      </label>
      <input
        id="global-search"
        type="search"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        placeholder="Search accounts by name, address, number, phone or email"
        aria-keyshortcuts="/"
        value={text}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `search-option-${active}` : undefined}
        onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
        onFocus={() => results && text.trim() && setOpen(true)}
      />
      {busy ? (
        <span class="search-spinner" aria-hidden="true" />
      ) : (
        !text && (
          <kbd class="search-key" aria-hidden="true" title="Press / to search">
            /
          </kbd>
        )
      )}
      {showList && (
        <ul class="search-list" id={listId} role="listbox" aria-label="Matching accounts">
          {error && (
            <li class="search-empty" role="presentation">
              {error}
            </li>
          )}
          {results && results.data.length === 0 && (
            <li class="search-empty" role="presentation">
              No accounts match “{results.q}”.
            </li>
          )}
          {results &&
            results.data.map((account, index) => (
              <li
                key={account.id}
                id={`search-option-${index}`}
                role="option"
                aria-selected={index === active}
                class={index === active ? 'search-option active' : 'search-option'}
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => openAccount(account)}
              >
                <span class="mono">{account.account_number}</span>
                <span class="search-name">
                  <span class="ellipsis">{account.customer_name}</span>
                  {account.confidential && (
                    <span class="badge badge-confidential" title="Confidential customer">
                      Confidential
                    </span>
                  )}
                </span>
                <span class="search-address">{account.service_address}</span>
                <StatusBadge status={account.status} />
              </li>
            ))}
          {results && results.data.length > 0 && (
            <li
              id={`search-option-${results.data.length}`}
              role="option"
              aria-selected={active === results.data.length}
              class={active === results.data.length ? 'search-option search-all active' : 'search-option search-all'}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(results.data.length)}
              onClick={() => openFullResults(results.q)}
            >
              {results.more ? 'All results' : 'Show as a list'} for “{results.q}” →
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
