package dev.jaga.server.erasure;

import dev.jaga.api.v1.ErasureReceipt;
import dev.jaga.api.v1.ErasureVerification;
import dev.jaga.config.Identifier;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.requests.SubjectDigests;
import dev.jaga.server.requests.SubjectRequests;
import dev.jaga.server.tenant.HostedTenant;
import dev.jaga.server.tenant.Tenants;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.exception.DataAccessException;

/**
 * Erases a data subject of a tenant hosted here: plans from the catalog, applies every rule in one
 * tenant-scoped transaction, verifies, and keeps the receipt, all or nothing. Idempotent on the
 * client's request id: a retry gets the stored receipt; the same id for another subject is refused.
 */
@Singleton
public final class Erasures {
  /** What an EraseSubject call asks for, validated field by field. */
  public record Request(String tenantId, String subjectId, String reason, String requestId, boolean dryRun) {}

  private final RegionConfig config;
  private final Tenants tenants;
  private final TenantScope scope;
  private final AppSchema schema;
  private final SubjectDigests digests;
  private final SubjectRequests requests;
  private final Clock clock;

  @Inject
  public Erasures(RegionConfig config, Tenants tenants, TenantScope scope, AppSchema schema, SubjectDigests digests,
      SubjectRequests requests, Clock clock) {
    this.config = config;
    this.tenants = tenants;
    this.scope = scope;
    this.schema = schema;
    this.digests = digests;
    this.requests = requests;
    this.clock = clock;
  }

  public ErasureReceipt erase(Request request) {
    HostedTenant tenant = tenants.live(request.tenantId());
    byte[] digest = digests.of(request.tenantId(), request.subjectId());
    try {
      return run(request, tenant, digest);
    } catch (DataAccessException e) {
      // Two concurrent calls with one request id: the loser finds the winner's receipt.
      if (!"23505".equals(e.sqlState())) {
        throw e;
      }
      return run(request, tenant, digest);
    }
  }

  /** The digest's first 16 hex digits, which the audit scope names the subject by. */
  public String auditName(String tenantId, String subjectId) {
    return requests.auditName(tenantId, subjectId);
  }

  private ErasureReceipt run(Request request, HostedTenant tenant, byte[] digest) {
    return scope.inTenant(request.tenantId(), tx -> {
      if (!request.dryRun()) {
        Optional<Receipts.Stored> stored = Receipts.find(tx, request.tenantId(), request.requestId());
        if (stored.isPresent()) {
          if (!MessageDigest.isEqual(stored.get().subjectDigest(), digest)) {
            throw JagaException.invalidField("request_id", "already used for the erasure of another subject;"
                + " use a new request id for a new erasure");
          }
          return stored.get().receipt().toBuilder().setSubjectId(request.subjectId()).build();
        }
      }
      Instant now = clock.instant();
      Verification verification = new Verification(schema, config.catalog());
      Map<Identifier, Set<String>> identifiers = verification.capture(tx, request.tenantId(), request.subjectId());
      List<EntityPlan> plans = ErasurePlanner.plan(tx, config.catalog(), request.tenantId(), request.subjectId(), now);
      if (plans.stream().mapToLong(EntityPlan::rows).sum() == 0) {
        // Never existed, already erased, or another tenant's: the same answer for all three.
        throw JagaException.notFound("subject");
      }
      UUID receiptId = UUID.randomUUID();
      // A request received earlier (e.g. through the product's own privacy form) keeps its clock.
      Optional<SubjectRequests.Open> open =
          requests.oldestOpen(tx, request.tenantId(), SubjectRequests.Kind.ERASURE, digest);
      Instant received = open.map(SubjectRequests.Open::received).orElse(now);
      ErasureReceipt.Builder receipt = ErasureReceipt.newBuilder()
          .setReceiptId(receiptId.toString().replace("-", ""))
          .setTenantId(request.tenantId())
          .setSubjectId(request.subjectId())
          .setDryRun(request.dryRun())
          .setReceivedTime(ReceiptWriter.timestamp(received))
          .setDueTime(ReceiptWriter.timestamp(
              open.map(SubjectRequests.Open::due).orElseGet(() -> requests.dueAt(tenant.homeRegion(), now))))
          .setCompletedTime(ReceiptWriter.timestamp(now))
          .setReason(request.reason());
      ReceiptWriter.entities(receipt, plans);
      if (request.dryRun()) {
        return receipt.build();
      }
      new ErasureApplier(schema, config.catalog()).apply(tx, plans, request.tenantId(), request.subjectId(),
          receiptId);
      ErasureVerification verified = verification.verify(tx, request.tenantId(), identifiers);
      ErasureReceipt done = receipt.setVerification(verified).build();
      Receipts.insert(tx, request.requestId(), digest, done, now);
      if (open.isPresent()) {
        requests.complete(tx, request.tenantId(), open.get().id(), now);
      } else {
        requests.record(tx, request.tenantId(), tenant.homeRegion(), SubjectRequests.Kind.ERASURE, digest,
            Optional.of(request.requestId()), now, Optional.of(now));
      }
      return done;
    });
  }
}
