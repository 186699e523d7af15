package dev.jaga.server.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jaga.api.v1.EntityErasure;
import dev.jaga.api.v1.EraseSubjectRequest;
import dev.jaga.api.v1.ErasureReceipt;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.client.JagaClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/** EraseSubject through the whole perimeter, checked against the database as its owner sees it. */
class EraseSubjectEndToEndTest {
  private static final String ACME = "acme-id";

  private final ErasureNode node = ErasureNode.shared();
  private final DSLContext owner = node.ownerDsl();

  @Test
  void eraseSubject_seededUser_leavesNoReferenceKeepsSharedRecordsAndRetainsPayments() {
    String subject = userId("dewi.lestari@acme.co.id");
    Record person = owner.fetchOne("select email, phone, full_name from app.users where id = ?::uuid", subject);
    Map<String, String> commentsOnOthersDocuments = owner.fetch(
        "select c.id::text, c.body from app.comments c join app.documents d on d.id = c.document_id"
            + " where c.tenant_id = ? and c.author_user_id = ?::uuid and d.owner_user_id <> c.author_user_id",
        ACME, subject).intoMap(r -> r.get(0, String.class), r -> r.get(1, String.class));
    List<String> payments = owner.fetch("select id::text from app.payments where tenant_id = ?"
        + " and recorded_by_user_id = ?::uuid", ACME, subject).getValues(0, String.class);
    long sessions = count("app.sessions", "user_id", subject);
    long apiKeys = count("app.api_keys", "created_by_user_id", subject);
    assertThat(commentsOnOthersDocuments).isNotEmpty();
    assertThat(payments).isNotEmpty();
    assertThat(sessions + apiKeys).isPositive();

    Map<String, String> otherTenant = TableDigests.ofTenant(owner, "sinar-id");

    ErasureReceipt receipt = erase(request(subject, false));

    assertThat(receipt.getDryRun()).isFalse();
    assertThat(TableDigests.ofTenant(owner, "sinar-id")).isEqualTo(otherTenant);
    assertThat(receipt.getVerification().getPassed()).isTrue();
    assertThat(receipt.getVerification().getRemainingReferences()).isZero();
    assertThat(receipt.getVerification().getColumnsChecked()).isGreaterThanOrEqualTo(10);
    assertThat(entity(receipt, "users").getRowsDeleted()).isEqualTo(1);
    assertThat(entity(receipt, "sessions").getRowsDeleted()).isEqualTo(sessions);
    assertThat(entity(receipt, "api_keys").getRowsDeleted()).isEqualTo(apiKeys);
    assertThat(entity(receipt, "comments").getRowsAnonymized())
        .isGreaterThanOrEqualTo(commentsOnOthersDocuments.size());
    EntityErasure paid = entity(receipt, "payments");
    assertThat(paid.getRowsRetained()).isEqualTo(payments.size());
    assertThat(paid.getRetentions(0).getLegalBasis()).contains("UU 8/1997");
    assertThat(paid.getRetentions(0).getExplanation()).contains("until", "because the law requires it");
    Instant tenYears = OffsetDateTime.now(ZoneOffset.UTC).plusYears(10).toInstant();
    assertThat(Instant.ofEpochSecond(paid.getRetentions(0).getRetainUntil().getSeconds()))
        .isCloseTo(tenYears, within(1, ChronoUnit.DAYS));
    assertThat(receipt.getDueTime().getSeconds() - receipt.getReceivedTime().getSeconds())
        .isEqualTo(30L * 86_400);

    // Comments on other people's documents are still there, readable, and signed by nobody.
    Map<String, String> after = owner.fetch("select id::text, body from app.comments where id::text = any(?)"
        + " and author_user_id is null", (Object) commentsOnOthersDocuments.keySet().toArray(String[]::new))
        .intoMap(r -> r.get(0, String.class), r -> r.get(1, String.class));
    assertThat(after).isEqualTo(commentsOnOthersDocuments);
    // Payments stay, unlinked from the subject, marked with their basis and date.
    List<Record> retained = owner.fetch("select row_key, basis, retain_until from jaga.retained_records"
        + " where tenant_id = ? and entity = 'payments'", ACME).stream()
        .filter(r -> payments.contains(r.get(0, String.class))).toList();
    assertThat(retained).hasSize(payments.size());
    assertThat(retained).allSatisfy(r -> assertThat(r.get(1, String.class)).contains("proof of payment"));
    assertThat(count("app.payments", "recorded_by_user_id", subject)).isZero();
    assertThat(owner.fetchCount(owner.selectFrom("app.payments").where("id::text = any(?)",
        (Object) payments.toArray(String[]::new)))).isEqualTo(payments.size());
    assertThat(count("app.sessions", "user_id", subject) + count("app.api_keys", "created_by_user_id", subject))
        .isZero();

    // An independent look, over every column of every app table: id, e-mail and phone are gone
    // except from the records retained by law.
    Set<String> retainedKeys = new HashSet<>(owner.fetch("select row_key from jaga.retained_records where"
        + " tenant_id = ?", ACME).getValues(0, String.class));
    assertThat(TableDigests.rowsHolding(owner, ACME, subject, retainedKeys)).isEmpty();
    assertThat(TableDigests.rowsHolding(owner, ACME, person.get(0, String.class), retainedKeys)).isEmpty();
    assertThat(TableDigests.rowsHolding(owner, ACME, person.get(1, String.class), retainedKeys)).isEmpty();
    // The receipt is kept without the subject's id, and the audit names it by digest only.
    assertThat(owner.fetchValue("select encode(receipt, 'escape') from jaga.erasure_receipts"
        + " where receipt_id = ?::uuid", Receipts.dashed(receipt.getReceiptId())).toString()).doesNotContain(subject);
    assertThat(owner.fetchCount(owner.selectFrom("jaga.audit_events")
        .where("scope like ?", "%" + subject + "%"))).isZero();
  }

  @Test
  void eraseSubject_sameRequestTwice_returnsTheSameReceiptAndChangesNothingMore() {
    String subject = userId("rizky.pratama@acme.co.id");
    EraseSubjectRequest request = request(subject, false);

    ErasureReceipt first = erase(request);
    Map<String, String> between = TableDigests.of(owner);
    ErasureReceipt second = erase(request);

    assertThat(second).isEqualTo(first);
    assertThat(TableDigests.of(owner)).isEqualTo(between);
  }

  @Test
  void dryRun_changesNoTableAndReturnsThePlan() {
    String subject = owner.fetchValue("select id::text from app.users where tenant_id = ?"
        + " and email ~ '[.][0-9]+@' order by email limit 1", ACME).toString();
    Map<String, String> before = TableDigests.of(owner);

    ErasureReceipt plan = erase(request(subject, true));

    assertThat(TableDigests.of(owner)).isEqualTo(before);
    assertThat(plan.getDryRun()).isTrue();
    assertThat(plan.hasVerification()).isFalse();
    assertThat(entity(plan, "users").getRowsDeleted()).isEqualTo(1);
    assertThat(entity(plan, "comments").getColumnsList())
        .anySatisfy(c -> assertThat(c.getRule()).isEqualTo("anonymize:deleted-user"));
    assertThat(plan.getEntitiesList().stream()
        .mapToLong(e -> e.getRowsDeleted() + e.getRowsAnonymized() + e.getRowsRetained()).sum())
        .isGreaterThan(1);
  }

  private String userId(String email) {
    return owner.fetchValue("select id::text from app.users where tenant_id = ? and email = ?", ACME, email)
        .toString();
  }

  private long count(String table, String column, String subject) {
    return ((Number) owner.fetchValue("select count(*) from " + table + " where tenant_id = ? and " + column
        + " = ?::uuid", ACME, subject)).longValue();
  }

  private ErasureReceipt erase(EraseSubjectRequest request) {
    try (JagaClient client = node.client(node.owner(ACME))) {
      return ErasureServiceGrpc.newBlockingStub(client.channel()).withInterceptors(client.credentials())
          .eraseSubject(request);
    }
  }

  static EraseSubjectRequest request(String subject, boolean dryRun) {
    return EraseSubjectRequest.newBuilder()
        .setTenantId(ACME)
        .setSubjectId(subject)
        .setReason("Art. 17 request of 2026-11-02")
        .setRequestId(UUID.randomUUID().toString())
        .setDryRun(dryRun)
        .build();
  }

  static EntityErasure entity(ErasureReceipt receipt, String name) {
    return receipt.getEntitiesList().stream().filter(e -> e.getEntity().equals(name)).findFirst().orElseThrow();
  }
}
