// "What would my bill be": pick the services and classes in today's rates, a meter size, units,
// the month's water usage and the winter average, inside or outside the city, and read the
// itemized quote (POST /rate-quotes) with each rate step and the total.
import { useEffect, useRef, useState } from 'preact/hooks';
import { isAbort, rateQuote, rates } from '../api';
import { endOfPreviousMonth, serviceName, serviceOrder, startOfMonth } from '../billing';
import { ErrorText, fieldId, type FieldErrors } from '../components/Fields';
import { Amount } from '../components/Money';
import { ErrorMessage, Loading, Panel } from '../components/Panel';
import { formatDate, formatQuantity } from '../format';
import { useCityToday } from '../finance';
import { placeApiError } from '../forms';
import type { Quote, QuoteRequest, RateClassInfo, RateServiceInfo, RatesInfo } from '../types';

interface ServiceChoice {
  on: boolean;
  rateClass: string;
  meterSize: string;
  units: string;
}

/** Programs the console knows how to name; classes in the rates may name others. */
const PROGRAM_NAMES: Record<string, string> = { senior: 'Senior citizen' };

function classesFor(service: RateServiceInfo, insideCity: boolean): RateClassInfo[] {
  return service.classes.filter((c) => c.location === 'any' || c.location === (insideCity ? 'inside' : 'outside'));
}

function defaultClass(classes: RateClassInfo[]): RateClassInfo | undefined {
  return classes.find((c) => c.code === 'residential') ?? classes.find((c) => !c.program) ?? classes[0];
}

function defaultSize(rateClass: RateClassInfo | undefined): string {
  const sizes = rateClass?.meter_sizes ?? [];
  return sizes.includes('5/8') ? '5/8' : sizes[0] ?? '';
}

/** Meter sizes in inches, smallest first ("5/8" < "3/4" < "1" < "1.5"). */
function sizeValue(size: string): number {
  const [n, d] = size.split('/');
  return d ? Number(n) / Number(d) : Number(size);
}

export function RateQuotePage() {
  const today = useCityToday();
  const [info, setInfo] = useState<RatesInfo | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [insideCity, setInsideCity] = useState(true);
  const [choices, setChoices] = useState<Record<string, ServiceChoice>>({});
  const [first, setFirst] = useState('');
  const [last, setLast] = useState('');
  const [water, setWater] = useState('6000');
  const [winter, setWinter] = useState('');
  const [programs, setPrograms] = useState<string[]>([]);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoted, setQuoted] = useState<QuoteRequest | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const periodLast = last || endOfPreviousMonth(today);
  const periodFirst = first || startOfMonth(periodLast);

  useEffect(() => {
    document.title = 'Rate quote · Cistern';
    const controller = new AbortController();
    rates(controller.signal).then(
      (loaded) => {
        setInfo(loaded);
        const initial: Record<string, ServiceChoice> = {};
        for (const service of loaded.current_services) {
          const rateClass = defaultClass(classesFor(service, true));
          // Every service the rates price at this location starts ticked (stormwater too).
          initial[service.code] = {
            on: Boolean(rateClass),
            rateClass: rateClass?.code ?? '',
            meterSize: defaultSize(rateClass),
            units: '1',
          };
        }
        setChoices(initial);
      },
      (e) => !isAbort(e) && setLoadError(e),
    );
    return () => controller.abort();
  }, []);

  const services = [...(info?.current_services ?? [])].sort((a, b) => serviceOrder(a.code) - serviceOrder(b.code));
  const knownPrograms = Array.from(
    new Set(['senior', ...services.flatMap((s) => s.classes.map((c) => c.program)).filter(Boolean)]),
  );

  function update(code: string, change: Partial<ServiceChoice>) {
    setChoices((current) => ({ ...current, [code]: { ...current[code], ...change } }));
  }

  function changeLocation(inside: boolean) {
    setInsideCity(inside);
    // A class that does not apply at the new location gives way to the default one there.
    setChoices((current) => {
      const next = { ...current };
      for (const service of services) {
        const allowed = classesFor(service, inside);
        const choice = next[service.code];
        if (choice && !allowed.some((c) => c.code === choice.rateClass)) {
          const rateClass = defaultClass(allowed);
          next[service.code] = { ...choice, rateClass: rateClass?.code ?? '', meterSize: defaultSize(rateClass) };
        }
      }
      return next;
    });
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy || !info) return;
    const found: FieldErrors = {};
    const chosen = services.filter((s) => choices[s.code]?.on);
    if (chosen.length === 0) found.services = 'Choose at least one service.';
    const gallons = (text: string) => text.replace(/[,\s]/g, '');
    if (water && !/^\d+(\.\d+)?$/.test(gallons(water))) found.water_usage_gallons = 'Enter gallons, like 6000.';
    if (winter && !/^\d+(\.\d+)?$/.test(gallons(winter))) found.winter_average_gallons = 'Enter gallons, like 5000.';
    const body: QuoteRequest = {
      period: { first: periodFirst, last: periodLast },
      inside_city: insideCity,
      services: chosen.map((s) => {
        const choice = choices[s.code];
        const rateClass = s.classes.find((c) => c.code === choice.rateClass);
        const units = Number(choice.units || '1');
        if (!Number.isInteger(units) || units < 1) found[`units-${s.code}`] = 'Whole units, 1 or more.';
        return {
          service: s.code,
          rate_class: choice.rateClass,
          ...(rateClass && rateClass.meter_sizes.length > 0 ? { meter_size: choice.meterSize } : {}),
          units,
        };
      }),
      ...(water ? { water_usage_gallons: gallons(water) } : {}),
      ...(winter ? { winter_average_gallons: gallons(winter) } : {}),
      programs,
    };
    setErrors(found);
    setBanner(null);
    if (Object.keys(found).length) {
      setQuote(null); // the quote on screen no longer answers what the form says
      return;
    }
    setBusy(true);
    try {
      setQuote(await rateQuote(body));
      setQuoted(body);
    } catch (e) {
      setQuote(null);
      const rest = placeApiError(e, ['water_usage_gallons', 'winter_average_gallons', 'period.first', 'period.last'], setErrors);
      if (rest) setBanner(rest);
    } finally {
      setBusy(false);
    }
  }

  if (loadError) {
    return (
      <div class="page">
        <div class="page-head">
          <h1>Rate quote</h1>
        </div>
        <ErrorMessage error={loadError} />
      </div>
    );
  }
  if (!info) {
    return (
      <div class="page">
        <Loading label="Loading rates…" />
      </div>
    );
  }

  const version = info.data.filter((v) => v.effective <= today).sort((a, b) => (a.effective < b.effective ? 1 : -1))[0];

  return (
    <div class="page quote-page">
      <div class="page-head">
        <h1>What would my bill be?</h1>
        {version && (
          <span class="muted">
            Rates in effect: {version.name}, since {formatDate(version.effective)}
          </span>
        )}
      </div>
      {services.length === 0 ? (
        <div class="alert alert-warning">No rates are loaded yet (cistern rates load FILE).</div>
      ) : (
        <div class="quote-layout">
          <Panel title="The customer" id="quote-form">
            <form ref={form} onSubmit={submit} noValidate class="quote-form">
              {banner && (
                <div class="alert alert-error" role="alert">
                  {banner}
                </div>
              )}
              <fieldset class="segmented-plain">
                <legend>Location</legend>
                <label class="radio">
                  <input type="radio" name="location" checked={insideCity} onChange={() => changeLocation(true)} /> Inside city limits
                </label>
                <label class="radio">
                  <input type="radio" name="location" checked={!insideCity} onChange={() => changeLocation(false)} /> Outside city limits
                </label>
              </fieldset>

              <table class="table compact-table quote-services" id="quote-services">
                <caption class="table-title">Services</caption>
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Class</th>
                    <th scope="col">Meter</th>
                    <th scope="col">Units</th>
                  </tr>
                </thead>
                <tbody>
                  {services.map((service) => {
                    const choice = choices[service.code];
                    if (!choice) return null;
                    const allowed = classesFor(service, insideCity);
                    const rateClass = allowed.find((c) => c.code === choice.rateClass);
                    const sizes = [...(rateClass?.meter_sizes ?? [])].sort((a, b) => sizeValue(a) - sizeValue(b));
                    return (
                      <tr key={service.code} class={choice.on ? undefined : 'row-off'}>
                        <td class="nowrap">
                          <label class="check-label">
                            <input
                              type="checkbox"
                              id={`svc-${service.code}`}
                              checked={choice.on}
                              onChange={(e) => update(service.code, { on: (e.currentTarget as HTMLInputElement).checked })}
                            />{' '}
                            {service.name || serviceName(service.code)}
                          </label>
                        </td>
                        <td>
                          <select
                            id={`class-${service.code}`}
                            aria-label={`${service.name} class`}
                            disabled={!choice.on}
                            value={choice.rateClass}
                            onChange={(e) => {
                              const code = (e.currentTarget as HTMLSelectElement).value;
                              const picked = allowed.find((c) => c.code === code);
                              update(service.code, {
                                rateClass: code,
                                meterSize: picked?.meter_sizes.includes(choice.meterSize) ? choice.meterSize : defaultSize(picked),
                              });
                            }}
                          >
                            {allowed.map((c) => (
                              <option key={c.code} value={c.code}>
                                {c.name}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          {sizes.length > 0 ? (
                            <select
                              id={`size-${service.code}`}
                              aria-label={`${service.name} meter size`}
                              disabled={!choice.on}
                              value={choice.meterSize}
                              onChange={(e) => update(service.code, { meterSize: (e.currentTarget as HTMLSelectElement).value })}
                            >
                              {sizes.map((size) => (
                                <option key={size} value={size}>
                                  {size} in.
                                </option>
                              ))}
                            </select>
                          ) : (
                            <span class="muted">—</span>
                          )}
                        </td>
                        <td>
                          <input
                            id={`units-${service.code}`}
                            class="units-input num"
                            type="number"
                            min={1}
                            step={1}
                            aria-label={`${service.name} ${rateClass?.unit_name ?? 'units'}`}
                            title={rateClass?.unit_name}
                            disabled={!choice.on}
                            value={choice.units}
                            aria-invalid={errors[`units-${service.code}`] ? true : undefined}
                            onInput={(e) => update(service.code, { units: (e.currentTarget as HTMLInputElement).value })}
                          />
                          {rateClass?.unit_name && <span class="muted unit-name"> {rateClass.unit_name}</span>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {errors.services && <div class="field-error">{errors.services}</div>}
              {Object.entries(errors)
                .filter(([k]) => k.startsWith('units-'))
                .map(([k, v]) => (
                  <div class="field-error" key={k}>
                    {serviceName(k.slice(6))}: {v}
                  </div>
                ))}

              <div class="pair quote-usage">
                <GallonsField path="water_usage_gallons" label="Water usage this month" value={water} onChange={setWater} errors={errors} />
                <GallonsField
                  path="winter_average_gallons"
                  label="Winter average"
                  value={winter}
                  onChange={setWinter}
                  errors={errors}
                  hint="Caps residential sewer."
                />
              </div>
              <div class="pair">
                <div class="field">
                  <label for="quote-first">Period from</label>
                  <input id="quote-first" type="date" value={periodFirst} onInput={(e) => setFirst((e.currentTarget as HTMLInputElement).value)} />
                </div>
                <div class="field">
                  <label for="quote-last">to</label>
                  <input id="quote-last" type="date" value={periodLast} onInput={(e) => setLast((e.currentTarget as HTMLInputElement).value)} />
                </div>
              </div>
              <fieldset class="segmented-plain">
                <legend>Programs</legend>
                {knownPrograms.map((program) => (
                  <label class="radio" key={program}>
                    <input
                      type="checkbox"
                      id={`program-${program}`}
                      checked={programs.includes(program)}
                      onChange={(e) => {
                        const on = (e.currentTarget as HTMLInputElement).checked;
                        setPrograms((current) => (on ? [...current, program] : current.filter((p) => p !== program)));
                      }}
                    />{' '}
                    {PROGRAM_NAMES[program] ?? program}
                  </label>
                ))}
              </fieldset>
              <button type="submit" class="btn btn-primary btn-block" id="quote-submit" disabled={busy}>
                {busy ? 'Pricing…' : 'Quote the bill'}
              </button>
            </form>
          </Panel>
          <Panel title="Quote" id="quote">
            {!quote ? (
              <p class="empty">Choose the services and usage, then “Quote the bill”.</p>
            ) : (
              <QuoteTable quote={quote} request={quoted} />
            )}
          </Panel>
        </div>
      )}
    </div>
  );
}

function GallonsField(props: {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  hint?: string;
}) {
  const { path, errors } = props;
  return (
    <div class={'field' + (errors[path] ? ' has-error' : '')}>
      <label for={fieldId(path)}>{props.label}</label>
      <div class="suffix-input">
        <input
          id={fieldId(path)}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          class="num"
          value={props.value}
          aria-invalid={errors[path] ? true : undefined}
          onInput={(e) => props.onChange((e.currentTarget as HTMLInputElement).value)}
        />
        <span class="suffix" aria-hidden="true">
          gal
        </span>
      </div>
      {props.hint && <div class="hint">{props.hint}</div>}
      <ErrorText path={path} errors={errors} />
    </div>
  );
}

function QuoteTable({ quote, request }: { quote: Quote; request: QuoteRequest | null }) {
  const groups = new Map<string, Quote['lines']>();
  for (const line of quote.lines) groups.set(line.service, [...(groups.get(line.service) ?? []), line]);
  return (
    <>
      {request && (
        <p class="muted quote-basis">
          {formatDate(request.period.first)} – {formatDate(request.period.last)} ·{' '}
          {request.inside_city ? 'inside city limits' : 'outside city limits'}
          {request.water_usage_gallons ? ` · ${Number(request.water_usage_gallons).toLocaleString('en-US')} gal used` : ''}
        </p>
      )}
      <table class="table charges-table" id="quote-lines">
        <thead>
          <tr>
            <th scope="col">Charge</th>
            <th scope="col" class="num">
              Quantity
            </th>
            <th scope="col" class="num">
              Price
            </th>
            <th scope="col" class="num">
              Amount
            </th>
          </tr>
        </thead>
        {[...groups.entries()].map(([service, lines]) => (
          <tbody key={service} class="charge-group">
            <tr class="charge-service">
              <th scope="rowgroup" colSpan={4}>
                {serviceName(service)}
              </th>
            </tr>
            {lines.map((line, index) => (
              <tr key={index} class="quote-line">
                <td>
                  <div>{line.description}</div>
                  <div class="rate-step mono">{line.step}</div>
                </td>
                <td class="num nowrap">{line.quantity !== null ? `${formatQuantity(line.quantity)} ${line.unit}` : ''}</td>
                <td class="num nowrap">{line.unit_price !== null ? `$${line.unit_price}` : ''}</td>
                <td class="num nowrap">
                  <Amount money={line.amount} />
                </td>
              </tr>
            ))}
          </tbody>
        ))}
        <tfoot>
          <tr class="charge-total">
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td class="num" id="quote-total">
              <Amount money={quote.total} strong />
            </td>
          </tr>
        </tfoot>
      </table>
      {quote.lines[0] && <p class="muted small">Rates: {quote.lines[0].version}</p>}
    </>
  );
}
