package dev.jaga.server.exportjob;

import dev.jaga.config.Catalog;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportAction;
import dev.jaga.server.archive.ArchiveCancelledException;
import dev.jaga.server.archive.ArchiveJob;
import dev.jaga.server.archive.ArchiveProducer;
import dev.jaga.server.archive.ArchiveProgress;
import dev.jaga.server.archive.ProducedArchive;
import dev.jaga.server.export.ExportScope;
import dev.jaga.server.grpc.Violations;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.CipherOutputStream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * DEVELOPMENT ONLY, until the archive module (OpenPGP, README, CSV, attachments) is merged: a ZIP
 * with one JSON array per entity (only columns the catalog marks {@code include}) and a
 * manifest of row counts, read in one REPEATABLE READ transaction scoped to the tenant, and
 * encrypted as written with AES-256-GCM under a key derived (PBKDF2) from a random passphrase.
 * {@link #open} reads it back for tests. Not OpenPGP: {@code gpg} cannot open it.
 */
final class InterimArchiveProducer implements ArchiveProducer {
  private static final byte[] MAGIC = "JAGA-INTERIM-1\n".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource runtime;
  private final Catalog catalog;

  InterimArchiveProducer(DataSource runtime, Catalog catalog) {
    this.runtime = runtime;
    this.catalog = catalog;
  }

  @Override
  public ProducedArchive produce(ArchiveJob job, Path target, ArchiveProgress progress) throws IOException {
    ExportScope scope = ExportScope.of(job.tenantId(), job.scope(), catalog, new Violations());
    char[] passphrase = passphrase();
    byte[] salt = random(16);
    byte[] nonce = random(12);
    MessageDigest sha = sha256();
    Map<String, Long> rows = new LinkedHashMap<>();
    long[] written = {0};
    try (OutputStream file = Files.newOutputStream(target);
        OutputStream counted = new FilterOutputStream(new DigestOutputStream(file, sha)) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written[0] += len;
          }
        }) {
      counted.write(MAGIC);
      counted.write(salt);
      counted.write(nonce);
      try (ZipOutputStream zip = new ZipOutputStream(new CipherOutputStream(counted, cipher(passphrase, salt, nonce,
              Cipher.ENCRYPT_MODE)));
          Connection c = runtime.getConnection()) {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement("select set_config('jaga.tenant_id', ?, true)")) {
          s.setString(1, job.tenantId());
          s.execute();
        }
        int done = 0;
        long total = 0;
        for (Entity e : scope.entities()) {
          zip.putNextEntry(new ZipEntry(e.name() + ".json"));
          long n = writeEntity(c, e, scope, zip, progress);
          rows.put(e.name(), n);
          total += n;
          progress.advanced(++done, scope.entities().size(), total, written[0]);
        }
        c.rollback();
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(rows.entrySet().stream().map(x -> "\"" + x.getKey() + "\":" + x.getValue())
            .collect(Collectors.joining(",", "{\"rows\":{", "}}")).getBytes(StandardCharsets.UTF_8));
      } catch (SQLException e) {
        throw new IOException("could not read the tenant's rows", e);
      }
    }
    boolean toRecipient = job.recipientPublicKey().isPresent();
    if (toRecipient) {
      java.util.Arrays.fill(passphrase, '\0');
    }
    return new ProducedArchive(Files.size(target), sha.digest(), rows, toRecipient ? Optional.empty() : Optional.of(passphrase));
  }

  private static long writeEntity(Connection c, Entity e, ExportScope scope, OutputStream out, ArchiveProgress progress)
      throws SQLException, IOException {
    String pairs = e.columns().values().stream()
        .filter(col -> col.export() instanceof ExportAction.Include)
        .map(ColumnRule::column)
        .map(col -> "'" + col + "', t.\"" + col + "\"")
        .collect(Collectors.joining(", "));
    String sql = "select jsonb_build_object(" + pairs + ")::text from \"" + e.schema() + "\".\"" + e.table()
        + "\" t where t.\"" + e.tenantKey() + "\" = ?"
        + (scope.subjectId().isPresent() && e.subjectKey().isPresent() ? " and t.\"" + e.subjectKey().get() + "\"::text = ?" : "");
    long n = 0;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setFetchSize(500);
      s.setString(1, scope.tenantId());
      if (scope.subjectId().isPresent() && e.subjectKey().isPresent()) {
        s.setString(2, scope.subjectId().get());
      }
      out.write('[');
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (progress.cancelled()) {
            throw new ArchiveCancelledException("cancelled");
          }
          out.write((n++ == 0 ? "\n" : ",\n").getBytes(StandardCharsets.UTF_8));
          out.write(r.getString(1).getBytes(StandardCharsets.UTF_8));
        }
      }
      out.write("\n]\n".getBytes(StandardCharsets.UTF_8));
    }
    return n;
  }

  /** The archive's entries, decrypted with its passphrase (tests only). */
  static Map<String, byte[]> open(byte[] archive, String passphrase) throws IOException {
    int at = MAGIC.length;
    byte[] salt = java.util.Arrays.copyOfRange(archive, at, at + 16);
    byte[] nonce = java.util.Arrays.copyOfRange(archive, at + 16, at + 28);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    InputStream body = new java.io.ByteArrayInputStream(archive, at + 28, archive.length - at - 28);
    try (ZipInputStream zip = new ZipInputStream(new CipherInputStream(body,
        cipher(passphrase.toCharArray(), salt, nonce, Cipher.DECRYPT_MODE)))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        zip.transferTo(content);
        entries.put(e.getName(), content.toByteArray());
      }
    }
    return entries;
  }

  private static Cipher cipher(char[] passphrase, byte[] salt, byte[] nonce, int mode) throws IOException {
    try {
      byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(passphrase, salt, 10_000, 256)).getEncoded();
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static char[] passphrase() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    char[] out = new char[32];
    for (int i = 0; i < out.length; i++) {
      out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
    }
    return out;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
