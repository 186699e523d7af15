package dev.jaga.client.export;

import dev.jaga.client.JagaClient;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server around a {@link FakeExportService}, in-process for the library's tests or on a
 * loopback port for the command line's, recording the authorization header of every call.
 */
public final class FakeExportServer implements AutoCloseable {
  public static final String TOKEN = "t0ken";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;
  private final String name;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  private FakeExportServer(ServerBuilder<?> builder, FakeExportService service, String name) {
    this.name = name;
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
            return next.startCall(call, headers);
          }
        };
    try {
      this.server =
          builder.addService(ServerInterceptors.intercept(service, recorder)).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FakeExportServer inProcess(FakeExportService service) {
    String name = InProcessServerBuilder.generateName();
    return new FakeExportServer(InProcessServerBuilder.forName(name), service, name);
  }

  /** Over real Netty on a free loopback port, for the command line, which dials an endpoint. */
  public static FakeExportServer onLoopback(FakeExportService service) {
    return new FakeExportServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), service, null);
  }

  /** A client of the in-process server, holding {@link #TOKEN}. */
  public JagaClient client() {
    return JagaClient.over(InProcessChannelBuilder.forName(name).build(), Optional.of(TOKEN));
  }

  /** The in-process server's name, which an in-process channel dials. */
  public String inProcessName() {
    return name;
  }

  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The authorization header of each call, "null" where there was none. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
