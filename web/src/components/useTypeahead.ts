// The state of a search-as-you-type box with a listbox, shared by the top bar's SearchBox and
// the AccountLookup of the forms: the typed text, the newest results, a debounced search that
// aborts the one before it (an answer to a stale query is dropped), the open listbox and its
// highlighted row moved by ↑/↓. What a row is, and what Enter and a click do, stay with the
// component.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, isAbort } from '../api';

const DEBOUNCE_MS = 150;

export interface Typeahead<T> {
  text: string;
  results: T | null;
  error: string | null;
  busy: boolean;
  open: boolean;
  /** The highlighted row, -1 for none. */
  active: number;
  setOpen: (open: boolean) => void;
  setActive: (index: number) => void;
  /** Closes the listbox and clears the highlight; the text and results stay. */
  close: () => void;
  /** The input's onInput: searches after a pause once the text is long enough, else clears. */
  onInput: (value: string) => void;
  /** Searches for `q` at once (Enter before the pause ended), cancelling the pending one. */
  searchNow: (q: string) => Promise<T | null>;
  /** ↑/↓ over `count` rows; true when the key was one of them. */
  onArrowKey: (event: KeyboardEvent, count: number) => boolean;
}

export function useTypeahead<T>(options: {
  search: (q: string, signal: AbortSignal) => Promise<T>;
  /** Shorter trimmed text clears the results instead of searching. */
  minLength: number;
  /** Row i of the listbox has the id optionIdPrefix + i (kept in view while highlighted). */
  optionIdPrefix: string;
}): Typeahead<T> {
  const [text, setText] = useState('');
  const [results, setResults] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);
  const search = useRef(options.search);
  search.current = options.search;

  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      controller.current?.abort();
    },
    [],
  );

  useEffect(() => {
    if (active >= 0) document.getElementById(options.optionIdPrefix + active)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  async function searchNow(q: string): Promise<T | null> {
    window.clearTimeout(timer.current);
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setBusy(true);
    try {
      const found = await search.current(q, mine.signal);
      if (controller.current === mine) {
        setResults(found);
        setError(null);
        setActive(-1);
        setOpen(true);
      }
      return found;
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
    if (value.trim().length < options.minLength) {
      controller.current?.abort();
      setResults(null);
      setError(null);
      setOpen(false);
      setBusy(false);
      return;
    }
    timer.current = window.setTimeout(() => void searchNow(value.trim()), DEBOUNCE_MS);
  }

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function onArrowKey(event: KeyboardEvent, count: number): boolean {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open && results !== null) setOpen(true);
      if (count) setActive((i) => (i + 1) % count);
      return true;
    }
    if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (count) setActive((i) => (i <= 0 ? count - 1 : i - 1));
      return true;
    }
    return false;
  }

  return { text, results, error, busy, open, active, setOpen, setActive, close, onInput, searchNow, onArrowKey };
}
