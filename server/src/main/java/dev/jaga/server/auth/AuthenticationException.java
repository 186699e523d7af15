package dev.jaga.server.auth;

/** Credentials were missing, malformed, untrusted or out of date; the message is safe to show. */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message, null, false, false);
  }
}
