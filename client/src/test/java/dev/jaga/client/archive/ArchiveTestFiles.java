package dev.jaga.client.archive;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test archives for other packages' tests (the CLI's). */
public final class ArchiveTestFiles {
  private ArchiveTestFiles() {}

  public static byte[] goodZip() throws Exception {
    return TestArchives.zip();
  }

  public static byte[] encryptedGoodZip(char[] passphrase) throws Exception {
    return TestArchives.encrypt(TestArchives.zip(), passphrase);
  }

  /** users.jsonl changed after its manifest was written. */
  public static byte[] zipWithAlteredJsonl() throws Exception {
    Map<String, byte[]> files = TestArchives.files();
    files.put("users.jsonl", TestArchives.USERS_JSONL.replace("u2", "u9").getBytes(StandardCharsets.UTF_8));
    byte[] manifest = manifestOfGood();
    return TestArchives.zipOf(files, manifest);
  }

  private static byte[] manifestOfGood() throws Exception {
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(TestArchives.zip()))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals("manifest.json")) {
          return in.readAllBytes();
        }
      }
    }
    throw new IllegalStateException("no manifest");
  }
}
