package dev.jaga.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.Scope;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportAction;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.DevCluster;
import dev.jaga.server.app.Node;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.app.TestIssuer;
import dev.jaga.server.auth.AuthenticationInterceptor;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** StreamExport of acme-id against its real database: complete, tenant-pure, resumable, released. */
class StreamExportEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme-id";

  private final DevCluster cluster = TestClusters.shared();
  private final TestIssuer issuer = TestClusters.sharedIssuer();
  private final Node jakarta = cluster.node("id-jkt");
  private final RegionConfig config = TestClusters.realConfig();
  private static ManagedChannel channel;

  @AfterAll
  static void closeChannel() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  @Test
  void wholeTenant_equalsTheDatabase_perEntity_andLeaksNothing() throws Exception {
    List<ExportChunk> chunks = readAll(owner(), request(Scope.getDefaultInstance(), ""));
    Map<String, List<JsonNode>> received = records(chunks);

    for (Entity entity : config.catalog().entities().values()) {
      Set<String> idsInDb = ids(entity, TENANT);
      List<JsonNode> rows = received.getOrDefault(entity.name(), List.of());
      assertThat(rows).as(entity.name()).hasSize(idsInDb.size());
      assertThat(new TreeSet<>(rows.stream().map(r -> r.path("id").asText()).toList()))
          .as(entity.name()).isEqualTo(idsInDb);
      for (JsonNode row : rows) {
        assertThat(row.path(entity.tenantKey()).asText()).as(entity.name()).isEqualTo(TENANT);
        for (ColumnRule column : entity.columns().values()) {
          if (column.export() instanceof ExportAction.Never) {
            assertThat(row.has(column.column())).as("%s.%s left the database", entity.name(), column.column()).isFalse();
          }
        }
      }
    }
    String everything = new String(concat(chunks), StandardCharsets.UTF_8);
    for (String secret : neverValues(TENANT)) {
      assertThat(everything).as("a never value").doesNotContain(secret);
    }
    assertThat(chunks.get(chunks.size() - 1).hasSummary()).isTrue();
    assertThat(chunks.get(0).hasSnapshot()).isTrue();
  }

  @Test
  void brokenStream_resumedWithItsToken_endsWithExactlyTheSameData() throws Exception {
    StreamExportRequest request = request(Scope.newBuilder().addEntities("contacts").addEntities("comments").build(), "");
    List<ExportChunk> unbroken = readAll(owner(), request);

    List<ExportChunk> first = new ArrayList<>();
    Context.CancellableContext call = Context.current().withCancellation();
    call.run(() -> {
      Iterator<ExportChunk> it = stub(owner()).streamExport(request);
      for (int i = 0; i < 3; i++) {
        first.add(it.next());
      }
    });
    call.cancel(null);
    String token = first.get(first.size() - 1).getResumeToken();
    List<ExportChunk> rest = readAll(owner(), request.toBuilder().setResumeToken(token).build());

    List<ExportChunk> resumed = new ArrayList<>(first);
    resumed.addAll(rest);
    assertThat(lines(resumed)).isEqualTo(lines(unbroken));
    assertThat(resumed.stream().map(ExportChunk::getSequence).toList())
        .isEqualTo(unbroken.stream().map(ExportChunk::getSequence).toList());
    assertThat(last(resumed).getSummary()).isEqualTo(last(unbroken).getSummary());
    // Cancelled explicitly, the old snapshot is being released; whether the resumption could still
    // import it is a race, but its first chunk says truthfully which it got.
    assertThat(rest.get(0).getSnapshot().getNewSnapshotAfterResume())
        .isNotEqualTo(rest.get(0).getSnapshot().getSameSnapshot());
  }

  @Test
  void cancelledStream_leavesNoTransactionOpenAfterOneSecond() throws Exception {
    StreamExportRequest request = request(Scope.newBuilder().addEntities("contacts").build(), "");
    Context.CancellableContext call = Context.current().withCancellation();
    call.run(() -> stub(owner()).streamExport(request).next());
    call.cancel(null);

    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    long open;
    do {
      open = openRuntimeTransactions();
    } while (open > 0 && System.nanoTime() < deadline);
    assertThat(open).as("idle-in-transaction sessions of jaga_runtime").isZero();
  }

  @Test
  void tokenOfAnotherScope_isRefused() {
    StreamExportRequest contacts = request(Scope.newBuilder().addEntities("contacts").build(), "");
    String token = readAll(owner(), contacts).get(0).getResumeToken();
    StreamExportRequest other = request(Scope.newBuilder().addEntities("invoices").build(), token);

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> readAll(owner(), other));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorDetails.of(e).violations().get(0).getField()).isEqualTo("resume_token");
  }

  @Test
  void sensitiveEntities_needTheirCapabilityAndAFreshSignIn() {
    StreamExportRequest users = request(Scope.newBuilder().addEntities("users").build(), "");
    String admin = issuer.token("siti@acme.test", TENANT, "admin");
    String staleOwner = issuer.token("budi@acme.test", Map.of(TENANT, List.of("owner")), Duration.ofHours(1));

    assertThat(ErrorDetails.of(catchThrowableOfType(StatusRuntimeException.class, () -> readAll(admin, users))).reason())
        .isEqualTo("PERMISSION_DENIED");
    assertThat(ErrorDetails.of(catchThrowableOfType(StatusRuntimeException.class, () -> readAll(staleOwner, users))).reason())
        .isEqualTo("REAUTH_REQUIRED");
    assertThat(readAll(admin, request(Scope.newBuilder().addEntities("comments").build(), ""))).isNotEmpty();
  }

  @Test
  void supportRole_mayExportOneSubjectButNotTheTenant() throws Exception {
    String support = issuer.token("rizky@acme.test", TENANT, "support");
    String subject = anyDocumentOwner();
    List<ExportChunk> chunks =
        readAll(support, request(Scope.newBuilder().setSubjectId(subject).addEntities("documents").build(), ""));
    assertThat(records(chunks).get("documents"))
        .isNotEmpty()
        .allSatisfy(row -> assertThat(row.path("owner_user_id").asText()).isEqualTo(subject));

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> readAll(support, request(Scope.newBuilder().addEntities("documents").build(), "")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  private String owner() {
    return issuer.token("budi@acme.test", TENANT, "owner");
  }

  private static StreamExportRequest request(Scope scope, String token) {
    return StreamExportRequest.newBuilder()
        .setTenantId(TENANT).setScope(scope).setResumeToken(token).setPreferredChunkBytes(16 * 1024).build();
  }

  private List<ExportChunk> readAll(String token, StreamExportRequest request) {
    List<ExportChunk> out = new ArrayList<>();
    stub(token).streamExport(request).forEachRemaining(out::add);
    return out;
  }

  private ExportServiceGrpc.ExportServiceBlockingStub stub(String token) {
    synchronized (StreamExportEndToEndTest.class) {
      if (channel == null) {
        channel = TestClusters.channel(jakarta.region());
      }
    }
    Metadata headers = new Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
    return ExportServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static Map<String, List<JsonNode>> records(List<ExportChunk> chunks) throws Exception {
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    for (ExportChunk chunk : chunks) {
      if (chunk.hasRecords()) {
        for (String line : chunk.getRecords().getJsonl().toStringUtf8().split("\n")) {
          out.computeIfAbsent(chunk.getRecords().getEntity(), e -> new ArrayList<>()).add(JSON.readTree(line));
        }
      }
    }
    return out;
  }

  private static List<String> lines(List<ExportChunk> chunks) {
    return chunks.stream().filter(ExportChunk::hasRecords)
        .flatMap(c -> List.of(c.getRecords().getJsonl().toStringUtf8().split("\n")).stream()).toList();
  }

  private static byte[] concat(List<ExportChunk> chunks) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    chunks.stream().filter(ExportChunk::hasRecords).forEach(c -> all.writeBytes(c.getRecords().getJsonl().toByteArray()));
    return all.toByteArray();
  }

  private static ExportChunk last(List<ExportChunk> chunks) {
    return chunks.get(chunks.size() - 1);
  }

  private DataSource owner(Node node) {
    return node.database().ownerDataSource().orElseThrow();
  }

  private Set<String> ids(Entity entity, String tenant) throws Exception {
    Set<String> ids = new TreeSet<>();
    try (Connection c = owner(jakarta).getConnection();
        PreparedStatement s = c.prepareStatement("select id::text from " + entity.qualifiedTable() + " where tenant_id = ?")) {
      s.setString(1, tenant);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /** Every non-empty value of a never-exported column of the tenant, at least 8 characters long. */
  private List<String> neverValues(String tenant) throws Exception {
    List<String> values = new ArrayList<>();
    for (Entity entity : config.catalog().entities().values()) {
      for (ColumnRule column : entity.columns().values()) {
        if (column.export() instanceof ExportAction.Never) {
          try (Connection c = owner(jakarta).getConnection();
              PreparedStatement s = c.prepareStatement("select \"" + column.column() + "\"::text from "
                  + entity.qualifiedTable() + " where tenant_id = ? and length(\"" + column.column() + "\"::text) >= 8 limit 50")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                values.add(rs.getString(1));
              }
            }
          }
        }
      }
    }
    assertThat(values).as("the test needs never-exported values to look for").isNotEmpty();
    return values;
  }

  private String anyDocumentOwner() throws Exception {
    try (Connection c = owner(jakarta).getConnection();
        PreparedStatement s = c.prepareStatement("select owner_user_id::text from app.documents where tenant_id = ? limit 1")) {
      s.setString(1, TENANT);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private long openRuntimeTransactions() throws Exception {
    try (Connection c = owner(jakarta).getConnection();
        ResultSet rs = c.createStatement().executeQuery(
            "select count(*) from pg_stat_activity where usename = 'jaga_runtime' and state like 'idle in transaction%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
