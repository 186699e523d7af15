package dev.jaga.client.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;

/**
 * The plaintext of an OpenPGP message encrypted to a passphrase, as a stream: integrity-protected
 * messages only, and the integrity check runs when the stream reaches its end, so a reader that
 * got to the end without an exception got exactly what was encrypted.
 */
final class ArchiveDecryption extends FilterInputStream {
  private final PGPPBEEncryptedData encrypted;
  private boolean checked;

  private ArchiveDecryption(InputStream plaintext, PGPPBEEncryptedData encrypted) {
    super(plaintext);
    this.encrypted = encrypted;
  }

  static InputStream open(InputStream message, char[] passphrase) throws IOException {
    PGPEncryptedDataList list = encryptedDataList(new JcaPGPObjectFactory(PGPUtil.getDecoderStream(message)));
    PGPPBEEncryptedData pbe = null;
    for (Iterator<PGPEncryptedData> it = list.getEncryptedDataObjects(); it.hasNext(); ) {
      if (it.next() instanceof PGPPBEEncryptedData p) {
        pbe = p;
      }
    }
    if (pbe == null) {
      throw new ArchiveFormatException(
          "the archive is encrypted to a public key, not a passphrase: decrypt it with the recipient's"
              + " gpg (gpg --output archive.zip --decrypt ARCHIVE), then verify archive.zip");
    }
    if (!pbe.isIntegrityProtected()) {
      throw new ArchiveFormatException("the archive is not integrity-protected; Jaga never writes such archives");
    }
    try {
      InputStream clear = pbe.getDataStream(
          new JcePBEDataDecryptorFactoryBuilder(new JcaPGPDigestCalculatorProviderBuilder().build()).build(passphrase));
      Object next = new JcaPGPObjectFactory(clear).nextObject();
      if (next instanceof PGPCompressedData compressed) {
        next = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
      }
      if (!(next instanceof PGPLiteralData literal)) {
        throw new ArchiveFormatException("the encrypted message holds no file");
      }
      return new ArchiveDecryption(literal.getInputStream(), pbe);
    } catch (PGPException e) {
      throw new ArchiveFormatException("the passphrase does not open this archive (or the archive is damaged)");
    }
  }

  private static PGPEncryptedDataList encryptedDataList(JcaPGPObjectFactory factory) throws IOException {
    try {
      for (Object o = factory.nextObject(); o != null; o = factory.nextObject()) {
        if (o instanceof PGPEncryptedDataList list) {
          return list;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Falls through: not an OpenPGP message.
    }
    throw new ArchiveFormatException("not an encrypted Jaga archive (no OpenPGP encrypted data) nor a ZIP");
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    int n = super.read(buffer, off, len);
    if (n < 0) {
      check();
    }
    return n;
  }

  /** Reads what is left, so that the integrity check runs, even if the caller stopped early. */
  @Override
  public void close() throws IOException {
    try {
      if (!checked) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        check();
      }
    } finally {
      super.close();
    }
  }

  private void check() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    try {
      if (!encrypted.verify()) {
        throw new ArchiveFormatException("the archive was altered: its OpenPGP integrity check failed");
      }
    } catch (PGPException e) {
      throw new ArchiveFormatException("the archive's OpenPGP integrity check could not run: " + e.getMessage());
    }
  }
}
