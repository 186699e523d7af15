package dev.jaga.server.audit;

import io.grpc.Status;
import java.util.concurrent.CompletableFuture;

/**
 * Where the interceptors record calls. The future completes when the event is durable, and
 * completes exceptionally when it could not be written: then the call must fail.
 */
public interface AuditSink {
  /** Records how a call ended (or, for a stream about to send data, that it is being served). */
  CompletableFuture<Long> record(CallRecord call, Status.Code status, String reason);

  /**
   * Records how a call ended that was answered without waiting for this event (a forwarded call,
   * which the tenant's home region recorded before it answered): written with the next batch.
   */
  default CompletableFuture<Long> recordBehind(CallRecord call, Status.Code status, String reason) {
    return record(call, status, reason);
  }
}
