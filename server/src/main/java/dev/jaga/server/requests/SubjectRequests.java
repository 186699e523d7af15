package dev.jaga.server.requests;

import dev.jaga.config.RegionConfig;
import dev.jaga.server.db.TenantScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;

/**
 * The clock of data subjects' requests ({@code jaga.subject_requests}): when each arrived, when it
 * is due by the tenant's jurisdiction (erasure.yaml, by the home region's country), and when it was
 * completed. Every method works in the caller's tenant-scoped transaction.
 */
@Singleton
public final class SubjectRequests {
  /** The rights a data subject exercises: a copy (Art. 15), a portable copy (Art. 20), erasure (Art. 17). */
  public enum Kind {
    ACCESS,
    PORTABILITY,
    ERASURE
  }

  private final RegionConfig config;
  private final TenantScope scope;
  private final SubjectDigests digests;
  private final Clock clock;

  @Inject
  public SubjectRequests(RegionConfig config, TenantScope scope, SubjectDigests digests, Clock clock) {
    this.config = config;
    this.scope = scope;
    this.digests = digests;
    this.clock = clock;
  }

  /** Records a request answered as it arrives, such as a subject's export being served. */
  public void answered(String tenantId, String homeRegion, Kind kind, String subjectId) {
    Instant now = clock.instant();
    scope.runInTenant(tenantId, tx -> record(tx, tenantId, homeRegion, kind, digests.of(tenantId, subjectId),
        Optional.empty(), now, Optional.of(now)));
  }

  /** Records a request received now and not answered yet (e.g. one that arrived by the product's own form). */
  public UUID received(String tenantId, String homeRegion, Kind kind, String subjectId, String clientRequestId) {
    Instant now = clock.instant();
    return scope.inTenant(tenantId, tx -> record(tx, tenantId, homeRegion, kind, digests.of(tenantId, subjectId),
        Optional.of(clientRequestId), now, Optional.empty()));
  }

  /** How the audit log names a subject: the first 16 hex digits of its keyed digest, never its id. */
  public String auditName(String tenantId, String subjectId) {
    return java.util.HexFormat.of().formatHex(digests.of(tenantId, subjectId)).substring(0, 16);
  }

  /** When a request received at {@code received} by a tenant homed in {@code homeRegion} is due. */
  public Instant dueAt(String homeRegion, Instant received) {
    String country = config.regions().require(homeRegion).country();
    return received.plus(Duration.ofDays(config.erasure().dueDays(country)));
  }

  /**
   * Records a request; {@code completed} when it is answered at once (an erasure, a served export).
   * A repeat of the same client request id (a retried call) records nothing new.
   *
   * @return the request's id
   */
  public UUID record(
      DSLContext tx,
      String tenantId,
      String homeRegion,
      Kind kind,
      byte[] subjectDigest,
      Optional<String> clientRequestId,
      Instant received,
      Optional<Instant> completed) {
    UUID id = UUID.randomUUID();
    tx.execute(
        "insert into jaga.subject_requests (id, tenant_id, kind, subject_digest, client_request_id, received_at,"
            + " due_at, completed_at) values (cast(? as uuid), ?, ?, ?, ?, cast(? as timestamptz),"
            + " cast(? as timestamptz), cast(? as timestamptz))"
            + " on conflict (tenant_id, kind, client_request_id) do nothing",
        id, tenantId, kind.name(), subjectDigest, clientRequestId.orElse(null), received.atOffset(ZoneOffset.UTC),
        dueAt(homeRegion, received).atOffset(ZoneOffset.UTC),
        completed.map(c -> c.atOffset(ZoneOffset.UTC)).orElse(null));
    return id;
  }

  /** An open request of {@code kind} for the subject, received earlier: its id, received and due time. */
  public record Open(UUID id, Instant received, Instant due) {}

  /** The oldest open request of {@code kind} for the subject, if one was received before it was served. */
  public Optional<Open> oldestOpen(DSLContext tx, String tenantId, Kind kind, byte[] subjectDigest) {
    return tx.fetchOptional("select id, received_at, due_at from jaga.subject_requests where tenant_id = ?"
            + " and kind = ? and subject_digest = ? and completed_at is null order by received_at limit 1",
            tenantId, kind.name(), subjectDigest)
        .map(r -> new Open(r.get(0, UUID.class), r.get(1, java.time.OffsetDateTime.class).toInstant(),
            r.get(2, java.time.OffsetDateTime.class).toInstant()));
  }

  /** Marks a request answered. */
  public void complete(DSLContext tx, String tenantId, UUID id, Instant completed) {
    tx.execute("update jaga.subject_requests set completed_at = cast(? as timestamptz) where tenant_id = ?"
        + " and id = cast(? as uuid) and completed_at is null", completed.atOffset(ZoneOffset.UTC), tenantId, id);
  }
}
