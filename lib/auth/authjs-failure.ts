import "server-only";
import { AuthError, CredentialsSignin } from "next-auth";
import { decodeFailure, encodeFailure, type Failure } from "@/lib/auth/failures";

/**
 * How a refusal crosses Auth.js: authorize() may only throw a
 * CredentialsSignin, whose `code` is a string. This class carries the
 * failure value itself and its one encoding (lib/auth/failures.ts) as the
 * code; `failureOfAuthError` reads either back. Nothing else parses it.
 */
export class RefusedSignIn extends CredentialsSignin {
  constructor(readonly failure: Failure) {
    super();
    this.code = encodeFailure(failure);
  }
}

export function isRefusedSignIn(error: unknown): error is AuthError {
  return error instanceof AuthError && error.type === "CredentialsSignin";
}

export function failureOfAuthError(error: AuthError): Failure {
  if (error instanceof RefusedSignIn) return error.failure;
  return decodeFailure((error as { code?: unknown }).code);
}
