package dev.jaga.server.audit;

import dev.jaga.server.keys.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's Ed25519 audit key, which signs the chain heads so that a rewrite of the audit
 * tables by someone with database access is detected; it never enters the database.
 *
 * <p>Kept as a PEM PKCS#8 (v1) private key, readable by its owner only, which {@code openssl pkey}
 * also reads. BouncyCastle rather than the JDK because the public key must be derived from that
 * one file, and the JDK's Ed25519 API cannot derive it (the alternative, a PKCS#8 v2 file carrying
 * the public key, is refused by OpenSSL 3.0).
 */
public final class AuditKey {
  private static final Logger log = LoggerFactory.getLogger(AuditKey.class);

  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private final Ed25519PrivateKeyParameters privateKey;
  private final Ed25519PublicKeyParameters publicKey;
  private final String keyId;

  private AuditKey(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey();
    byte[] digest = AuditEvent.sha256().digest(publicKey.getEncoded());
    this.keyId = HexFormat.of().formatHex(digest).substring(0, 16);
  }

  /**
   * Reads the key, creating it first if the file does not exist. An existing file is never
   * replaced: heads signed with it would no longer verify.
   */
  public static synchronized AuditKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      Ed25519PrivateKeyParameters created = new Ed25519PrivateKeyParameters(new SecureRandom());
      if (!SecretFiles.createOnce(file, pem(created))) {
        return load(file);
      }
      AuditKey key = new AuditKey(created);
      log.info("created the audit key {} in {}", key.keyId, file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("audit key " + file + ": " + e.getMessage(), e);
    }
  }

  private static AuditKey load(Path file) throws IOException {
    SecretFiles.warnIfShared(file, "the audit key");
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
        throw new IllegalArgumentException("not a PEM private key");
      }
      String body = text.substring(BEGIN.length(), text.length() - END.length());
      byte[] der = Base64.getMimeDecoder().decode(body);
      AsymmetricKeyParameter key = PrivateKeyFactory.createKey(der);
      if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
        throw new IllegalArgumentException("not an Ed25519 key");
      }
      return new AuditKey(ed25519);
    } catch (IllegalArgumentException | IOException e) {
      // Never replaced automatically: the old heads were signed with whatever this file held.
      throw new IllegalStateException(
          "audit key " + file + " is not an Ed25519 PKCS#8 PEM private key (" + e.getMessage()
              + "); restore it from backup",
          e);
    }
  }

  private static String pem(Ed25519PrivateKeyParameters key) throws IOException {
    byte[] der =
        new PrivateKeyInfo(new AlgorithmIdentifier(ED25519), new DEROctetString(key.getEncoded()))
            .getEncoded();
    return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n"
        + END + "\n";
  }

  /** The first 16 hex digits of the SHA-256 of the public key; recorded with every signed head. */
  public String keyId() {
    return keyId;
  }

  /** The raw 32-byte public key, for anyone who wants to check heads outside Jaga. */
  public byte[] publicKey() {
    return publicKey.getEncoded();
  }

  /** An Ed25519 signature (64 bytes) of {@code message}. */
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** Whether {@code signature} is this key's signature of {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, publicKey);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public String toString() {
    return "AuditKey[" + keyId + "]";
  }
}
