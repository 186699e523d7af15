package dev.jaga.server.exportjob;

import static dev.jaga.server.exportjob.ExportNodes.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.server.archive.Gpg;
import dev.jaga.client.cli.JagaCli;
import dev.jaga.server.app.Node;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jaga export create | status | approve | reject | cancel | key | download} against a real node. */
class ExportCliTest {
  private static final Pattern ID = Pattern.compile("export ([0-9a-f]{32})");
  private static ExportNodes nodes;
  private static Node node;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    nodes = new ExportNodes(ExportNodes.SETTINGS);
    node = nodes.first(inner -> inner);
  }

  @AfterAll
  static void stop() {
    nodes.close();
  }

  private record Run(int exit, String out, String err) {}

  private static Run jaga(String token, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = JagaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--endpoint", node.region().grpc().endpoint(), "--token", token));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static String idIn(Run run) {
    Matcher m = ID.matcher(run.out());
    assertThat(m.find()).as("an export id in %s %s", run.out(), run.err()).isTrue();
    return m.group(1);
  }

  @Test
  void createWaitKeyDownload_resumesAPartialFileAndVerifiesIt() throws Exception {
    String owner = nodes.token(OWNER, "owner");
    Run created = jaga(owner, "export", "create", "--tenant", "acme-id", "--entities", "teams,comments",
        "--confirm", ExportNodes.DISPLAY_NAME, "--purpose", "cli test", "--wait");
    String id = idIn(created);
    Run status = jaga(owner, "export", "status", "--tenant", "acme-id", id);
    Run key = jaga(owner, "export", "key", "--tenant", "acme-id", id,
        "--passphrase-file", tmp.resolve("pass").toString(), "--token-file", tmp.resolve("t1").toString());
    Run again = jaga(owner, "export", "key", "--tenant", "acme-id", id, "--token-file", tmp.resolve("t2").toString());
    Run first = jaga(owner, "export", "download", "--tenant", "acme-id", id,
        "--download-token-file", tmp.resolve("t1").toString(), "--out", tmp.resolve("a.zip.gpg").toString());
    byte[] whole = Files.readAllBytes(tmp.resolve("a.zip.gpg"));
    Files.write(tmp.resolve("b.zip.gpg.part"), Arrays.copyOf(whole, whole.length / 3));
    Run resumed = jaga(owner, "export", "download", "--tenant", "acme-id", id,
        "--download-token-file", tmp.resolve("t2").toString(), "--out", tmp.resolve("b.zip.gpg").toString(),
        "--decrypt", "--passphrase-file", tmp.resolve("pass").toString());

    assertThat(created.exit()).isZero();
    assertThat(created.out()).contains("READY");
    assertThat(status.out()).contains("READY", "sha256");
    assertThat(key.exit()).isZero();
    assertThat(again.out()).contains("already revealed");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("(verified)");
    assertThat(resumed.err()).contains("resuming");
    assertThat(Files.readAllBytes(tmp.resolve("b.zip.gpg"))).isEqualTo(whole);
    assertThat(tmp.resolve("b.zip.gpg.part")).doesNotExist();
    String passphrase = Files.readString(tmp.resolve("pass")).strip();
    Map<String, byte[]> byGpg = Gpg.open(whole, passphrase);
    assertThat(byGpg).containsKeys("teams.jsonl", "comments.jsonl", "manifest.json");
    // --decrypt: the same files as gpg gives, checked against the manifest.
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("every file matches manifest.json");
    try (var zip = new java.util.zip.ZipFile(tmp.resolve("b.zip").toFile())) {
      for (var entry : byGpg.entrySet()) {
        assertThat(zip.getInputStream(zip.getEntry(entry.getKey())).readAllBytes()).isEqualTo(entry.getValue());
      }
    }
  }

  @Test
  void approveRejectCancel_actOnPendingExports() {
    String agency = nodes.token("agus@kreatif-agency.id", "agency");
    String admin = nodes.token(ExportNodes.ADMIN, "admin");
    String one = idIn(jaga(agency, "export", "create", "--tenant", "acme-id", "--entities", "teams",
        "--confirm", ExportNodes.DISPLAY_NAME));
    String two = idIn(jaga(agency, "export", "create", "--tenant", "acme-id", "--entities", "teams",
        "--confirm", ExportNodes.DISPLAY_NAME));
    String three = idIn(jaga(agency, "export", "create", "--tenant", "acme-id", "--entities", "teams",
        "--confirm", ExportNodes.DISPLAY_NAME));

    Run selfApproval = jaga(agency, "export", "approve", "--tenant", "acme-id", one);
    Run approved = jaga(admin, "export", "approve", "--tenant", "acme-id", one, "--comment", "fine");
    Run rejected = jaga(admin, "export", "reject", "--tenant", "acme-id", two, "--reason", "no need");
    Run cancelled = jaga(agency, "export", "cancel", "--tenant", "acme-id", three);
    Run listed = jaga(admin, "export", "status", "--tenant", "acme-id", "--state", "rejected");

    assertThat(selfApproval.exit()).isEqualTo(1);
    assertThat(selfApproval.err()).contains("PERMISSION_DENIED");
    assertThat(approved.out()).contains("approved by person:" + ExportNodes.ADMIN);
    assertThat(rejected.out()).contains("REJECTED", "rejected: no need");
    assertThat(cancelled.out()).contains("CANCELLED");
    assertThat(listed.out()).contains(two).doesNotContain(three);
  }
}
