package dev.jaga.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.export.FakeExportServer;
import dev.jaga.client.export.FakeExportService;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jaga export stream} against a fake server over loopback Netty. */
@Timeout(30)
final class ExportStreamCommandTest {
  @TempDir Path tmp;

  private final FakeExportService service = FakeExportService.standard();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private FakeExportServer server;

  @BeforeEach
  void start() {
    server = FakeExportServer.onLoopback(service);
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private int run(String... args) {
    CommandLine cli = JagaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    ExportStreamCommand command =
        cli.getSubcommands().get("export").getSubcommands().get("stream").getCommand();
    command.stdout = stdout;
    List<String> all =
        new ArrayList<>(
            List.of(
                "export",
                "stream",
                "--endpoint",
                server.endpoint(),
                "--token",
                FakeExportServer.TOKEN,
                "--tenant",
                "acme-id"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  private JsonNode summaryJson(Path dir) throws IOException {
    return new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
  }

  @Test
  void execute_outDirectory_writesOneFilePerEntityThenTheSummary() throws IOException {
    Path dir = tmp.resolve("acme");

    assertThat(run("--out", dir.toString())).isZero();

    assertThat(dir.resolve("contacts.jsonl")).hasContent(service.jsonl("contacts"));
    assertThat(dir.resolve("invoices.jsonl")).hasContent(service.jsonl("invoices"));
    assertThat(dir.resolve("api_usage.jsonl")).isEmptyFile();
    JsonNode summary = summaryJson(dir);
    byte[] digest = service.chunks().get(9).getSummary().getStreamSha256().toByteArray();
    assertThat(summary.path("stream_sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest));
    assertThat(summary.path("total_records").asLong()).isEqualTo(33);
    assertThat(summary.path("entities").findValuesAsText("entity"))
        .containsExactly("contacts", "invoices", "api_usage");
    assertThat(summary.path("snapshot_time").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(summary.path("resumptions").asInt()).isZero();
    assertThat(out.toString()).contains("total", "33", "verified");
    // stderr is no terminal here: one line per entity, no redrawn bar.
    assertThat(err.toString()).contains("contacts: 23 records", "invoices: 10 records");
    assertThat(err.toString()).doesNotContain("\r");
    assertThat(stdout.size()).isZero();
    assertThat(server.authorizations()).containsExactly("Bearer " + FakeExportServer.TOKEN);
  }

  @Test
  void execute_streamBroken_resumesAndCountsTheResumptionInTheSummary() throws IOException {
    service.failAfter(3, Status.UNAVAILABLE.withDescription("gone").asRuntimeException());
    Path dir = tmp.resolve("acme");

    assertThat(run("--out", dir.toString())).isZero();

    assertThat(dir.resolve("contacts.jsonl")).hasContent(service.jsonl("contacts"));
    assertThat(dir.resolve("invoices.jsonl")).hasContent(service.jsonl("invoices"));
    assertThat(summaryJson(dir).path("resumptions").asInt()).isEqualTo(1);
    assertThat(err.toString()).contains("UNAVAILABLE", "resuming in");
  }

  @Test
  void execute_outDirectoryHoldingAPreviousExport_refusesUnlessForced() throws IOException {
    Path dir = tmp.resolve("acme");
    assertThat(run("--out", dir.toString())).isZero();
    Files.writeString(dir.resolve("contacts.jsonl"), "left by hand\n");

    assertThat(run("--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("previous export", "--force");
    assertThat(dir.resolve("contacts.jsonl")).hasContent("left by hand\n");
    assertThat(service.requests()).hasSize(1);

    assertThat(run("--out", dir.toString(), "--force")).isZero();
    assertThat(dir.resolve("contacts.jsonl")).hasContent(service.jsonl("contacts"));
  }

  @Test
  void execute_outDash_writesOnlyTheRecordsToStdout() {
    assertThat(run("--out", "-")).isZero();

    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .isEqualTo(service.jsonl("contacts") + service.jsonl("invoices"));
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("total", "verified");
  }

  @Test
  void execute_streamFailsVerification_writesNoSummaryAndExitsNonZero() {
    Path dir = tmp.resolve("acme");
    service.tamper(c -> List.of(c.getSequence() == 4 ? c.toBuilder().setSequence(5).build() : c));

    assertThat(run("--out", dir.toString())).isEqualTo(1);

    assertThat(dir.resolve("summary.json")).doesNotExist();
    assertThat(err.toString()).contains("SEQUENCE", "incomplete");
  }

  @Test
  void execute_entityNameLeavingTheDirectory_isRefused() {
    Path dir = tmp.resolve("acme");
    service.tamper(
        c ->
            List.of(
                c.getSequence() == 1
                    ? c.toBuilder()
                        .setRecords(c.getRecords().toBuilder().setEntity("../escape"))
                        .build()
                    : c));

    assertThat(run("--out", dir.toString())).isEqualTo(1);

    assertThat(tmp.resolve("escape.jsonl")).doesNotExist();
    assertThat(err.toString()).contains("entity name");
  }

  @Test
  void execute_scopeOptions_becomeTheRequest() {
    run(
        "--out",
        "-",
        "--entities",
        "contacts,invoices",
        "--subject",
        "u-42",
        "--from",
        "2025-01-01",
        "--until",
        "2025-02-01T08:00:00+07:00",
        "--chunk-bytes",
        "65536");

    StreamExportRequest request = service.requests().get(0);
    assertThat(request.getTenantId()).isEqualTo("acme-id");
    assertThat(request.getScope().getEntitiesList()).containsExactly("contacts", "invoices");
    assertThat(request.getScope().getSubjectId()).isEqualTo("u-42");
    assertThat(request.getScope().getFromTime().getSeconds()).isEqualTo(1_735_689_600L);
    assertThat(request.getScope().getUntilTime().getSeconds()).isEqualTo(1_738_371_600L);
    assertThat(request.getPreferredChunkBytes()).isEqualTo(65536);
  }
}
