// A modal dialog on the native <dialog> element: the browser traps focus inside it, Escape closes
// it, and focus returns to whatever had it before. The first control named by `initialFocus`
// (else the first field) gets focus, with its text selected so typing replaces it.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

export function Dialog(props: {
  id: string;
  title: string;
  subtitle?: ComponentChildren;
  onClose: () => void;
  /** While true, Escape and the close button do nothing (a post is in flight). */
  busy?: boolean;
  initialFocus?: string;
  /** False while the content is loading; focus moves in when it turns true. */
  ready?: boolean;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const busy = useRef(false);
  busy.current = Boolean(props.busy);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  const unmounted = useRef(false);

  // Layout effects: the dialog is modal and focused before the next key event arrives, so a
  // fast typist's first keystrokes land in the form.
  useLayoutEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    return () => {
      unmounted.current = true;
      if (dialog.open) dialog.close();
      if (opener && document.contains(opener)) opener.focus();
      else document.getElementById('main')?.focus();
    };
  }, []);

  // Focus the first field once the content is there (it may wait for the finance configuration).
  const ready = props.ready ?? true;
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!ready || !dialog) return;
    const first =
      (props.initialFocus ? dialog.querySelector<HTMLElement>(props.initialFocus) : null) ??
      dialog.querySelector<HTMLElement>('.dialog-body input, .dialog-body select, .dialog-body textarea');
    if (first) {
      first.focus();
      if (first instanceof HTMLInputElement) first.select();
    }
  }, [ready]);

  return (
    <dialog
      ref={ref}
      id={props.id}
      class="dialog"
      aria-labelledby={props.id + '-title'}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy.current) onClose.current();
      }}
      onClose={() => {
        // Closed by the browser itself (a repeated Escape may not be cancellable): follow it.
        if (!unmounted.current) onClose.current();
      }}
    >
      <header class="dialog-head">
        <div>
          <h2 id={props.id + '-title'}>{props.title}</h2>
          {props.subtitle && <div class="dialog-subtitle">{props.subtitle}</div>}
        </div>
        <button
          type="button"
          class="btn btn-quiet dialog-close"
          aria-label="Close"
          title="Close (Esc)"
          disabled={props.busy}
          onClick={() => onClose.current()}
        >
          ×
        </button>
      </header>
      <div class="dialog-body">{props.children}</div>
    </dialog>
  );
}

/**
 * What a dialog's action did. Focus lands on the summary itself (not on a button), so a stray
 * second Enter does nothing; Escape or "Done" closes.
 */
export function DoneView(props: { title: string; onClose: () => void; children?: ComponentChildren; actions?: ComponentChildren }) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => root.current?.focus(), []);
  return (
    <div class="done-view" tabIndex={-1} ref={root}>
      <p class="done-title" role="status">
        <span class="done-mark" aria-hidden="true">
          ✓
        </span>{' '}
        {props.title}
      </p>
      {props.children}
      <div class="form-actions">
        {props.actions}
        <button type="button" class="btn" onClick={props.onClose}>
          Done
        </button>
        <span class="muted keys">
          <kbd>Esc</kbd> close
        </span>
      </div>
    </div>
  );
}
