package dev.jaga.client.cli;

import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.JagaClient;
import dev.jaga.client.export.ExportStream;
import dev.jaga.client.export.ExportVerificationException;
import dev.jaga.client.export.RetryPolicy;
import io.grpc.StatusRuntimeException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jaga export stream}: a tenant's records as JSON lines, verified to the last chunk, into
 * one file per entity or onto stdout.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Stream a tenant's records from one snapshot, resuming by itself if the connection breaks,"
          + " and verify every batch, the order and the final digest.",
      "With --out DIR: DIR/<entity>.jsonl per entity, then DIR/summary.json once verified;"
          + " DIR/export.state after each batch, so an interrupted export continues with --resume.",
      "With --out -: the record lines on stdout, progress and summary on stderr."
    })
final class ExportStreamCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(
      names = "--tenant",
      required = true,
      paramLabel = "TENANT",
      description = "The tenant to export.")
  String tenantId;

  @Option(
      names = "--entities",
      split = ",",
      paramLabel = "ENTITY",
      description = "Only these entities (default: all).")
  List<String> entities = List.of();

  @Option(names = "--subject", paramLabel = "ID", description = "Only this data subject's records.")
  String subjectId;

  @Option(
      names = "--from",
      paramLabel = "ISO-8601",
      converter = InstantConverter.class,
      description = "Rows whose time key is at or after this (2025-01-01 or 2025-01-01T08:00:00Z).")
  Instant from;

  @Option(
      names = "--until",
      paramLabel = "ISO-8601",
      converter = InstantConverter.class,
      description = "Rows whose time key is before this.")
  Instant until;

  @Option(names = "--chunk-bytes", paramLabel = "N", description = "Preferred chunk size.")
  Integer chunkBytes;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR|-",
      description = "A directory for <entity>.jsonl files and summary.json, or - for stdout.")
  String out;

  @Option(names = "--force", description = "Replace the files of a previous export in DIR.")
  boolean force;

  @Option(
      names = "--resume",
      description = "Continue the interrupted export in DIR (same options) from its export.state.")
  boolean resume;

  @Option(names = "--pause-per-batch-ms", hidden = true, defaultValue = "0",
      description = "Wait this long after each batch (for tests that interrupt an export).")
  long pauseMillis;

  @Option(
      names = "--progress",
      defaultValue = "AUTO",
      paramLabel = "MODE",
      description =
          "${COMPLETION-CANDIDATES} (default: bar on a terminal, else a line per entity).")
  ProgressDisplay.Mode progress;

  @Option(
      names = "--max-attempts",
      defaultValue = "8",
      paramLabel = "N",
      description = "Calls in a row that may fail before giving up (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  /**
   * Where "-" writes records: file descriptor 1 itself, not System.out, whose PrintStream swallows
   * a closed pipe's error and would let the export run on into nothing.
   */
  OutputStream stdout = new FileOutputStream(FileDescriptor.out);

  @Override
  public Integer call() {
    StreamExportRequest request = request();
    boolean toStdout = out.equals("-");
    ExportStateFile saved = resume ? savedState(request, toStdout) : null;
    PrintWriter err = spec.commandLine().getErr();
    // The summary goes where it cannot mix with the records.
    PrintWriter report = toStdout ? err : spec.commandLine().getOut();
    RetryPolicy policy =
        new RetryPolicy(maxAttempts, Duration.ofMillis(250), Duration.ofSeconds(30));
    ProgressDisplay display = new ProgressDisplay(err, progress, maxAttempts);
    long started = System.nanoTime();
    try (RecordSink sink = toStdout ? RecordSink.lines(stdout)
            : saved != null ? DirectorySink.reopen(Path.of(out), saved.checkpoint()) : openDirectory();
        JagaClient client = connection.open();
        ExportStream stream = saved != null
            ? ExportStream.resume(client, request, saved.checkpoint(), policy, display::retrying)
            : ExportStream.open(client, request, policy, display::retrying)) {
      try {
        while (stream.hasNext()) {
          RecordBatch batch = stream.next();
          sink.write(batch);
          sink.checkpoint(request, stream.checkpoint().orElseThrow());
          display.batch(batch, stream.progress());
          if (pauseMillis > 0) {
            Thread.sleep(pauseMillis);
          }
        }
      } finally {
        display.finish();
      }
      ExportReport done =
          new ExportReport(
              tenantId,
              request.getScope(),
              stream.summary().orElseThrow(),
              stream.snapshots(),
              stream.newSnapshotAfterResume(),
              stream.progress().resumptions(),
              Duration.ofNanos(System.nanoTime() - started));
      sink.finish(done);
      report.print(done.table());
      report.flush();
      return 0;
    } catch (ExportVerificationException e) {
      err.println("export failed verification: " + e.getMessage());
      err.println(incomplete());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println("could not write the export: " + e.getMessage());
      err.println(incomplete());
      err.flush();
      return 1;
    } catch (StatusRuntimeException e) {
      err.println(incomplete());
      err.flush();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(incomplete());
      err.flush();
      return 1;
    }
  }

  /** The state an interrupted export left in --out, which must be of this very request. */
  private ExportStateFile savedState(StreamExportRequest request, boolean toStdout) {
    if (toStdout) {
      throw new ParameterException(spec.commandLine(), "--resume needs --out DIR: stdout cannot be continued");
    }
    Path dir = Path.of(out);
    if (!java.nio.file.Files.exists(ExportStateFile.path(dir))) {
      throw new ParameterException(spec.commandLine(),
          "nothing to resume: " + dir + " holds no " + ExportStateFile.NAME + " (the export finished, or never wrote a batch)");
    }
    try {
      ExportStateFile saved = ExportStateFile.load(dir);
      if (!saved.request().equals(request)) {
        throw new ParameterException(spec.commandLine(),
            dir + " holds an export of other options; resume with the same --tenant, --entities, --subject,"
                + " --from, --until and --chunk-bytes, or start again with --force");
      }
      return saved;
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private String incomplete() {
    return out.equals("-")
        ? "the records written to stdout are incomplete"
        : "the files in " + out + " are incomplete (no " + DirectorySink.SUMMARY + " was written)";
  }

  private RecordSink openDirectory() throws IOException {
    Path dir = Path.of(out);
    List<Path> previous = DirectorySink.previousExport(dir);
    if (!previous.isEmpty() && !force) {
      throw new ParameterException(
          spec.commandLine(),
          dir
              + " holds a previous export ("
              + previous.stream()
                  .map(p -> p.getFileName().toString())
                  .collect(Collectors.joining(", "))
              + "); pass --force to replace it, or choose another directory");
    }
    return DirectorySink.open(dir);
  }

  private StreamExportRequest request() {
    if (from != null && until != null && !from.isBefore(until)) {
      throw new ParameterException(spec.commandLine(), "--from must be before --until");
    }
    if (chunkBytes != null && chunkBytes <= 0) {
      throw new ParameterException(spec.commandLine(), "--chunk-bytes must be positive");
    }
    Scope.Builder scope = Scope.newBuilder().addAllEntities(entities);
    if (subjectId != null) {
      scope.setSubjectId(subjectId);
    }
    if (from != null) {
      scope.setFromTime(timestamp(from));
    }
    if (until != null) {
      scope.setUntilTime(timestamp(until));
    }
    StreamExportRequest.Builder request =
        StreamExportRequest.newBuilder().setTenantId(tenantId).setScope(scope);
    if (chunkBytes != null) {
      request.setPreferredChunkBytes(chunkBytes);
    }
    return request.build();
  }

  private static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  /**
   * An instant with its offset, or a date meaning its first instant in UTC; never a bare local
   * time, whose zone would be a guess.
   */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException notAnInstant) {
        try {
          return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
          throw new IllegalArgumentException(
              "expected 2025-01-01 or 2025-01-01T08:00:00Z (an offset is required), got " + value);
        }
      }
    }
  }
}
