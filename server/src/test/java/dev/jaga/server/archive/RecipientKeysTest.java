package dev.jaga.server.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.grpc.Violations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What CreateExport accepts as a recipient key: one real public key that may encrypt. */
class RecipientKeysTest {
  private static Gpg gpg;
  private static String publicKey;
  private static String otherPublicKey;

  @BeforeAll
  static void keys() throws Exception {
    gpg = new Gpg();
    publicKey = gpg.generateKey("dpo@acme.test", "rsa3072");
    otherPublicKey = gpg.generateKey("auditor@acme.test", "future-default");
  }

  @AfterAll
  static void close() throws Exception {
    gpg.close();
  }

  @Test
  void validate_gpgExportedPublicKeys_areAccepted() {
    assertThat(problems(publicKey)).isEmpty();
    assertThat(problems(otherPublicKey)).isEmpty();
  }

  @Test
  void validate_notAKey_namesTheFieldAndWhatToGive() {
    assertThat(problems("")).contains("required");
    assertThat(problems("hello")).contains("gpg --armor --export");
    String damaged = publicKey.replace(publicKey.substring(200, 260), "A".repeat(60));
    assertThat(problems(damaged)).isNotEmpty();
  }

  @Test
  void validate_aPrivateKey_isRefused() throws Exception {
    assertThat(problems(gpg.exportSecretKey("dpo@acme.test"))).contains("never a private key");
  }

  @Test
  void validate_twoKeys_areRefused() throws Exception {
    assertThat(problems(publicKey + "\n" + otherPublicKey)).contains("exactly one");
    assertThat(problems(gpg.exportAll())).contains("exactly one");
  }

  /** The INVALID_ARGUMENT message ("field: what to do"), or "" when the key is accepted. */
  private static String problems(String armored) {
    Violations violations = new Violations();
    RecipientKeys.validate(armored, violations);
    try {
      violations.throwIfAny();
      return "";
    } catch (JagaException e) {
      assertThat(e.getMessage()).startsWith(RecipientKeys.FIELD + ": ");
      return e.getMessage();
    }
  }
}
