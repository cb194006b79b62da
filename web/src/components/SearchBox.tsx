// The global account search: results as you type (debounced, stale requests aborted), a
// listbox driven by the arrow keys, Enter to open. "/" anywhere focuses it (see App).
import { useRef } from 'preact/hooks';
import { searchAccounts } from '../api';
import { accountNumberDigits } from '../format';
import { navigate } from '../router';
import type { AccountSummary } from '../types';
import { StatusBadge } from './StatusBadge';
import { useTypeahead } from './useTypeahead';

const DROPDOWN_SIZE = 8;

interface Results {
  q: string;
  data: AccountSummary[];
  more: boolean;
}

export function SearchBox() {
  const search = useTypeahead<Results>({
    search: async (q, signal) => {
      const page = await searchAccounts(q, { pageSize: DROPDOWN_SIZE, signal });
      return { q, data: page.data, more: Boolean(page.next_page_token) };
    },
    minLength: 1,
    optionIdPrefix: 'search-option-',
  });
  const { text, results, error, open, active, busy, setActive, close } = search;
  const root = useRef<HTMLDivElement>(null);

  function openAccount(account: AccountSummary) {
    close();
    search.onInput('');
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
    const fresh = results && results.q === q && !busy ? results : await search.searchNow(q);
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
    if (search.onArrowKey(event, count)) return;
    switch (event.key) {
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
          search.onInput('');
        } else {
          (event.currentTarget as HTMLInputElement).blur();
        }
        break;
    }
  }

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
        // Short enough for the supervisor's top bar (the most links) at 1366 px; the title has it all.
        placeholder="Name, address, account no., phone"
        title="Search accounts by name, address, account number, phone or email"
        aria-keyshortcuts="/"
        value={text}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `search-option-${active}` : undefined}
        onInput={(event) => search.onInput((event.currentTarget as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
        onFocus={() => results && text.trim() && search.setOpen(true)}
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
