package dev.jaga.server.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.EraseSubjectRequest;
import dev.jaga.api.v1.ErasureReceipt;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.client.JagaClient;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.db.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retained records at the end of their period, with the sweeper's clock moved ten years on. */
class RetentionSweeperTest {
  private static final String ACME = "keep-" + Long.toHexString(System.nanoTime());

  private final ErasureNode node = ErasureNode.shared();
  private final DSLContext owner = node.ownerDsl();
  private final List<AuditLog> logs = new ArrayList<>();

  @AfterEach
  void closeLogs() {
    logs.forEach(AuditLog::close);
  }

  @Test
  void sweep_afterThePeriod_deletesRetainedRowsOrAnonymizesThoseStillReferenced() {
    // A generated user who issued an invoice that someone else recorded a payment for: the invoice
    // cannot go while that payment stays, so at the end of its period it is anonymized instead.
    node.seedTenant(ACME, "PT Simpan", 200);
    Record invoice = owner.fetchOne("select i.id::text, i.created_by_user_id::text from app.invoices i"
        + " join app.payments p on p.invoice_id = i.id where i.tenant_id = ?"
        + " and p.recorded_by_user_id <> i.created_by_user_id order by i.id limit 1", ACME);
    String subject = invoice.get(1, String.class);
    ErasureReceipt receipt = erase(subject);
    List<String> retained = owner.fetch("select entity || ':' || row_key from jaga.retained_records"
        + " where receipt_id = ?::uuid", Receipts.dashed(receipt.getReceiptId())).getValues(0, String.class);
    assertThat(retained).contains("invoices:" + invoice.get(0, String.class));
    OffsetDateTime erased = OffsetDateTime.now(ZoneOffset.UTC);

    sweeper(erased.plusYears(10).minusDays(1).toInstant()).sweep();
    assertThat(stillRetained(retained)).containsExactlyInAnyOrderElementsOf(retained);

    List<RetentionSweeper.Swept> swept = sweeper(erased.plusYears(10).plusDays(2).toInstant()).sweep();

    assertThat(swept).anySatisfy(s -> assertThat(s.tenantId()).isEqualTo(ACME));
    assertThat(stillRetained(retained)).isEmpty();
    Record kept = owner.fetchOne("select billing_name, billing_email, contact_id, npwp, invoice_number"
        + " from app.invoices where id = ?::uuid", invoice.get(0, String.class));
    assertThat(kept.get(0, String.class)).isEqualTo("[redacted]");
    assertThat(kept.get(1)).isNull();
    assertThat(kept.get(2)).isNull();
    assertThat(kept.get(3)).isNull();
    assertThat(kept.get(4, String.class)).startsWith("INV/");
    for (String key : retained) {
      if (key.startsWith("payments:")) {
        assertThat(owner.fetchValue("select count(*) from app.payments where id = ?::uuid", key.substring(9)))
            .isEqualTo(0L);
      }
    }
    assertThat(owner.fetchValue("select count(*) from jaga.audit_events where tenant_id = ?"
        + " and method = 'retention.expired'", ACME)).isNotEqualTo(0L);
  }

  private List<String> stillRetained(List<String> keys) {
    return owner.fetch("select entity || ':' || row_key from jaga.retained_records where tenant_id = ?", ACME)
        .getValues(0, String.class).stream().filter(keys::contains).toList();
  }

  private RetentionSweeper sweeper(Instant now) {
    Clock clock = ErasureNode.at(now);
    AuditLog audit = node.auditLog(clock);
    logs.add(audit);
    DSLContext runtime = node.runtime();
    return new RetentionSweeper(runtime, new TenantScope(runtime), node.config, new AppSchema(runtime), audit,
        clock, node.region());
  }

  private ErasureReceipt erase(String subject) {
    EraseSubjectRequest request = EraseSubjectEndToEndTest.request(subject, false).toBuilder().setTenantId(ACME)
        .build();
    try (JagaClient client = node.client(node.owner(ACME))) {
      return ErasureServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
          .eraseSubject(request);
    }
  }
}
