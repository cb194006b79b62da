// Picks a customer or a premise by searching accounts (GET /accounts?q=): by name, address,
// account number, phone or email, as the top bar's search. Results are grouped by customer or by
// premise (the summaries carry customer_id and premise_id). Debounced 150 ms, each new query
// aborts the previous one; ↑/↓ move, Enter picks (the first row when none is highlighted),
// Escape closes. Once picked, the choice shows as a card with "Change". The input (or, once
// picked, the Change button) has the id of `path`, so a server error on that field lands here.
import { useEffect, useRef } from 'preact/hooks';
import { searchAccounts } from '../api';
import type { AccountSummary } from '../types';
import { describedBy, ErrorText, fieldId, Hint, Label, type FieldErrors } from './Fields';
import { StatusBadge } from './StatusBadge';
import { useTypeahead } from './useTypeahead';

export interface Picked {
  id: string; // cust_N or prem_N
  title: string;
  detail: string;
}

interface Choice extends Picked {
  accounts: AccountSummary[];
}

function group(mode: 'customer' | 'premise', data: AccountSummary[]): Choice[] {
  const byId = new Map<string, Choice>();
  for (const account of data) {
    const id = mode === 'customer' ? account.customer_id : account.premise_id;
    if (!id) continue;
    let choice = byId.get(id);
    if (!choice) {
      choice =
        mode === 'customer'
          ? { id, title: account.customer_name, detail: '', accounts: [] }
          : { id, title: account.service_address, detail: '', accounts: [] };
      byId.set(id, choice);
    }
    choice.accounts.push(account);
  }
  for (const choice of byId.values()) {
    choice.detail =
      mode === 'customer'
        ? choice.accounts.map((a) => `${a.service_address} (${a.status})`).join(' · ')
        : choice.accounts.map((a) => `${a.customer_name} (${a.status})`).join(' · ');
  }
  return [...byId.values()];
}

/** A premise is "in service" while one of its accounts is active or pending. */
export function inService(accounts: AccountSummary[]): boolean {
  return accounts.some((a) => a.status === 'active' || a.status === 'pending');
}

export function AccountLookup(props: {
  mode: 'customer' | 'premise';
  path: string;
  label: string;
  required?: boolean;
  placeholder: string;
  errors: FieldErrors;
  picked: Picked | null;
  onPick: (picked: Picked | null) => void;
  hint?: string;
  /** The account this lookup serves (a transfer's own premise is marked "this account"). */
  currentAccountId?: string;
}) {
  const { path, errors } = props;
  const listId = fieldId(path) + '-results';
  const lookup = useTypeahead<Choice[]>({
    search: async (q, signal) => {
      const page = await searchAccounts(q, { pageSize: 20, signal });
      return group(props.mode, page.data).slice(0, 8);
    },
    minLength: 2,
    optionIdPrefix: `${listId}-`,
  });
  const { text, results: choices, error, active, open, busy, setActive, close } = lookup;
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const focusInput = useRef(false);

  // After "Change", focus moves back into the search box.
  useEffect(() => {
    if (!props.picked && focusInput.current) {
      focusInput.current = false;
      input.current?.focus();
    }
  }, [props.picked]);

  function pick(choice: Choice) {
    close();
    props.onPick({ id: choice.id, title: choice.title, detail: choice.detail });
  }

  async function onEnter() {
    const q = text.trim();
    if (q.length < 2) return;
    let list = choices;
    if (busy || !list) list = await lookup.searchNow(q);
    if (!list || list.length === 0) return;
    pick(list[active >= 0 && active < list.length ? active : 0]);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (lookup.onArrowKey(event, choices?.length ?? 0)) return;
    switch (event.key) {
      case 'Enter':
        // Enter picks; it never submits the form around the lookup.
        if (event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        void onEnter();
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
        break;
    }
  }

  const invalid = Boolean(errors[path]);
  if (props.picked) {
    return (
      <div class={'field lookup' + (invalid ? ' has-error' : '')}>
        <div class="lookup-label" id={fieldId(path) + '-label'}>
          {props.label}
          {props.required && (
            <span class="required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </div>
        <div class={'lookup-picked' + (invalid ? ' invalid' : '')}>
          <div class="lookup-picked-text">
            <strong class="lookup-title">{props.picked.title}</strong>
            {props.picked.detail && <span class="muted small">{props.picked.detail}</span>}
          </div>
          <button
            type="button"
            class="btn btn-small"
            id={fieldId(path)}
            aria-describedby={[fieldId(path) + '-label', describedBy(path, errors, props.hint)].filter(Boolean).join(' ')}
            aria-invalid={invalid ? true : undefined}
            data-error={invalid ? 'true' : undefined}
            onClick={() => {
              focusInput.current = true;
              props.onPick(null);
            }}
          >
            Change
          </button>
        </div>
        <Hint path={path} hint={props.hint} />
        <ErrorText path={path} errors={errors} />
      </div>
    );
  }

  const showList = open && (choices !== null || error !== null);
  return (
    <div
      class={'field lookup' + (invalid ? ' has-error' : '')}
      ref={root}
      onFocusOut={(event) => {
        if (!root.current?.contains(event.relatedTarget as Node | null)) lookup.setOpen(false);
      }}
    >
      <Label path={path} label={props.label} required={props.required} />
      <div class="lookup-box">
        <input
          ref={input}
          id={fieldId(path)}
          name={path}
          type="search"
          role="combobox"
          autoComplete="off"
          spellcheck={false}
          placeholder={props.placeholder}
          value={text}
          aria-required={props.required ? true : undefined}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy(path, errors, props.hint)}
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
          data-error={invalid ? 'true' : undefined}
          onInput={(event) => lookup.onInput((event.currentTarget as HTMLInputElement).value)}
          onKeyDown={onKeyDown}
          onFocus={() => choices && text.trim() && lookup.setOpen(true)}
        />
        {busy && <span class="search-spinner" aria-hidden="true" />}
        {showList && (
          <ul class="lookup-list" id={listId} role="listbox" aria-label={props.label}>
            {error && (
              <li class="search-empty" role="presentation">
                {error}
              </li>
            )}
            {choices && choices.length === 0 && (
              <li class="search-empty" role="presentation">
                Nothing matches “{text.trim()}”.
              </li>
            )}
            {choices?.map((choice, index) => (
              <li
                key={choice.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                class={index === active ? 'lookup-option active' : 'lookup-option'}
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => pick(choice)}
              >
                <span class="lookup-option-title">
                  <span class="ellipsis">{choice.title}</span>
                  {props.mode === 'premise' &&
                    (choice.accounts.some((a) => a.id === props.currentAccountId) ? (
                      <span class="badge badge-status">This account</span>
                    ) : inService(choice.accounts) ? (
                      <span class="badge badge-warning">In service</span>
                    ) : (
                      <span class="badge badge-active">Vacant</span>
                    ))}
                </span>
                <span class="lookup-option-accounts">
                  {choice.accounts.slice(0, 3).map((a) => (
                    <span key={a.id} class="lookup-account">
                      <span class="mono">{a.account_number}</span>{' '}
                      {props.mode === 'premise' ? a.customer_name : a.service_address}{' '}
                      <StatusBadge status={a.status} />
                    </span>
                  ))}
                  {choice.accounts.length > 3 && <span class="muted">+{choice.accounts.length - 3} more</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Hint path={path} hint={props.hint} />
      <ErrorText path={path} errors={errors} />
    </div>
  );
}
