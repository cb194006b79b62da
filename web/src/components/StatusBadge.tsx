import { humanize } from '../format';

/** Account status as a small coloured badge; the word is always shown, colour is only a hint. */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-status badge-${status.replace(/[^a-z_]/g, '')}`}>{humanize(status)}</span>;
}
