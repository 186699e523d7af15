package dev.jaga.client.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/** Small archives laid out as the server writes them, to verify and to break on purpose. */
final class TestArchives {
  static final String USERS_JSONL =
      "{\"tenant_id\":\"acme-id\",\"id\":\"u1\",\"email\":\"a@acme.test\"}\n"
          + "{\"tenant_id\":\"acme-id\",\"id\":\"u2\",\"email\":\"b@acme.test\"}\n"
          + "{\"tenant_id\":\"acme-id\",\"id\":\"u3\",\"email\":\"c@acme.test\"}\n";
  static final String USERS_CSV =
      "tenant_id,id,email,notes\r\nacme-id,u1,a@acme.test,\r\nacme-id,u2,b@acme.test,\"two\r\nlines, \"\"quoted\"\"\"\r\n"
          + "acme-id,u3,c@acme.test,plain\r\n";

  private TestArchives() {}

  /** A good archive. */
  static byte[] zip() throws IOException {
    return zip(files(), manifest -> {});
  }

  static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("users.jsonl", USERS_JSONL.getBytes(StandardCharsets.UTF_8));
    files.put("users.csv", USERS_CSV.getBytes(StandardCharsets.UTF_8));
    files.put("attachments/attachments/a1/report.pdf", new byte[] {'%', 'P', 'D', 'F', 0, 1, 2, 3});
    files.put("README.txt", "Jaga export archive\n".getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** The manifest is computed from {@code files}, then {@code edit} changes it (to lie). */
  static byte[] zip(Map<String, byte[]> files, Consumer<ObjectNode> edit) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = json.createObjectNode();
    manifest.put("format", "jaga-archive/1").put("export_id", "0f1e").put("tenant_id", "acme-id");
    manifest.putObject("rows").put("users", 3);
    ArrayNode list = manifest.putArray("files");
    files.forEach((name, content) -> {
      ObjectNode f = list.addObject().put("name", name);
      if (name.startsWith("users.")) {
        f.put("kind", name.substring(6)).put("entity", "users").put("rows", 3);
      } else {
        f.put("kind", name.startsWith("attachments/") ? "attachment" : "readme");
      }
      f.put("bytes", content.length).put("sha256", sha256(content));
    });
    edit.accept(manifest);
    return zipOf(files, json.writeValueAsBytes(manifest));
  }

  static byte[] zipOf(Map<String, byte[]> files, byte[] manifest) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue());
        zip.closeEntry();
      }
      if (manifest != null) {
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(manifest);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** Encrypted as the server does: AES-256, integrity-protected, to a passphrase. */
  static byte[] encrypt(byte[] plaintext, char[] passphrase) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
        new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
            .setSecureRandom(new SecureRandom()));
    generator.addMethod(new JcePBEKeyEncryptionMethodGenerator(passphrase));
    try (OutputStream encrypted = generator.open(out, new byte[1 << 12])) {
      PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
      try (OutputStream data = literal.open(encrypted, PGPLiteralData.BINARY, "a.zip", new Date(), new byte[1 << 12])) {
        data.write(plaintext);
      }
    }
    generator.close();
    return out.toByteArray();
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
