-- Cistern schema, version 12: held readings found without reading a meter's whole history.
-- A billing run asks, for every meter, whether it has a reading held for review. With only
-- readings_by_meter that meant visiting every reading the meter ever had (a year of history is a
-- dozen rows each); this partial index holds only the held readings, a handful in a city.
CREATE INDEX readings_held ON readings(meter_id, read_on) WHERE status = 'held';
