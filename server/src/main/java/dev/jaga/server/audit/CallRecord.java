package dev.jaga.server.audit;

import io.grpc.Context;
import java.util.Optional;

/**
 * What the audit log will say about one call, filled in as the call crosses the interceptors:
 * who, which tenant, what, and whether it was let through. Never holds a token or a secret.
 */
public final class CallRecord {
  private static final Context.Key<CallRecord> KEY = Context.key("jaga-call-record");

  private final String method;
  private volatile String peer;
  private final String traceId;
  private volatile String actor;
  private volatile String tenantId;
  private volatile String requestId;
  private volatile String scope = "";
  private volatile boolean allowed;
  private volatile AuditEvent.Routing routing = AuditEvent.Routing.LOCAL;
  private volatile boolean recordedAtHome;

  public CallRecord(String method, String peer, String traceId, String actor) {
    this.method = method;
    this.peer = peer;
    this.traceId = traceId;
    this.actor = actor;
  }

  /** The record of the current call, if the audit interceptor has seen it. */
  public static Optional<CallRecord> current() {
    return Optional.ofNullable(KEY.get());
  }

  Context attach(Context context) {
    return context.withValue(KEY, this);
  }

  public CallRecord tenant(String id) {
    this.tenantId = id;
    return this;
  }

  public CallRecord requestId(String id) {
    this.requestId = id;
    return this;
  }

  /** A short summary of what the call touches (entities, object ids); never data values. */
  public CallRecord scope(String summary) {
    this.scope = summary;
    return this;
  }

  /** Marks the call as authorized; a call never marked is audited as denied. */
  public CallRecord allow() {
    this.allowed = true;
    return this;
  }

  /** Takes back an authorization: a later check refused the call (e.g. an unproven forwarding). */
  public CallRecord deny() {
    this.allowed = false;
    return this;
  }

  /** Where the residency router sent the call; LOCAL until it decides otherwise. */
  public CallRecord routing(AuditEvent.Routing decision) {
    this.routing = decision;
    return this;
  }

  /** Replaces the transport peer, e.g. with the verified entry region of a forwarded call. */
  public CallRecord peer(String description) {
    this.peer = description;
    return this;
  }

  /**
   * Notes that the tenant's home region records this unary call and answers only once its event
   * there is durable (the call is forwarded to it): if the call ends OK, this region's own event is
   * a second witness, written behind the answer; any other ending is recorded before it, as usual.
   */
  public CallRecord recordedAtHome() {
    this.recordedAtHome = true;
    return this;
  }

  boolean isRecordedAtHome() {
    return recordedAtHome;
  }

  public AuditEvent.Routing routing() {
    return routing;
  }

  public String method() {
    return method;
  }

  public String peer() {
    return peer;
  }

  public String traceId() {
    return traceId;
  }

  public String actor() {
    return actor;
  }

  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId).filter(t -> !t.isEmpty());
  }

  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  public String scope() {
    return scope;
  }

  public boolean allowed() {
    return allowed;
  }
}
