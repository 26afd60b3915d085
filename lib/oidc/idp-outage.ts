/**
 * "The identity provider could not be reached": a network failure, a deadline that passed, or a server error of the
 * IdP. The sign-in engine turns it into "Microsoft is unreachable, try again" rather than a configuration error.
 */
export class IdpUnreachableError extends Error {
  readonly code = "idp_unreachable";
  constructor(readonly origin: string, cause: unknown) {
    super(`The identity provider at ${origin} could not be reached`, { cause });
    this.name = "IdpUnreachableError";
  }
}
