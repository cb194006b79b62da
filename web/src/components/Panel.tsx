import type { ComponentChildren } from 'preact';

export function Panel(props: { title: string; id?: string; actions?: ComponentChildren; children: ComponentChildren }) {
  const headingId = props.id ? props.id + '-title' : undefined;
  return (
    <section class="panel" id={props.id} aria-labelledby={headingId}>
      <header class="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions}
      </header>
      <div class="panel-body">{props.children}</div>
    </section>
  );
}

/** A definition list row; renders nothing for an empty value unless `always` is set. */
export function Row(props: { label: string; children: ComponentChildren; always?: boolean }) {
  const empty =
    props.children === null ||
    props.children === undefined ||
    props.children === '' ||
    (Array.isArray(props.children) && props.children.length === 0);
  if (empty && !props.always) return null;
  return (
    <div class="kv">
      <dt>{props.label}</dt>
      <dd>{empty ? <span class="muted">—</span> : props.children}</dd>
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label}
    </p>
  );
}

export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="alert alert-error" role="alert">
      {message}
    </div>
  );
}
