package dev.jaga.server.exportjob;

import dev.jaga.server.grpc.Violations;

/**
 * A first check of recipient_public_key: an ASCII-armored OpenPGP public key block of sensible
 * size. The archive producer parses the key itself when it encrypts; its own validator replaces
 * this once it is merged.
 */
final class RecipientKeys {
  static final int MAX_CHARS = 64 * 1024;
  private static final String BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
  private static final String END = "-----END PGP PUBLIC KEY BLOCK-----";

  private RecipientKeys() {}

  static void check(String armored, Violations violations) {
    if (armored.isEmpty()) {
      return;
    }
    String key = armored.strip();
    if (key.length() > MAX_CHARS) {
      violations.add("recipient_public_key", "too long; give one ASCII-armored OpenPGP public key of at most "
          + MAX_CHARS + " characters");
    } else if (!key.startsWith(BEGIN) || !key.endsWith(END)) {
      violations.add("recipient_public_key", "must be an ASCII-armored OpenPGP public key (gpg --armor --export"
          + " <recipient>), from " + BEGIN + " to " + END);
    }
  }
}
