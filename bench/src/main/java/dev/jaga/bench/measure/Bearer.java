package dev.jaga.bench.measure;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** A bearer token sent as the {@code authorization} header, as any Jaga client sends it. */
public final class Bearer extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Metadata headers = new Metadata();

  private Bearer(String token) {
    headers.put(AUTHORIZATION, "Bearer " + token);
  }

  public static Bearer of(String token) {
    return new Bearer(token);
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    applier.apply(headers);
  }
}
