package dev.jaga.server.erasure;

import dev.jaga.api.v1.EraseSubjectRequest;
import dev.jaga.api.v1.ErasureReceipt;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.server.audit.CallRecord;
import dev.jaga.server.grpc.Violations;
import dev.jaga.server.tenant.TenantIds;
import io.grpc.stub.StreamObserver;
import java.util.regex.Pattern;
import javax.inject.Inject;

/** {@code jaga.v1.ErasureService}: validates, names the subject in the audit by digest only, delegates. */
final class ErasureGrpcService extends ErasureServiceGrpc.ErasureServiceImplBase {
  private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{8,128}$");
  private static final Pattern SUBJECT_ID = Pattern.compile("^[A-Za-z0-9._:@-]{1,128}$");

  private final Erasures erasures;

  @Inject
  ErasureGrpcService(Erasures erasures) {
    this.erasures = erasures;
  }

  @Override
  public void eraseSubject(EraseSubjectRequest request, StreamObserver<ErasureReceipt> response) {
    Violations violations = new Violations();
    TenantIds.check(violations, "tenant_id", request.getTenantId());
    violations.matches("subject_id", request.getSubjectId(), SUBJECT_ID,
        "the subject's application user id, e.g. a UUID");
    violations.text("reason", request.getReason(), 500);
    violations.matches("request_id", request.getRequestId(), REQUEST_ID,
        "8 to 128 letters, digits, '.', '_', ':' or '-', e.g. a UUID; reuse it to retry safely");
    violations.throwIfAny();
    // The audit log outlives the erasure: it names the subject by keyed digest, never by id.
    CallRecord.current().ifPresent(r -> r.scope("subject=" + erasures.auditName(request.getTenantId(),
        request.getSubjectId()) + (request.getDryRun() ? " dry_run" : "")));
    ErasureReceipt receipt = erasures.erase(new Erasures.Request(request.getTenantId(), request.getSubjectId(),
        request.getReason(), request.getRequestId(), request.getDryRun()));
    CallRecord.current().ifPresent(r -> r.scope(r.scope() + " receipt=" + receipt.getReceiptId()));
    response.onNext(receipt);
    response.onCompleted();
  }
}
