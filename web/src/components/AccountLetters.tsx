// The account page's Letters panel: send one of the city's standard letters (pick the template,
// fill in what it asks for, preview it as it will print) and the letters already sent, each with
// a link that opens its PDF again. Picking a template fills its empty fields with what the
// account's records say (a deposit's amount, a returned check's number); the CSR checks or
// changes them, and what the form sends is what the letter says.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  accountLetters,
  isAbort,
  letterTemplates,
  previewLetter,
  sendLetter,
  suggestedLetterFields,
  type Letter,
  type LetterField,
  type LetterRequest,
  type LetterTemplate,
} from '../api';
import { formatDate, formatInstant } from '../format';
import { focusFirstError, placeApiError } from '../forms';
import { useSession } from '../session';
import { ErrorText, fieldId, type FieldErrors } from './Fields';
import { ErrorMessage, Loading, Panel } from './Panel';

const TEXT_MAX = 120;

const HINTS: Record<LetterField['kind'], string> = {
  money: 'Dollars and cents, such as 100.00',
  date: '',
  count: 'A whole number, such as 2',
  text: `Up to ${TEXT_MAX} characters`,
};

/** Checks what can be checked before sending; the server checks everything again. */
function checkFields(template: LetterTemplate, values: Record<string, string>): FieldErrors {
  const found: FieldErrors = {};
  for (const field of template.sender_fields) {
    const path = `fields.${field.name}`;
    const value = (values[field.name] ?? '').trim();
    if (!value) {
      found[path] = `Enter the ${field.label.toLowerCase()}.`;
    } else if (field.kind === 'money' && !/^\$?\d{1,3}(,?\d{3})*(\.\d{1,2})?$/.test(value)) {
      found[path] = 'Enter an amount in dollars and cents, such as 100.00.';
    } else if (field.kind === 'count' && !/^\d+$/.test(value)) {
      found[path] = 'Enter a whole number.';
    } else if (field.kind === 'text' && value.length > TEXT_MAX) {
      found[path] = `Keep it to ${TEXT_MAX} characters (now ${value.length}).`;
    }
  }
  return found;
}

function requestFor(template: LetterTemplate, values: Record<string, string>): LetterRequest {
  const fields: Record<string, string> = {};
  for (const field of template.sender_fields) {
    let value = (values[field.name] ?? '').trim();
    if (field.kind === 'money') value = value.replace(/[$,]/g, '');
    fields[field.name] = value;
  }
  return { template: template.code, fields };
}

export function AccountLetters({ accountId, accountStatus }: { accountId: string; accountStatus: string }) {
  const { can } = useSession();
  const [templates, setTemplates] = useState<LetterTemplate[] | null>(null);
  const [letters, setLetters] = useState<Letter[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [listError, setListError] = useState<unknown>(null);
  const controller = useRef(new AbortController());

  async function loadLetters(pageToken?: string) {
    try {
      const page = await accountLetters(accountId, pageToken, controller.current.signal);
      setLetters((current) => (pageToken ? [...(current ?? []), ...page.data] : page.data));
      setNext(page.next_page_token);
      setListError(null);
    } catch (e) {
      if (!isAbort(e)) setListError(e);
    }
  }

  useEffect(() => {
    void loadLetters();
    letterTemplates(controller.current.signal).then(
      (loaded) => setTemplates(loaded.data),
      (e) => !isAbort(e) && setListError(e),
    );
    return () => controller.current.abort();
  }, [accountId]);

  return (
    <Panel title="Letters" id="letters">
      {can('notes.write') && templates && (
        <SendLetterForm
          accountId={accountId}
          accountStatus={accountStatus}
          templates={templates}
          onSent={() => void loadLetters()}
        />
      )}
      <LettersTable letters={letters} error={listError} />
      {next && (
        <button type="button" class="btn btn-link" onClick={() => void loadLetters(next)}>
          Show older letters
        </button>
      )}
    </Panel>
  );
}

function SendLetterForm(props: {
  accountId: string;
  accountStatus: string;
  templates: LetterTemplate[];
  onSent: () => void;
}) {
  const [code, setCode] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Letter | null>(null);
  const [sent, setSent] = useState<Letter | null>(null);
  // The values filled in from the account's records, by field name.
  const [suggested, setSuggested] = useState<Record<string, string>>({});
  const suggesting = useRef<AbortController | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const template = props.templates.find((t) => t.code === code) ?? null;
  const known = ['template', ...(template?.sender_fields.map((f) => `fields.${f.name}`) ?? [])];

  useEffect(() => () => suggesting.current?.abort(), []);

  function choose(next: string) {
    setCode(next);
    setValues({});
    setSuggested({});
    setErrors({});
    setBanner(null);
    setPreview(null);
    suggesting.current?.abort();
    suggesting.current = null;
    if (!next) return;
    const controller = new AbortController();
    suggesting.current = controller;
    suggestedLetterFields(props.accountId, next, controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        setValues((current) => {
          const merged = { ...current };
          for (const [name, value] of Object.entries(answer.fields)) {
            // Only empty inputs: what the CSR already typed stays.
            if ((merged[name] ?? '').trim() === '') merged[name] = value;
          }
          return merged;
        });
        setSuggested(answer.fields);
      },
      // Without suggestions the form is as it always was: the CSR types every value.
      () => undefined,
    );
  }

  async function run(action: 'preview' | 'send') {
    if (busy) return;
    setBanner(null);
    if (!template) {
      setErrors({ template: 'Choose a letter.' });
      focusFirstError(form.current);
      return;
    }
    const found = checkFields(template, values);
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirstError(form.current);
      return;
    }
    setBusy(true);
    try {
      const body = requestFor(template, values);
      if (action === 'preview') {
        setPreview(await previewLetter(props.accountId, body));
      } else {
        const letter = await sendLetter(props.accountId, body);
        setSent(letter);
        setPreview(null);
        setValues({});
        setSuggested({});
        setCode('');
        props.onSent();
      }
    } catch (e) {
      const rest = placeApiError(e, known, setErrors);
      if (rest) setBanner(rest);
      focusFirstError(form.current);
    } finally {
      setBusy(false);
    }
  }

  const usable = (t: LetterTemplate) => t.account_statuses.length === 0 || t.account_statuses.includes(props.accountStatus);

  return (
    <form
      ref={form}
      class="letter-form"
      noValidate
      aria-labelledby="letter-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void run('send');
      }}
    >
      <h3 id="letter-form-title" class="table-title">
        Send a letter
      </h3>
      {sent && (
        <div class="alert alert-success" role="status">
          {sent.template.title} sent ({sent.reference}).{' '}
          {sent.pdf_url && (
            <a href={sent.pdf_url} target="_blank" rel="noopener">
              Open PDF to print
            </a>
          )}
        </div>
      )}
      {banner && (
        <div class="alert alert-error" role="alert">
          {banner}
        </div>
      )}
      <div class="compact-form letter-fields">
        <div class={'field' + (errors.template ? ' has-error' : '')}>
          <label for={fieldId('template')}>Letter</label>
          <select
            id={fieldId('template')}
            value={code}
            aria-invalid={errors.template ? true : undefined}
            onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">Choose a letter…</option>
            {props.templates.map((t) => (
              <option key={t.code} value={t.code} disabled={!usable(t)}>
                {t.title}
                {usable(t) ? '' : ` (not for ${props.accountStatus} accounts)`}
              </option>
            ))}
          </select>
          <ErrorText path="template" errors={errors} />
        </div>
        {template?.sender_fields.map((field) => {
          const path = `fields.${field.name}`;
          // Marked while the value is still the one the records gave.
          const fromRecords = suggested[field.name] !== undefined && values[field.name] === suggested[field.name];
          const describedBy = [HINTS[field.kind] && fieldId(path) + '-hint', fromRecords && fieldId(path) + '-from-records']
            .filter(Boolean)
            .join(' ');
          return (
            <div key={field.name} class={'field' + (errors[path] ? ' has-error' : '')}>
              <label for={fieldId(path)}>{field.label}</label>
              <input
                id={fieldId(path)}
                name={path}
                type={field.kind === 'date' ? 'date' : 'text'}
                inputMode={field.kind === 'money' ? 'decimal' : field.kind === 'count' ? 'numeric' : undefined}
                class={field.kind === 'money' || field.kind === 'count' ? 'num' : undefined}
                autoComplete="off"
                value={values[field.name] ?? ''}
                aria-invalid={errors[path] ? true : undefined}
                aria-describedby={describedBy || undefined}
                onInput={(e) => {
                  const value = (e.currentTarget as HTMLInputElement).value;
                  setValues((current) => ({ ...current, [field.name]: value }));
                  setPreview(null);
                }}
              />
              {HINTS[field.kind] && (
                <div class="hint" id={fieldId(path) + '-hint'}>
                  {HINTS[field.kind]}
                </div>
              )}
              {fromRecords && (
                <div class="hint from-records" id={fieldId(path) + '-from-records'}>
                  From the account's records
                </div>
              )}
              <ErrorText path={path} errors={errors} />
            </div>
          );
        })}
      </div>
      {template?.description && <p class="muted letter-description">{template.description}</p>}
      <div class="form-actions">
        <button type="button" class="btn" disabled={busy || !template} onClick={() => void run('preview')}>
          Preview
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy || !template}>
          {busy ? 'Working…' : 'Send letter'}
        </button>
      </div>
      {preview && <LetterPreview letter={preview} />}
    </form>
  );
}

/** The letter as it will print, on a sheet of paper. */
function LetterPreview({ letter }: { letter: Letter }) {
  return (
    <article class="letter-preview" aria-label="Letter preview">
      <header class="letter-preview-head">
        <div class="letter-preview-org">{letter.organization}</div>
        <div class="letter-preview-office">{letter.office_line}</div>
      </header>
      <div class="letter-preview-top">
        <address class="letter-preview-address">
          {letter.addressee}
          {letter.contact_hidden ? (
            <div class="hidden-contact">Address hidden (confidential)</div>
          ) : (
            letter.mailing_address.map((line, index) => <div key={index}>{line}</div>)
          )}
        </address>
        <dl class="letter-preview-facts">
          <dt>Date</dt>
          <dd>{letter.date_text}</dd>
          <dt>Account number</dt>
          <dd class="mono">{letter.account_number}</dd>
          <dt>Service address</dt>
          <dd>{letter.service_address}</dd>
        </dl>
      </div>
      <h4 class="letter-preview-subject">{letter.subject}</h4>
      {letter.paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <p class="letter-preview-closing">{letter.closing}</p>
      <p class="letter-preview-signature">
        {letter.signature.map((line, index) => (index === 0 ? <strong key={index}>{line}</strong> : <span key={index}>{line}</span>))}
      </p>
    </article>
  );
}

function LettersTable({ letters, error }: { letters: Letter[] | null; error: unknown }) {
  if (error) return <ErrorMessage error={error} />;
  if (!letters) return <Loading />;
  if (letters.length === 0) return <p class="empty">No letters sent yet.</p>;
  return (
    <table class="table compact-table" id="letters-table">
      <caption class="table-title">Letters sent</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Letter</th>
          <th scope="col">Sent by</th>
          <th scope="col">
            <span class="visually-hidden">PDF</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {letters.map((letter) => (
          <tr key={letter.id ?? ''}>
            <td class="nowrap" title={formatInstant(letter.sent_at)}>
              {formatDate(letter.letter_date)}
            </td>
            <td>
              {letter.template.title}
              <div class="muted small">{letter.subject}</div>
            </td>
            <td>{letter.sent_by.display_name}</td>
            <td class="nowrap">
              {letter.pdf_url && (
                <a href={letter.pdf_url} target="_blank" rel="noopener">
                  Open PDF<span class="visually-hidden"> of {letter.reference}</span>
                </a>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
