"use client";

import { startTransition, useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import { inputClass, secondaryButtonClass } from "./ui";

/**
 * The pieces of the settings cards (SSO, MCP access, provisioned users): a form submitted by hand, so React keeps
 * the fields after Test connection (an admin who tests a secret must not type it again to save it), a labelled
 * field with its hint and error, and the card's buttons, which name the one that is running.
 */
export function useKeptFieldsSubmit(formAction: (form: FormData) => void): { intent: string | null; submit: (event: FormEvent<HTMLFormElement>) => void } {
  const [intent, setIntent] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const form = new FormData(event.currentTarget, submitter);
    setIntent(String(form.get("intent") ?? "save"));
    startTransition(() => formAction(form));
  };
  return { intent, submit };
}

/**
 * An "add" form of a settings list (provisioned users, applications, group mappings): submitted by hand so a refused
 * entry stays in the fields to correct; once the answer says what was added (`done`), the fields are cleared.
 */
export function useAddForm(formAction: (form: FormData) => void, answer: { done?: unknown }): { formRef: RefObject<HTMLFormElement | null>; submit: (event: FormEvent<HTMLFormElement>) => void } {
  const formRef = useRef<HTMLFormElement>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  useEffect(() => {
    if (answer.done) formRef.current?.reset();
  }, [answer]);
  return { formRef, submit };
}

export function SettingsField(props: {
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  hint?: string;
  type?: string;
  id?: string;
  placeholder?: string;
  autoComplete?: string;
}) {
  const id = props.id ?? props.name;
  const describedBy = [props.error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? "off"}
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        className={inputClass}
      />
      {props.hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function CardButton(props: { intent: string; pendingLabel: string; pending: boolean; active: string | null; secondary?: boolean; children: string }) {
  const { intent, pendingLabel, pending, secondary, children } = props;
  const mine = pending && props.active === intent;
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      disabled={pending}
      className={
        secondary
          ? `${secondaryButtonClass} disabled:opacity-70`
          : "inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-70"
      }
    >
      {mine ? pendingLabel : children}
    </button>
  );
}
