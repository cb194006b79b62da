// Amounts: a money input that parses typed dollars into exact cents (see money.ts), and a
// right-aligned display of an amount from the API.
import type { ComponentChildren } from 'preact';
import { ErrorText, Hint, Label, describedBy, fieldId, type FieldErrors } from './Fields';
import { formatCents, moneyText } from '../money';
import type { Money } from '../types';

export function MoneyField(props: {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  required?: boolean;
  hint?: ComponentChildren;
  class?: string;
  placeholder?: string;
}) {
  const { path, errors } = props;
  return (
    <div class={'field field-money ' + (props.class ?? '') + (errors[path] ? ' has-error' : '')}>
      <Label path={path} label={props.label} required={props.required} />
      <div class="money-input">
        <span class="money-sign" aria-hidden="true">
          $
        </span>
        <input
          id={fieldId(path)}
          name={path}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellcheck={false}
          placeholder={props.placeholder ?? '0.00'}
          value={props.value}
          aria-required={props.required ? true : undefined}
          aria-invalid={errors[path] ? true : undefined}
          aria-describedby={describedBy(path, errors, props.hint)}
          onInput={(event) => props.onChange((event.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <Hint path={path} hint={props.hint} />
      <ErrorText path={path} errors={errors} />
    </div>
  );
}

/** An amount as the API formatted it; negative amounts (credits) get their own colour. */
export function Amount({ money, strong }: { money: Money | null | undefined; strong?: boolean }) {
  if (!money) return <span class="muted">—</span>;
  const cls = 'amount' + (money.cents < 0 ? ' amount-credit' : '') + (strong ? ' amount-strong' : '');
  return <span class={cls}>{moneyText(money)}</span>;
}

/** An account balance: what is owed, or a credit written as "$12.34 credit" (never "-$12.34"). */
export function BalanceAmount({ money, strong }: { money: Money | null | undefined; strong?: boolean }) {
  if (!money) return <span class="muted">—</span>;
  if (money.cents >= 0) return <Amount money={money} strong={strong} />;
  return (
    <span class={'amount amount-credit' + (strong ? ' amount-strong' : '')}>{formatCents(-money.cents)} credit</span>
  );
}
