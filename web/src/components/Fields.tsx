// Labelled form controls that show a field error beside themselves. `path` is the API's dotted
// field path (customer.last_name); it names the control's id, so a server error finds it.
import type { ComponentChildren, JSX } from 'preact';

export type FieldErrors = Record<string, string>;

export function fieldId(path: string): string {
  return 'f-' + path.replace(/[^A-Za-z0-9_]+/g, '-');
}

/** "customer.phones[0].number" and "customer.phones.0.number" are the same field. */
export function normalizePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

interface Common {
  path: string;
  label: string;
  errors: FieldErrors;
  required?: boolean;
  hint?: ComponentChildren;
  class?: string;
}

export function describedBy(path: string, errors: FieldErrors, hint: unknown): string | undefined {
  const ids = [];
  if (errors[path]) ids.push(fieldId(path) + '-error');
  if (hint) ids.push(fieldId(path) + '-hint');
  return ids.length ? ids.join(' ') : undefined;
}

export function Label(props: { path: string; label: string; required?: boolean }) {
  return (
    <label for={fieldId(props.path)}>
      {props.label}
      {props.required && (
        <span class="required" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </label>
  );
}

export function ErrorText({ path, errors }: { path: string; errors: FieldErrors }) {
  if (!errors[path]) return null;
  return (
    <div class="field-error" id={fieldId(path) + '-error'}>
      {errors[path]}
    </div>
  );
}

/** A form banner's list of its field errors (when there is more than one), each a link that
 * focuses its field. */
export function ErrorLinks({ errors }: { errors: FieldErrors }) {
  if (Object.keys(errors).length <= 1) return null;
  return (
    <ul>
      {Object.entries(errors).map(([path, message]) => (
        <li key={path}>
          <a
            href={'#' + fieldId(path)}
            onClick={(event) => {
              event.preventDefault();
              document.getElementById(fieldId(path))?.focus();
            }}
          >
            {message}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function Hint({ path, hint }: { path: string; hint?: ComponentChildren }) {
  if (!hint) return null;
  return (
    <div class="hint" id={fieldId(path) + '-hint'}>
      {hint}
    </div>
  );
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'label' | 'class'>;

export function TextField(
  props: Common & {
    value: string;
    onChange: (value: string) => void;
    type?: string;
    input?: InputProps;
  },
) {
  const { path, errors } = props;
  return (
    <div class={'field ' + (props.class ?? '') + (errors[path] ? ' has-error' : '')}>
      <Label path={path} label={props.label} required={props.required} />
      <input
        {...props.input}
        id={fieldId(path)}
        name={path}
        type={props.type ?? 'text'}
        value={props.value}
        aria-required={props.required ? true : undefined}
        aria-invalid={errors[path] ? true : undefined}
        aria-describedby={describedBy(path, errors, props.hint)}
        data-error={errors[path] ? 'true' : undefined}
        onInput={(event) => props.onChange((event.currentTarget as HTMLInputElement).value)}
      />
      <Hint path={path} hint={props.hint} />
      <ErrorText path={path} errors={errors} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(
  props: Common & { value: string; onChange: (value: string) => void; options: Option[]; placeholder?: string },
) {
  const { path, errors } = props;
  return (
    <div class={'field ' + (props.class ?? '') + (errors[path] ? ' has-error' : '')}>
      <Label path={path} label={props.label} required={props.required} />
      <select
        id={fieldId(path)}
        name={path}
        value={props.value}
        aria-required={props.required ? true : undefined}
        aria-invalid={errors[path] ? true : undefined}
        aria-describedby={describedBy(path, errors, props.hint)}
        data-error={errors[path] ? 'true' : undefined}
        onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Hint path={path} hint={props.hint} />
      <ErrorText path={path} errors={errors} />
    </div>
  );
}

export function CheckboxField(
  props: Omit<Common, 'required'> & { checked: boolean; onChange: (checked: boolean) => void },
) {
  const { path, errors } = props;
  return (
    <div class={'field field-check ' + (props.class ?? '') + (errors[path] ? ' has-error' : '')}>
      <input
        id={fieldId(path)}
        name={path}
        type="checkbox"
        checked={props.checked}
        aria-invalid={errors[path] ? true : undefined}
        aria-describedby={describedBy(path, errors, props.hint)}
        data-error={errors[path] ? 'true' : undefined}
        onChange={(event) => props.onChange((event.currentTarget as HTMLInputElement).checked)}
      />
      <label for={fieldId(path)}>{props.label}</label>
      <Hint path={path} hint={props.hint} />
      <ErrorText path={path} errors={errors} />
    </div>
  );
}
