import { signOutAction } from "../_actions/sign-out";
import { secondaryButtonClass } from "./ui";

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className={secondaryButtonClass}>
        Sign out
      </button>
    </form>
  );
}
