package dev.jaga.server.audit;

import dev.jaga.server.audit.AuditRepository.Filter;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Sends one ListAuditEvents response: a page of events at a time, each page read in its own short
 * transaction, and only while the client is ready, so memory stays flat and no transaction waits
 * on a slow reader.
 */
final class EventStream {
  /** Events read per page. */
  static final int PAGE = 256;

  private final AuditRepository repository;
  private final Filter filter;
  private final int limit;
  private final ServerCallStreamObserver<dev.jaga.api.v1.AuditEvent> out;
  private final Deque<ChainedEvent> buffer = new ArrayDeque<>();
  private long after;
  private int sent;
  private boolean exhausted;
  private boolean done;
  private volatile boolean cancelled;

  EventStream(
      AuditRepository repository,
      Filter filter,
      int limit,
      ServerCallStreamObserver<dev.jaga.api.v1.AuditEvent> out) {
    this.repository = repository;
    this.filter = filter;
    this.limit = limit;
    this.out = out;
  }

  /** Registers the handlers; gRPC calls {@link #drain()} whenever the client can take more. */
  void start() {
    out.setOnCancelHandler(() -> cancelled = true);
    out.setOnReadyHandler(this::drain);
  }

  private void drain() {
    if (done) {
      return;
    }
    try {
      while (!cancelled && out.isReady()) {
        if (buffer.isEmpty() && !exhausted && sent < limit) {
          int want = Math.min(PAGE, limit - sent);
          List<ChainedEvent> page = repository.page(filter, after, want);
          exhausted = page.size() < want;
          if (!page.isEmpty()) {
            after = page.get(page.size() - 1).sequence();
          }
          buffer.addAll(page);
        }
        if (buffer.isEmpty()) {
          done = true;
          out.onCompleted();
          return;
        }
        out.onNext(AuditMessages.toProto(buffer.poll()));
        sent++;
      }
    } catch (RuntimeException e) {
      done = true;
      if (!cancelled) {
        out.onError(e);
      }
    }
  }
}
