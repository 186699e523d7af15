package dev.jaga.client.cli;

import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.ListExportsRequest;
import dev.jaga.api.v1.ListExportsResponse;
import dev.jaga.client.JagaClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaga export status}: one export (optionally followed to its end), or a tenant's exports. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show an export's state and progress, or list the tenant's exports (newest first).")
final class ExportStatusCommand implements Callable<Integer> {
  static final long POLL_MILLIS = 500;

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The export's tenant.")
  String tenantId;

  @Parameters(arity = "0..1", paramLabel = "EXPORT_ID", description = "The export; none lists them all.")
  String exportId;

  @Option(names = "--watch", description = "Poll with a progress bar until the export is finished.")
  boolean watch;

  @Option(names = "--state", paramLabel = "STATE", description = "When listing: only this state (e.g. READY).")
  String state;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (JagaClient client = connection.open()) {
      if (exportId == null) {
        list(client, out);
        return 0;
      }
      Export e = client.exports().getExport(
          GetExportRequest.newBuilder().setTenantId(tenantId).setExportId(exportId).build());
      if (watch) {
        e = follow(client, e, spec.commandLine().getErr());
      }
      ArchiveView.print(out, e);
      if (e.getState() == ExportState.EXPORT_STATE_RUNNING) {
        out.println("  " + ArchiveView.progress(e));
      }
      return e.getState() == ExportState.EXPORT_STATE_FAILED ? 1 : 0;
    }
  }

  /** Polls the export, drawing its progress, until it is finished or waits for a person. */
  static Export follow(JagaClient client, Export e, PrintWriter err) throws InterruptedException {
    boolean terminal = ProgressDisplay.stderrIsTerminal();
    String last = "";
    while (!ArchiveView.finished(e.getState()) && e.getState() != ExportState.EXPORT_STATE_PENDING_APPROVAL) {
      String line = ArchiveView.progress(e);
      if (terminal || !line.equals(last)) {
        ArchiveView.draw(err, line, terminal);
        last = line;
      }
      Thread.sleep(POLL_MILLIS);
      e = client.exports().getExport(
          GetExportRequest.newBuilder().setTenantId(e.getTenantId()).setExportId(e.getExportId()).build());
    }
    if (terminal && !last.isEmpty()) {
      err.print("\r\033[K");
      err.flush();
    }
    return e;
  }

  private void list(JagaClient client, PrintWriter out) {
    ListExportsRequest.Builder request = ListExportsRequest.newBuilder().setTenantId(tenantId).setPageSize(100);
    if (state != null) {
      request.setState(ExportState.valueOf("EXPORT_STATE_" + state.toUpperCase(Locale.ROOT)));
    }
    String page = "";
    do {
      ListExportsResponse r = client.exports().listExports(request.setPageToken(page).build());
      for (Export e : r.getExportsList()) {
        out.printf(Locale.ROOT, "%s  %-16s  %s  %s%n", e.getExportId(), ArchiveView.state(e.getState()),
            Instant.ofEpochSecond(e.getCreateTime().getSeconds()), e.getRequestedBy());
      }
      page = r.getNextPageToken();
    } while (!page.isEmpty());
    out.flush();
  }
}
