package dev.jaga.server.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * An OpenPGP message (AES-256, integrity-protected: SEIPD v1 with MDC, which gpg 2.2 and later
 * decrypt) written straight into the target file: what is written to {@link #plaintext()} is
 * encrypted before it reaches the disk. Bulk encryption through the JDK's AES (SunJCE), about four
 * times as fast as BouncyCastle's own; the session key's wrapping through BouncyCastle.
 */
final class PgpSink implements AutoCloseable {
  private static final int BUFFER = 1 << 16;
  /** S2K iteration count byte: 4,194,304 bytes hashed (RFC 4880 3.7.1.3). */
  private static final int S2K_COUNT = 0xC0;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OutputStream file;
  private final Counting counting;
  private final BufferedOutputStream buffered;
  private final MessageDigest sha256;
  private final PGPEncryptedDataGenerator encryption;
  private final PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
  private final OutputStream plaintext;

  private PgpSink(Path target, String fileName, PGPEncryptedDataGenerator encryption) throws IOException {
    this.encryption = encryption;
    this.sha256 = sha256();
    this.file = Files.newOutputStream(target);
    try {
      this.counting = new Counting(new DigestOutputStream(file, sha256));
      this.buffered = new BufferedOutputStream(counting, BUFFER);
      OutputStream encrypted = encryption.open(buffered, new byte[BUFFER]);
      this.plaintext = literal.open(encrypted, PGPLiteralData.BINARY, fileName, new Date(), new byte[BUFFER]);
    } catch (IOException | PGPException | RuntimeException e) {
      file.close();
      throw e instanceof IOException io ? io : new IOException("cannot start the OpenPGP message: " + e.getMessage(), e);
    }
  }

  /** Encrypted to the recipient's public key: only the holder of its private key can open it. */
  static PgpSink toRecipient(Path target, String fileName, PGPPublicKey recipient) throws IOException {
    PGPEncryptedDataGenerator generator = generator();
    generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient).setSecureRandom(RANDOM));
    return new PgpSink(target, fileName, generator);
  }

  /** Encrypted to a passphrase (S2K iterated and salted, SHA-256). */
  static PgpSink toPassphrase(Path target, String fileName, char[] passphrase) throws IOException {
    PGPEncryptedDataGenerator generator = generator();
    try {
      generator.addMethod(new BcPBEKeyEncryptionMethodGenerator(
              passphrase, new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), S2K_COUNT)
          .setSecureRandom(RANDOM));
    } catch (PGPException e) {
      throw new IOException("SHA-256 S2K is not available: " + e.getMessage(), e);
    }
    return new PgpSink(target, fileName, generator);
  }

  private static PGPEncryptedDataGenerator generator() {
    return new PGPEncryptedDataGenerator(
        new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
            .setWithIntegrityPacket(true)
            .setSecureRandom(RANDOM));
  }

  /** Where the archive's plaintext goes; it is encrypted before anything reaches the file. */
  OutputStream plaintext() {
    return plaintext;
  }

  /** Encrypted bytes written to the file so far. */
  long encryptedBytes() {
    return counting.count;
  }

  /** Ends the literal data and the encrypted message (its integrity packet) and closes the file. */
  byte[] finish() throws IOException {
    plaintext.close();
    literal.close();
    encryption.close();
    buffered.flush();
    close();
    return sha256.digest();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts the bytes that reach the file (written by the archive's writer, read for progress). */
  private static final class Counting extends java.io.FilterOutputStream {
    volatile long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
