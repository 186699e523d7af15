package dev.jaga.bench.pairs;

import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.GetTenantRequest;
import dev.jaga.api.v1.ListExportsRequest;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.bench.BenchContext;
import dev.jaga.bench.measure.Bearer;
import dev.jaga.bench.measure.UnaryLoad;
import io.grpc.Channel;
import java.util.List;

/** A call pair 4 can time both sent to the home region and sent through the entry region. */
record Candidate(String label, UnaryLoad.Call direct, UnaryLoad.Call forwarded) {
  /**
   * In order of preference: a listing of export jobs carries no tenant data, so routing forwards it
   * from any region; a tenant record touches every class, so only a tenant whose residency lets all
   * of them transit the entry region would be forwarded (and the first call is not served by every
   * build).
   */
  static List<Candidate> all(BenchContext bench, String home, String entry) {
    Bearer acme = Bearer.of(bench.ownerToken());
    ListExportsRequest list = ListExportsRequest.newBuilder().setTenantId(BenchContext.TENANT).setPageSize(10).build();
    Bearer sinar = Bearer.of(bench.cluster().token("hendra.wijaya@sinarjaya.co.id", "sinar-id", "owner"));
    GetTenantRequest get = GetTenantRequest.newBuilder().setTenantId("sinar-id").build();
    Channel h = bench.cluster().channel(home);
    Channel e = bench.cluster().channel(entry);
    return List.of(
        new Candidate("`ExportService.ListExports(" + BenchContext.TENANT + ")`",
            () -> ExportServiceGrpc.newBlockingStub(h).withCallCredentials(acme).listExports(list),
            () -> ExportServiceGrpc.newBlockingStub(e).withCallCredentials(acme).listExports(list)),
        new Candidate("`TenantService.GetTenant(sinar-id)`",
            () -> TenantServiceGrpc.newBlockingStub(h).withCallCredentials(sinar).getTenant(get),
            () -> TenantServiceGrpc.newBlockingStub(e).withCallCredentials(sinar).getTenant(get)));
  }
}
