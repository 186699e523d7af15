package dev.jaga.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.jaga.server.keys.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The dev issuer's signing key (ES256), kept under {@code var/dev/} so that {@code ./jaga token}
 * and the dev nodes agree on it. Created on first use; never used outside dev mode.
 */
public final class DevIssuerKey {
  /** The {@code iss} of dev tokens. */
  public static final String ISSUER = "jaga-dev";

  /** The {@code aud} every Jaga node expects. */
  public static final String AUDIENCE = "jaga";

  public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

  private DevIssuerKey() {}

  /** The default location, relative to the project root. */
  public static Path defaultPath(Path root) {
    return root.resolve("var/dev/issuer-key.json");
  }

  /** Reads the key, creating it (readable by its owner only) if it does not exist yet. */
  public static synchronized ECKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
      }
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(ALGORITHM)
              .keyIDFromThumbprint(true)
              .generate();
      // Created once: if another process won the race, both use its key.
      if (!SecretFiles.createOnce(file, key.toJSONString())) {
        return ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("dev issuer key " + file + ": " + e.getMessage(), e);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "dev issuer key " + file + " is not a JWK (" + e.getMessage()
              + "); delete it and a new one is made",
          e);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate the dev issuer key", e);
    }
  }
}
