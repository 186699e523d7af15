package dev.jaga.client.cli;

import dev.jaga.api.v1.EntityErasure;
import dev.jaga.api.v1.EraseSubjectRequest;
import dev.jaga.api.v1.ErasureReceipt;
import dev.jaga.api.v1.ErasureVerification;
import dev.jaga.api.v1.Retention;
import dev.jaga.client.JagaClient;
import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jaga erase}: erase a data subject, or plan it with {@code --dry-run}. */
@Command(name = "erase", mixinStandardHelpOptions = true, description = "Erasure of data subjects.")
final class EraseCommand {
  @Spec CommandSpec spec;

  @Command(
      name = "subject",
      description = "Erase a data subject (needs subject:erase and a fresh sign-in), or show the plan.")
  int subject(
      @Mixin Connection connection,
      @Option(names = "--tenant", required = true, paramLabel = "TENANT") String tenantId,
      @Option(names = "--subject", required = true, paramLabel = "USER ID", description = "The subject's"
          + " application user id.") String subjectId,
      @Option(names = "--dry-run", description = "Print the plan; change nothing.") boolean dryRun,
      @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "erasure request of the data subject",
          description = "Kept in the receipt (default: ${DEFAULT-VALUE}).") String reason,
      @Option(names = "--request-id", paramLabel = "ID", description = "Reuse to retry safely and get the same"
          + " receipt (default: a new UUID).") String requestId) {
    try (JagaClient client = connection.open()) {
      ErasureReceipt receipt = client.erasure().eraseSubject(EraseSubjectRequest.newBuilder()
          .setTenantId(tenantId)
          .setSubjectId(subjectId)
          .setReason(reason)
          .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString())
          .setDryRun(dryRun)
          .build());
      print(spec.commandLine().getOut(), receipt);
      return 0;
    }
  }

  /** The plan or receipt as a table, then the retentions and the verification. */
  static void print(PrintWriter out, ErasureReceipt r) {
    out.printf("%s %s  tenant %s  subject %s%n", r.getDryRun() ? "Erasure plan" : "Erasure receipt",
        r.getReceiptId(), r.getTenantId(), r.getSubjectId());
    out.printf("received %s  due %s  %s %s%n", format(r.getReceivedTime()), format(r.getDueTime()),
        r.getDryRun() ? "planned" : "completed", format(r.getCompletedTime()));
    out.printf("reason: %s%n%n", r.getReason());
    out.printf("%-18s %9s %11s %9s  %s%n", "ENTITY", "DELETED", "ANONYMIZED", "RETAINED", "RULES");
    for (EntityErasure e : r.getEntitiesList()) {
      out.printf("%-18s %9d %11d %9d  %s%n", e.getEntity(), e.getRowsDeleted(), e.getRowsAnonymized(),
          e.getRowsRetained(), rules(e));
    }
    boolean anyRetention = r.getEntitiesList().stream().anyMatch(e -> e.getRetentionsCount() > 0);
    if (anyRetention) {
      out.printf("%nKept by law:%n");
      for (EntityErasure e : r.getEntitiesList()) {
        for (Retention k : e.getRetentionsList()) {
          out.printf("  %s: %d rows until %s%n    %s%n", e.getEntity(), k.getRows(), format(k.getRetainUntil()),
              k.getExplanation());
        }
      }
    }
    if (r.hasVerification()) {
      ErasureVerification v = r.getVerification();
      out.printf("%nVerification: %s — %d columns searched, %d references left outside retained records%n",
          v.getPassed() ? "PASSED" : "FAILED", v.getColumnsChecked(), v.getRemainingReferences());
      v.getFindingsList().forEach(f -> out.printf("  remaining: %s%n", f));
      v.getNameMatchesList().forEach(f -> out.printf("  same name (check by hand): %s%n", f));
    } else if (r.getDryRun()) {
      out.printf("%nNothing was changed. Run again without --dry-run to erase.%n");
    }
    out.flush();
  }

  /** The distinct rules of an entity, e.g. "delete ×11" or "keep ×3, anonymize:deleted-user ×1". */
  private static String rules(EntityErasure e) {
    java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    e.getColumnsList().forEach(c -> counts.merge(c.getRule().startsWith("retain:") ? "retain" : c.getRule(), 1,
        Integer::sum));
    return String.join(", ", counts.entrySet().stream().map(x -> x.getKey() + " x" + x.getValue()).toList());
  }

  private static String format(Timestamp ts) {
    return Instant.ofEpochSecond(ts.getSeconds()).toString();
  }
}
