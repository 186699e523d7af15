package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.config.DataClass;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.auth.AuthenticationInterceptor;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generic proxy on its own, between in-process servers: a home region streaming without end
 * (as fast as it is let), an entry node that forwards every call, and a caller.
 */
class ForwardingProxyTest {
  private static final byte[] KEY = new byte[32];

  private final RegionConfig config = TestClusters.realConfig();
  private final Region home = config.regions().require("id-jkt");
  private final CountDownLatch homeCancelled = new CountDownLatch(1);
  private final AtomicReference<Metadata> homeHeaders = new AtomicReference<>();
  private final AtomicReference<Deadline> homeDeadline = new AtomicReference<>();
  private final AtomicLong homeSent = new AtomicLong();
  private Server homeServer;
  private Server entryServer;
  private ManagedChannel toHome;
  private ManagedChannel toEntry;

  @BeforeEach
  void start() throws Exception {
    String homeName = InProcessServerBuilder.generateName();
    ServerInterceptor recordHeaders = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h, ServerCallHandler<Q, R> next) {
        homeHeaders.set(h);
        return next.startCall(call, h);
      }
    };
    homeServer = InProcessServerBuilder.forName(homeName)
        .addService(ServerInterceptors.intercept(new EndlessExport(), recordHeaders)).build().start();
    toHome = InProcessChannelBuilder.forName(homeName).build();
    ForwardingProxy proxy = new ForwardingProxy(
        r -> toHome, new PeerBreakers(), new PeerKey(KEY),
        new TrafficMeter(OpenTelemetry.noop(), config.regions().require("sg-sin")), Clock.systemUTC(),
        config.regions().require("sg-sin"));
    Touch touch = Touch.tenant("sinar-id", Set.of(DataClass.CONTENT));
    String entryName = InProcessServerBuilder.generateName();
    ServerInterceptor forwardAll = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h, ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> proxied = proxy.start(call, h, home, touch, request -> touch, "203.0.113.7:4242");
        call.request(1);
        return proxied;
      }
    };
    entryServer = InProcessServerBuilder.forName(entryName)
        .addService(ServerInterceptors.intercept(new ExportServiceGrpc.ExportServiceImplBase() {}, forwardAll))
        .build().start();
    toEntry = InProcessChannelBuilder.forName(entryName).build();
  }

  @AfterEach
  void stop() {
    toEntry.shutdownNow();
    toHome.shutdownNow();
    entryServer.shutdownNow();
    homeServer.shutdownNow();
  }

  @Test
  void forwardedStream_carriesIdentityAndDeadline_andIsCancelledAtHomeWhenTheCallerLeaves() throws Exception {
    Metadata bearer = new Metadata();
    bearer.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer caller-token");
    Deadline deadline = Deadline.after(5, TimeUnit.MINUTES);
    Context.CancellableContext call = Context.current().withCancellation();
    Context previous = call.attach();
    try {
      Iterator<ExportChunk> chunks = ExportServiceGrpc.newBlockingStub(toEntry)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
          .withDeadline(deadline)
          .streamExport(StreamExportRequest.newBuilder().setTenantId("sinar-id").build());
      for (int i = 0; i < 3; i++) {
        assertThat(chunks.next().getRecords().getRecordCount()).isEqualTo(1);
      }
    } finally {
      call.detach(previous);
      call.cancel(null);
    }
    // Generous bound: the cancel is an event to wait for, not a speed to measure.
    assertThat(homeCancelled.await(30, TimeUnit.SECONDS)).as("the home region saw the cancellation").isTrue();
    // The home region only sent what the caller's pace let through, not an endless stream.
    assertThat(homeSent.get()).isLessThan(1_000);
    Metadata seen = homeHeaders.get();
    assertThat(seen.get(AuthenticationInterceptor.AUTHORIZATION)).isEqualTo("Bearer caller-token");
    assertThat(new ForwardingHeader(KEY).verify(seen.get(ForwardingHeader.KEY), ExportServiceGrpc.getStreamExportMethod()
        .getFullMethodName(), "Bearer caller-token", Set.of("sg-sin"), Instant.now()))
        .hasValue(new ForwardingHeader.Forwarded("sg-sin", "203.0.113.7:4242"));
    assertThat(homeDeadline.get()).isNotNull();
    // The caller's deadline, as each hop passes on the time left (it never grows by minutes).
    assertThat(homeDeadline.get().timeRemaining(TimeUnit.SECONDS)).isLessThanOrEqualTo(5 * 60);
  }

  /** Streams one-record chunks for as long as the caller reads them, and notes its cancellation. */
  private final class EndlessExport extends ExportServiceGrpc.ExportServiceImplBase {
    @Override
    public void streamExport(StreamExportRequest request, StreamObserver<ExportChunk> observer) {
      homeDeadline.set(Context.current().getDeadline());
      ServerCallStreamObserver<ExportChunk> out = (ServerCallStreamObserver<ExportChunk>) observer;
      out.setOnCancelHandler(homeCancelled::countDown);
      out.setOnReadyHandler(() -> {
        while (out.isReady() && !out.isCancelled()) {
          long n = homeSent.incrementAndGet();
          out.onNext(ExportChunk.newBuilder().setSequence(n)
              .setRecords(RecordBatch.newBuilder().setEntity("teams").setRecordCount(1)
                  .setJsonl(ByteString.copyFromUtf8("{\"id\":" + n + "}\n")))
              .build());
        }
      });
    }
  }
}
