-- Cistern schema, version 6: service orders (turn on, final read, re-read, meter exchange,
-- investigate) with their requested date and window, dispatch, completion and cancellation.
-- An order is never deleted; its status moves open -> dispatched -> completed, or to cancelled
-- (domain/service_orders/service_order.h). The database refuses an order that leaves a final
-- status and a completed order without the user who completed it.

CREATE TABLE service_orders (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('turn_on', 'final_read', 'reread', 'meter_exchange',
                                     'investigate')),
  status TEXT NOT NULL CHECK (status IN ('open', 'dispatched', 'completed', 'cancelled')),
  premise_id INTEGER NOT NULL REFERENCES premises(id),
  account_id INTEGER REFERENCES accounts(id),
  meter_id INTEGER REFERENCES meters(id),
  reading_exception_id INTEGER REFERENCES reading_exceptions(id),
  requested_on TEXT NOT NULL,
  time_window TEXT NOT NULL CHECK (time_window IN ('any', 'morning', 'afternoon')),
  remarks TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  dispatched_at TEXT,
  dispatched_by INTEGER REFERENCES users(id),
  assigned_to TEXT NOT NULL DEFAULT '',
  completed_at TEXT,
  completed_by INTEGER REFERENCES users(id),
  completed_on TEXT,
  worked_by TEXT NOT NULL DEFAULT '',
  reading_value INTEGER CHECK (reading_value IS NULL OR reading_value >= 0),
  reading_id INTEGER REFERENCES readings(id),
  held_exception_id INTEGER REFERENCES reading_exceptions(id),
  completion_remarks TEXT NOT NULL DEFAULT '',
  present_person TEXT NOT NULL DEFAULT '',
  waiver_signed INTEGER NOT NULL DEFAULT 0 CHECK (waiver_signed IN (0, 1)),
  cancelled_at TEXT,
  cancelled_by INTEGER REFERENCES users(id),
  cancel_reason TEXT NOT NULL DEFAULT '',
  CHECK (type != 'turn_on' OR time_window != 'any'),
  CHECK (type != 'reread' OR reading_exception_id IS NOT NULL),
  CHECK (status != 'completed' OR completed_at IS NOT NULL),
  CHECK (status != 'cancelled' OR (cancelled_at IS NOT NULL AND cancel_reason != ''))
);
CREATE INDEX service_orders_by_status ON service_orders(status, requested_on, id);
CREATE INDEX service_orders_by_date ON service_orders(requested_on, id);
CREATE INDEX service_orders_by_account ON service_orders(account_id, id)
  WHERE account_id IS NOT NULL;
CREATE INDEX service_orders_by_premise ON service_orders(premise_id, id);
-- One live re-read order per readings exception.
CREATE UNIQUE INDEX service_orders_one_reread ON service_orders(reading_exception_id)
  WHERE reading_exception_id IS NOT NULL AND status IN ('open', 'dispatched');

-- A completed or cancelled order is final.
CREATE TRIGGER service_orders_final BEFORE UPDATE ON service_orders
  WHEN OLD.status IN ('completed', 'cancelled')
BEGIN SELECT RAISE(ABORT, 'a completed or cancelled service order is final'); END;
CREATE TRIGGER service_orders_no_delete BEFORE DELETE ON service_orders
BEGIN SELECT RAISE(ABORT, 'service orders are kept; cancel one instead'); END;
