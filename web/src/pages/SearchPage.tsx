// Full search results, twenty at a time, with "More results" following next_page_token.
import { useEffect, useRef, useState } from 'preact/hooks';
import { isAbort, searchAccounts } from '../api';
import { AccountTable } from '../components/AccountTable';
import { ErrorMessage, Loading } from '../components/Panel';
import { navigate } from '../router';
import type { AccountSummary } from '../types';

const PAGE_SIZE = 25;

export function SearchPage({ q }: { q: string }) {
  const [rows, setRows] = useState<AccountSummary[]>([]);
  const [nextToken, setNextToken] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [text, setText] = useState(q);
  const controller = useRef<AbortController | null>(null);

  async function load(pageToken?: string) {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setLoading(true);
    setError(null);
    try {
      const page = await searchAccounts(q, { pageSize: PAGE_SIZE, pageToken, signal: mine.signal });
      setRows((previous) => (pageToken ? [...previous, ...page.data] : page.data));
      setNextToken(page.next_page_token);
    } catch (e) {
      if (!isAbort(e)) setError(e);
    } finally {
      if (controller.current === mine) setLoading(false);
    }
  }

  useEffect(() => {
    document.title = q ? `Search “${q}” · Cistern` : 'All accounts · Cistern';
    void load();
    return () => controller.current?.abort();
  }, [q]);

  return (
    <div class="page">
      <div class="page-head">
        <h1>{q ? <>Accounts matching “{q}”</> : 'All accounts'}</h1>
        <form
          class="inline-form"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            navigate('/search', { q: text.trim() });
          }}
        >
          <label for="search-page-q">Search</label>
          <input id="search-page-q" type="search" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
          <button type="submit" class="btn">
            Search
          </button>
        </form>
      </div>
      <ErrorMessage error={error} />
      {rows.length > 0 && (
        <div class="panel">
          <AccountTable rows={rows} caption="Search results" showContact />
        </div>
      )}
      {!loading && !error && rows.length === 0 && <p class="empty">No accounts match “{q}”.</p>}
      <div class="list-foot">
        {rows.length > 0 && (
          <span class="muted" role="status">
            {rows.length} shown{nextToken ? '' : ' — end of results'}
          </span>
        )}
        {loading && <Loading />}
        {nextToken && !loading && (
          <button type="button" class="btn" onClick={() => void load(nextToken)}>
            More results
          </button>
        )}
      </div>
    </div>
  );
}
