import { inputClass } from "./ui";

export type PasswordField = "current" | "password" | "confirmation";

const AUTOCOMPLETE: Record<PasswordField, string> = { current: "current-password", password: "new-password", confirmation: "new-password" };

/**
 * The fields of every form that sets a password (first-sign-in change, reset by mail, change on /account): the
 * hidden username that lets password managers file the new password under the right account, then the current
 * password when asked for, the new one with the policy's hint, and its confirmation. A refusal that names a field
 * is shown under it and tied to it; the form shows any other.
 */
export function NewPasswordFields({
  login,
  hint,
  labels,
  error,
  field,
  autoFocus = false,
}: {
  login: string;
  hint: string;
  /** The fields to show, in order, with their labels. */
  labels: Partial<Record<PasswordField, string>>;
  error?: string;
  field?: string;
  autoFocus?: boolean;
}) {
  const fields = (Object.entries(labels) as [PasswordField, string][]).filter(([, label]) => label);
  return (
    <>
      <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
      {fields.map(([id, label], index) => {
        const failed = field === id && error;
        return (
          <div key={id} className={index > 0 ? "mt-4" : undefined}>
            <label htmlFor={id} className="block text-sm font-medium text-slate-700">
              {label}
            </label>
            <input
              id={id}
              name={id}
              type="password"
              autoComplete={AUTOCOMPLETE[id]}
              required
              autoFocus={autoFocus && index === 0}
              maxLength={1024}
              aria-invalid={failed ? true : undefined}
              aria-describedby={failed ? `${id}-error` : id === "password" ? "password-hint" : undefined}
              className={inputClass}
            />
            {failed ? (
              <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
                {error}
              </p>
            ) : id === "password" ? (
              <p id="password-hint" className="mt-1 text-xs text-slate-500">
                {hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

/** The password policy's rule, as the forms that set a new password state it. */
export function newPasswordHint(minLength: number): string {
  return `At least ${minLength} characters. A passphrase of several words is easiest to remember.`;
}
