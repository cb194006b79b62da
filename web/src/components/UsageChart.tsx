// Monthly water usage as simple SVG bars, oldest on the left; the latest month (or the one named
// by `current`) is highlighted and labelled. Estimated months are drawn hatched. One slot a
// calendar month, so a month without a bill is an empty slot. A hidden table carries the same
// figures for screen readers.
import { formatCount, formatGallons, monthAbbrev, monthName, shortGallons } from '../billing';
import type { UsageMonth } from '../types';

const WIDTH = 560;
const HEIGHT = 190;
const LEFT = 40; // room for the axis labels
const RIGHT = 8;
const TOP = 18; // room for the highlighted bar's label
const BOTTOM = 22; // room for the month labels

/** Months since year 0 of a civil date ("2026-10-31" → 2026 * 12 + 9). */
function monthIndex(civil: string): number {
  return Number(civil.slice(0, 4)) * 12 + Number(civil.slice(5, 7)) - 1;
}

/** The last day of the month with that index, as a civil date. */
function monthEnd(index: number): string {
  return new Date(Date.UTC(Math.floor(index / 12), (index % 12) + 1, 0)).toISOString().slice(0, 10);
}

/** A round axis maximum a little above `max` (1, 2, 2.5 or 5 times a power of ten). */
function niceCeiling(max: number): number {
  if (max <= 0) return 1000;
  const power = Math.pow(10, Math.floor(Math.log10(max)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

export function UsageChart(props: { usage: UsageMonth[]; current?: string; id?: string; caption?: string }) {
  if (props.usage.length === 0) {
    return <p class="empty">No bills yet, so no usage to chart.</p>;
  }
  // Thirteen calendar months ending with the newest bill's; a month without a bill stays empty.
  const SLOTS = 13;
  const usage = [...props.usage].sort((a, b) => (a.period_end < b.period_end ? -1 : a.period_end > b.period_end ? 1 : 0));
  const newest = monthIndex(usage[usage.length - 1].period_end);
  const firstMonth = newest - SLOTS + 1;
  const rows = usage.filter((r) => monthIndex(r.period_end) >= firstMonth && monthIndex(r.period_end) <= newest);
  const slotOf = (row: UsageMonth) => monthIndex(row.period_end) - firstMonth;
  const filled = new Set(rows.map(slotOf));
  const gaps = Array.from({ length: SLOTS }, (_, i) => i).filter((i) => !filled.has(i));
  const currentEnd = props.current ?? rows[rows.length - 1].period_end;
  const max = niceCeiling(Math.max(...rows.map((r) => r.usage_gallons.whole)));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  // Thirteen slots always, so one bill does not become one enormous bar.
  const slot = plotWidth / SLOTS;
  const barWidth = Math.min(30, slot * 0.62);
  const y = (gallons: number) => TOP + plotHeight - (gallons / max) * plotHeight;
  const ticks = [0, 0.5, 1].map((f) => f * max);
  const average = Math.round(rows.reduce((sum, r) => sum + r.usage_gallons.whole, 0) / rows.length);

  return (
    <figure class="usage-chart" id={props.id}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Water usage, ${rows.length} months, average ${formatCount(average)} gallons`}
        preserveAspectRatio="xMidYMid meet"
      >
        <defs>
          <pattern id="usage-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="5" height="5" class="bar-estimated-bg" />
            <line x1="0" y1="0" x2="0" y2="5" class="bar-estimated-line" />
          </pattern>
          <pattern id="usage-hatch-current" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="5" height="5" class="bar-estimated-bg-current" />
            <line x1="0" y1="0" x2="0" y2="5" class="bar-estimated-line-current" />
          </pattern>
        </defs>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} class={tick === 0 ? 'axis-base' : 'axis-grid'} />
            <text x={LEFT - 6} y={y(tick) + 3.5} class="axis-label" text-anchor="end">
              {shortGallons(tick)}
            </text>
          </g>
        ))}
        {gaps.map((index) => (
          <g key={`gap-${index}`}>
            <title>{`${monthName(monthEnd(firstMonth + index))}: no bill`}</title>
            <text x={LEFT + (index + 0.5) * slot} y={HEIGHT - 6} class="month-label month-gap" text-anchor="middle">
              {monthAbbrev(monthEnd(firstMonth + index))}
            </text>
          </g>
        ))}
        {rows.map((row) => {
          const gallons = row.usage_gallons.whole;
          const center = LEFT + (slotOf(row) + 0.5) * slot;
          const top = y(gallons);
          const isCurrent = row.period_end === currentEnd;
          const cls = 'bar' + (isCurrent ? ' bar-current' : '') + (row.estimated ? ' bar-estimated' : '');
          return (
            <g key={row.period_end} class="bar-group">
              <title>
                {`${monthName(row.period_end)}: ${formatGallons(row.usage_gallons)}${row.estimated ? ' (estimated)' : ''}, ${row.current_charges.text}`}
              </title>
              <rect
                x={center - barWidth / 2}
                y={Math.min(top, TOP + plotHeight - 1)}
                width={barWidth}
                height={Math.max(1, TOP + plotHeight - top)}
                rx={2}
                class={cls}
                // A style, not the fill attribute: the stylesheet's bar colour would win over it.
                style={row.estimated ? { fill: isCurrent ? 'url(#usage-hatch-current)' : 'url(#usage-hatch)' } : undefined}
              />
              {isCurrent && (
                <text x={center} y={top - 5} class="bar-value" text-anchor="middle">
                  {shortGallons(gallons)}
                </text>
              )}
              <text x={center} y={HEIGHT - 6} class={'month-label' + (isCurrent ? ' current' : '')} text-anchor="middle">
                {monthAbbrev(row.period_end)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="usage-legend">
        <span>
          <span class="swatch swatch-current" aria-hidden="true" /> {props.current ? 'This bill' : 'Latest bill'}
        </span>
        <span>
          <span class="swatch" aria-hidden="true" /> Earlier months
        </span>
        {rows.some((r) => r.estimated) && (
          <span>
            <span class="swatch swatch-estimated" aria-hidden="true" /> Estimated
          </span>
        )}
        <span class="usage-average">
          Average <strong>{formatCount(average)} gal</strong> a month
        </span>
      </figcaption>
      <table class="visually-hidden">
        <caption>{props.caption ?? 'Usage by month'}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Gallons</th>
            <th scope="col">Charges</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: SLOTS }, (_, index) => {
            const row = rows.find((r) => slotOf(r) === index);
            const end = monthEnd(firstMonth + index);
            return row ? (
              <tr key={end}>
                <td>{monthName(row.period_end)}</td>
                <td>
                  {formatCount(row.usage_gallons.whole)}
                  {row.estimated ? ' (estimated)' : ''}
                </td>
                <td>{row.current_charges.text}</td>
              </tr>
            ) : (
              <tr key={end}>
                <td>{monthName(end)}</td>
                <td colSpan={2}>No bill</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
