// Names for service order codes, shared by the queue page and the account page.
import type { ServiceOrderStatus, ServiceOrderType, ServiceWindow } from './types';

export const SERVICE_ORDER_TYPES: { value: ServiceOrderType; label: string }[] = [
  { value: 'turn_on', label: 'Turn on' },
  { value: 'final_read', label: 'Turn off, final read' },
  { value: 'reread', label: 'Re-read' },
  { value: 'meter_exchange', label: 'Meter exchange' },
  { value: 'investigate', label: 'Investigate' },
];

export const SERVICE_ORDER_STATUSES: { value: string; label: string }[] = [
  { value: 'live', label: 'Open and dispatched' },
  { value: 'open', label: 'Open' },
  { value: 'dispatched', label: 'Dispatched' },
  { value: 'completed', label: 'Completed' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'all', label: 'All' },
];

export const SERVICE_WINDOWS: { value: ServiceWindow; label: string }[] = [
  { value: 'morning', label: 'Morning, 8–10 AM' },
  { value: 'afternoon', label: 'Afternoon, 1–3 PM' },
  { value: 'any', label: 'Any time' },
];

export function serviceOrderStatusName(status: ServiceOrderStatus | string): string {
  return SERVICE_ORDER_STATUSES.find((s) => s.value === status)?.label ?? status;
}

/** Turn on, final read and re-read need the meter's reading to complete. */
export const needsReading = (type: ServiceOrderType) => type === 'turn_on' || type === 'final_read' || type === 'reread';
