package dev.jaga.bench.pairs;

import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.ListExportsRequest;
import dev.jaga.bench.BenchContext;
import dev.jaga.bench.measure.Bearer;
import dev.jaga.bench.measure.UnaryLoad;
import io.grpc.Channel;
import java.util.List;

/** A call pair 4 can time both sent to the home region and sent through the entry region. */
record Candidate(String label, UnaryLoad.Call direct, UnaryLoad.Call forwarded) {
  /**
   * In order of preference: a listing of sinar-id's export jobs names people (personal data), which
   * sinar-id's residency (regional-primary: personal data anywhere in ASEAN) lets sg-sin forward;
   * then acme-id's, which a build that routes job listings as carrying no tenant data forwards too.
   */
  static List<Candidate> all(BenchContext bench, String home, String entry) {
    Bearer acme = Bearer.of(bench.ownerToken());
    ListExportsRequest acmeList = ListExportsRequest.newBuilder().setTenantId(BenchContext.TENANT).setPageSize(10).build();
    Bearer sinar = Bearer.of(bench.cluster().token("hendra.wijaya@sinarjaya.co.id", "sinar-id", "owner"));
    ListExportsRequest sinarList = ListExportsRequest.newBuilder().setTenantId("sinar-id").setPageSize(10).build();
    Channel h = bench.cluster().channel(home);
    Channel e = bench.cluster().channel(entry);
    return List.of(
        new Candidate("`ExportService.ListExports(sinar-id)`",
            () -> ExportServiceGrpc.newBlockingStub(h).withCallCredentials(sinar).listExports(sinarList),
            () -> ExportServiceGrpc.newBlockingStub(e).withCallCredentials(sinar).listExports(sinarList)),
        new Candidate("`ExportService.ListExports(" + BenchContext.TENANT + ")`",
            () -> ExportServiceGrpc.newBlockingStub(h).withCallCredentials(acme).listExports(acmeList),
            () -> ExportServiceGrpc.newBlockingStub(e).withCallCredentials(acme).listExports(acmeList)));
  }
}
