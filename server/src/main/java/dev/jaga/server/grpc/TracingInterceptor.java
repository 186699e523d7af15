package dev.jaga.server.grpc;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.UUID;
import javax.inject.Inject;

/**
 * A span per call and counters of calls, denials and rate-limit rejections (OpenTelemetry API;
 * the exporter is the deployment's choice). Also gives every call the trace id the audit records.
 */
public final class TracingInterceptor implements ServerInterceptor {
  private static final Context.Key<String> TRACE_ID = Context.key("jaga-trace-id");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");
  private static final AttributeKey<String> CODE = AttributeKey.stringKey("rpc.grpc.status_code");

  private final Tracer tracer;
  private final LongCounter calls;
  private final LongCounter denials;
  private final LongCounter rateLimited;

  @Inject
  public TracingInterceptor(OpenTelemetry telemetry) {
    this.tracer = telemetry.getTracer("dev.jaga.server");
    Meter meter = telemetry.getMeter("dev.jaga.server");
    this.calls = meter.counterBuilder("jaga.calls").setDescription("Calls, by method and status").build();
    this.denials =
        meter.counterBuilder("jaga.denials")
            .setDescription("Calls refused: unauthenticated, not permitted, not found for the caller")
            .build();
    this.rateLimited =
        meter.counterBuilder("jaga.rate_limited").setDescription("Calls refused by a rate limit").build();
  }

  /** The current call's trace id (the span's, or a random one when tracing is off). */
  public static String traceId() {
    String id = TRACE_ID.get();
    return id != null ? id : "";
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER).startSpan();
    String traceId =
        span.getSpanContext().isValid()
            ? span.getSpanContext().getTraceId()
            : UUID.randomUUID().toString().replace("-", "");
    ServerCall<Q, R> counted =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            Attributes attributes = Attributes.of(METHOD, method, CODE, status.getCode().name());
            calls.add(1, attributes);
            switch (status.getCode()) {
              case UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND -> denials.add(1, attributes);
              case RESOURCE_EXHAUSTED -> rateLimited.add(1, attributes);
              default -> { }
            }
            if (!status.isOk()) {
              span.setStatus(StatusCode.ERROR, status.getCode().name());
            }
            span.end();
            super.close(status, trailers);
          }
        };
    return Contexts.interceptCall(
        Context.current().withValue(TRACE_ID, traceId), counted, headers, next);
  }
}
