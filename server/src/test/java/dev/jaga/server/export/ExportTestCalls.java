package dev.jaga.server.export;

import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.server.auth.AuthenticationInterceptor;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;

/** Small helpers the stream-export tests share: requests, stubs with a token, whole streams. */
final class ExportTestCalls {
  static final String TENANT = "acme-id";

  private ExportTestCalls() {}

  static StreamExportRequest request(Scope scope, String token) {
    return StreamExportRequest.newBuilder()
        .setTenantId(TENANT).setScope(scope).setResumeToken(token).setPreferredChunkBytes(16 * 1024).build();
  }

  static Metadata bearer(String token) {
    Metadata headers = new Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
    return headers;
  }

  static ExportServiceGrpc.ExportServiceBlockingStub blocking(Channel channel, String token) {
    return ExportServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)));
  }

  static ExportServiceGrpc.ExportServiceStub async(Channel channel, String token) {
    return ExportServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)));
  }

  static List<ExportChunk> readAll(Channel channel, String token, StreamExportRequest request) {
    List<ExportChunk> out = new ArrayList<>();
    blocking(channel, token).streamExport(request).forEachRemaining(out::add);
    return out;
  }
}
