package dev.jaga.server.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.client.cli.JagaCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jaga erase subject} and {@code jaga tenant delete | cancel-deletion} against a real node. */
class EraseCliTest {
  private final ErasureNode node = ErasureNode.shared();

  @Test
  void eraseSubject_dryRun_printsThePlanAsATable() {
    String subject = node.ownerDsl().fetchValue("select id::text from app.users where tenant_id = 'acme-id'"
        + " and email ~ '[.][0-9]+@' order by email limit 1").toString();

    Run run = run(node.owner("acme-id"), "erase", "subject", "--tenant", "acme-id", "--subject", subject,
        "--dry-run");

    assertThat(run.exit).isZero();
    assertThat(run.out).contains("Erasure plan", "ENTITY", "DELETED", "ANONYMIZED", "RETAINED", "Nothing was changed");
    assertThat(run.out).containsPattern("users\\s+1\\s+0\\s+0\\s+delete x11");
    assertThat(run.out).containsPattern("comments\\s+0\\s+\\d+\\s+0\\s+keep x4, anonymize:deleted-user x1");
  }

  @Test
  void eraseSubject_unknownSubject_printsTheReasonNotAStackTrace() {
    Run run = run(node.owner("acme-id"), "erase", "subject", "--tenant", "acme-id", "--subject",
        "00000000-0000-0000-0000-000000000000", "--dry-run");

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).contains("NOT_FOUND").doesNotContain("Exception");
  }

  @Test
  void tenantDelete_thenCancelDeletion_printTheTenantInEachState() {
    String id = "cli-" + Long.toHexString(System.nanoTime());
    node.seedTenant(id, "PT Baris Perintah");

    Run deleted = run(node.owner(id), "tenant", "delete", "--tenant", id, "--confirm", "PT Baris Perintah",
        "--reason", "test");
    Run cancelled = run(node.owner(id), "tenant", "cancel-deletion", "--tenant", id);

    assertThat(deleted.out).contains(id, "PENDING_DELETION", "purge ");
    assertThat(cancelled.out).contains(id, "ACTIVE").doesNotContain("purge ");
  }

  private Run run(String token, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = JagaCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--endpoint";
    all[args.length + 1] = node.region().grpc().endpoint();
    all[args.length + 2] = "--token";
    all[args.length + 3] = token;
    int exit = cli.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
