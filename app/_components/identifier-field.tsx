import { inputClass } from "./ui";

/**
 * The one field of the first step of signing in and of "Forgot password?": the address (or login) a person signs
 * in with, filed by password managers as the username, never auto-capitalised or spell-checked, with its refusal
 * announced and tied to it.
 */
export function IdentifierField({
  name,
  label,
  type,
  defaultValue,
  error,
}: {
  name: string;
  label: string;
  /** `email` where only an address will do; `text` where a login such as `admin` is allowed too. */
  type: "email" | "text";
  defaultValue: string;
  error?: string;
}) {
  return (
    <>
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type={type}
        inputMode="email"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        maxLength={254}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        className={inputClass}
      />
      {error ? (
        <p id={`${name}-error`} role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </>
  );
}
