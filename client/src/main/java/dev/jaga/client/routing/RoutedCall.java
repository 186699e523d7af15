package dev.jaga.client.routing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;

/**
 * One unary or server-streaming call, started on a region only once its request (and so its
 * tenant) is known, and started again on the home region when the first answer is WRONG_REGION
 * before any response arrived. The caller sees one call: one set of headers, its messages, one close.
 */
final class RoutedCall<Q, R> extends ClientCall<Q, R> {
  private static final int MAX_REDIRECTS = 2;

  private final RoutingChannel channel;
  private final MethodDescriptor<Q, R> method;
  private final CallOptions options;
  // Calls are bound to the caller's context (cancellation, deadline), also when started again.
  private final Context context = Context.current();

  private Listener<R> listener;
  private Metadata headers;
  private Q request;
  private Optional<String> tenant = Optional.empty();
  private ClientCall<Q, R> current;
  private int requested;
  private int redirects;
  private boolean cancelled;

  RoutedCall(RoutingChannel channel, MethodDescriptor<Q, R> method, CallOptions options) {
    this.channel = channel;
    this.method = method;
    this.options = options;
  }

  @Override
  public synchronized void start(Listener<R> listener, Metadata headers) {
    this.listener = listener;
    this.headers = new Metadata();
    this.headers.merge(headers);
  }

  @Override
  public synchronized void request(int n) {
    requested += n;
    if (current != null) {
      current.request(n);
    }
  }

  @Override
  public synchronized void sendMessage(Q message) {
    request = message;
    tenant = RoutingChannel.tenantOf(message);
  }

  @Override
  public synchronized void halfClose() {
    if (cancelled) {
      return;
    }
    attempt(tenant.flatMap(t -> channel.placements().of(t)).map(Placements.Placement::endpoint));
  }

  @Override
  public synchronized void cancel(String message, Throwable cause) {
    if (cancelled) {
      return;
    }
    cancelled = true;
    if (current != null) {
      current.cancel(message, cause);
    } else if (listener != null) {
      listener.onClose(Status.CANCELLED.withDescription(message).withCause(cause), new Metadata());
    }
  }

  @Override
  public synchronized boolean isReady() {
    return current != null && current.isReady();
  }

  private void attempt(Optional<String> endpoint) {
    Metadata attemptHeaders = new Metadata();
    attemptHeaders.merge(headers);
    ClientCall<Q, R> call;
    Context previous = context.attach();
    try {
      call = channel.channelFor(endpoint).newCall(method, options);
    } finally {
      context.detach(previous);
    }
    current = call;
    Listener<R> attemptListener = new AttemptListener(call);
    context.run(() -> {
      call.start(attemptListener, attemptHeaders);
      if (requested > 0) {
        call.request(requested);
      }
      if (request != null) {
        call.sendMessage(request);
      }
      call.halfClose();
    });
  }

  /** Delivers one attempt's answers, or starts the next attempt on a redirect. */
  private final class AttemptListener extends Listener<R> {
    private final ClientCall<Q, R> call;
    private Metadata pendingHeaders;
    private boolean received;

    AttemptListener(ClientCall<Q, R> call) {
      this.call = call;
    }

    @Override
    public void onHeaders(Metadata h) {
      // Held back until a message arrives: a redirected attempt must not leave headers behind.
      pendingHeaders = h;
    }

    @Override
    public void onMessage(R message) {
      if (!received) {
        received = true;
        listener.onHeaders(pendingHeaders != null ? pendingHeaders : new Metadata());
      }
      listener.onMessage(message);
    }

    @Override
    public void onReady() {
      listener.onReady();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      synchronized (RoutedCall.this) {
        Optional<String> home = received ? Optional.empty() : redirectTarget(status, trailers);
        if (home.isPresent() && !cancelled && current == call && redirects < MAX_REDIRECTS) {
          redirects++;
          attempt(home);
          return;
        }
      }
      if (!received && pendingHeaders != null) {
        listener.onHeaders(pendingHeaders);
      }
      listener.onClose(status, trailers);
    }
  }

  /** The home endpoint a WRONG_REGION answer names, remembered for the tenant. */
  private Optional<String> redirectTarget(Status status, Metadata trailers) {
    if (status.getCode() != Status.Code.FAILED_PRECONDITION || tenant.isEmpty()) {
      return Optional.empty();
    }
    com.google.rpc.Status rich = StatusProto.fromStatusAndTrailers(status, trailers);
    if (rich == null) {
      return Optional.empty();
    }
    for (Any detail : rich.getDetailsList()) {
      try {
        if (detail.is(ErrorInfo.class)) {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          String endpoint = info.getMetadataOrDefault("endpoint", "");
          String region = info.getMetadataOrDefault("home_region", "");
          if (info.getReason().equals("WRONG_REGION") && !endpoint.isEmpty()
              && info.getMetadataOrDefault("tenant_id", "").equals(tenant.get())) {
            channel.placements().remember(
                new Placements.Placement(tenant.get(), region, endpoint, java.util.List.of()));
            return Optional.of(endpoint);
          }
        }
      } catch (InvalidProtocolBufferException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
