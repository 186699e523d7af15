package dev.jaga.bench.pairs;

import static dev.jaga.bench.BenchContext.progress;
import static dev.jaga.bench.Text.fmt;

import dev.jaga.bench.BenchContext;
import dev.jaga.bench.Pair;
import dev.jaga.bench.PairResult;
import dev.jaga.bench.Verdict;
import dev.jaga.bench.measure.CopyBaseline;
import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.measure.ShellPipeline;
import dev.jaga.server.app.ScratchConfig;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pair 2: the archive export (ZIP + OpenPGP, written to the archive store) against the pipeline a
 * person would write instead, {@code COPY ... | gzip -1 | gpg --symmetric}, over the same rows; the
 * pipeline's seconds ÷ the archive's are held to ≥ 1.2. The archive half is an {@link ArchiveRun}
 * ({@link CreateExportArchive}); while the node answers CreateExport with UNIMPLEMENTED, the pair
 * reports the baseline alone.
 */
public final class ArchivePair implements Pair {
  static final double TARGET = 1.2;

  /** The Jaga half: one archive export of the tenant's contacts, from the request to READY. */
  @FunctionalInterface
  public interface ArchiveRun {
    /** Runs one archive export of {@code entity} in {@code tenant}; returns its rows, bytes and time. */
    ShellPipeline.Run run(BenchContext bench, String tenant, String entity) throws Exception;
  }

  private final Optional<ArchiveRun> archive;

  /** The archive half through the public API: CreateExport, then GetExport until READY. */
  public static ArchiveRun createExport() {
    return new CreateExportArchive();
  }

  public ArchivePair(Optional<ArchiveRun> archive) {
    this.archive = archive;
  }

  @Override
  public int number() {
    return 2;
  }

  @Override
  public String title() {
    return "Archive export vs `COPY | gzip -1 | gpg --symmetric`";
  }

  @Override
  public PairResult run(BenchContext bench) throws Exception {
    int repetitions = bench.quick() ? 1 : 3;
    // Freshly seeded rows: without this, autovacuum (and the first reads setting hint bits) lands
    // in whichever run comes first, in PostgreSQL's CPU and on the same 2 cores.
    ScaleTenants.vacuum(bench);
    Path work = ScratchConfig.newDataRoot("bench-pipeline");
    try {
      ShellPipeline pipeline = new ShellPipeline(bench.cluster().owner(BenchContext.HOME),
          bench.home().ready().jdbcUrl(), CopyBaseline.sql(BenchContext.TENANT, BenchContext.TABLE), work);
      String refusal = archive.isEmpty() ? "no archive half is configured in Pairs" : null;
      // The first archive call doubles as the probe: UNIMPLEMENTED until the archive is merged.
      try {
        if (archive.isPresent()) {
          progress("pair 2 warm-up: archive  %s",
              describe(archive.get().run(bench, BenchContext.TENANT, BenchContext.ENTITY)));
        }
      } catch (StatusRuntimeException e) {
        refusal = "CreateExport answered " + e.getStatus().getCode()
            + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
        progress("pair 2: %s; the archive half is not measured", refusal);
      }
      if (!bench.quick()) {
        progress("pair 2 warm-up: pipeline %s", describe(pipeline.run()));
      }
      List<ShellPipeline.Run> pipes = new ArrayList<>();
      List<ShellPipeline.Run> archives = new ArrayList<>();
      CpuMeter meter = bench.cpu();
      Map<ShellPipeline.Run, CpuMeter.Sample> cpu = new IdentityHashMap<>();
      for (int i = 1; i <= repetitions; i++) {
        CpuMeter.Sample before = meter.sample();
        ShellPipeline.Run p = pipeline.run();
        cpu.put(p, meter.sample().minus(before));
        requireAll(p, bench.tenantRows(), "the pipeline");
        pipes.add(p);
        progress("pair 2 run %d/%d: pipeline %s", i, repetitions, describe(p));
        if (refusal == null) {
          before = meter.sample();
          ShellPipeline.Run a = archive.get().run(bench, BenchContext.TENANT, BenchContext.ENTITY);
          cpu.put(a, meter.sample().minus(before));
          requireAll(a, bench.tenantRows(), "the archive");
          archives.add(a);
          progress("pair 2 run %d/%d: archive  %s", i, repetitions, describe(a));
        }
      }
      ShellPipeline.Run pipe = median(pipes);
      long lines = pipeline.decryptedLines(work.resolve("contacts.jsonl.gz.gpg"));
      PairResult.Builder result = new PairResult.Builder(this)
          .figure("pipelineCommand", pipeline.command(Path.of("OUT")))
          .figure("pipelineRuns", pipes)
          .figure("pipeline", pipe)
          .figure("pipelineDecryptedLines", lines);
      List<List<String>> rows = new ArrayList<>();
      rows.add(row("the shell pipeline" + (pipeline.usesPsql() ? " (psql)" : " (COPY by pgjdbc)"), pipe, pipes, cpu));
      if (refusal == null) {
        ShellPipeline.Run a = median(archives);
        double ratio = pipe.seconds() / a.seconds();
        rows.add(row("`ExportService.CreateExport` (entities=[" + BenchContext.ENTITY + "]) until READY", a, archives,
            cpu));
        result.figure("archiveRuns", archives).figure("archive", a).figure("ratio", ratio)
            .verdict(Verdict.of("pipeline seconds ÷ archive seconds", ratio, "×", Verdict.Direction.AT_LEAST,
                TARGET, fmt("%.2f vs %.2f s", pipe.seconds(), a.seconds())));
      } else {
        rows.add(List.of("`ExportService.CreateExport` (entities=[" + BenchContext.ENTITY + "]) until READY",
            "not measured yet", "", "", "", ""));
        result.status(PairResult.Status.BASELINE_ONLY)
            .verdict(Verdict.notMeasured("pipeline seconds ÷ archive seconds", "×", Verdict.Direction.AT_LEAST,
                TARGET, refusal + ": the archive export is not on this branch yet"))
            .figure("archiveRefusal", refusal);
      }
      result.note("Both read the rows in the order the table gives them: the archive takes each entity whole"
          + " from one snapshot, so it has no use for key order (only a resumable stream has), and sorting a large"
          + " tenant before its first row would cost the database more than all the rest. The archive's JSON is the"
          + " catalog's projection (masked values, fewer bytes), and it also hashes every file for its manifest.");
      return result
          .table(fmt("%,d rows of `%s` in tenant `%s`; %s%d run%s; medians", bench.tenantRows(),
                  BenchContext.ENTITY, BenchContext.TENANT, bench.quick() ? "" : "1 warm-up then ", repetitions,
                  repetitions == 1 ? "" : "s"),
              List.of("path", "seconds", "rows/s", "encrypted MB", "CPU s: PostgreSQL / node / shell", "every run (s)"),
              rows)
          .note("The pipeline, as run: `" + pipeline.command(Path.of("OUT")) + "`. gpg's own compression is"
              + " off (`--compress-algo none`) because its input is already gzip: the fastest pipeline a careful"
              + " person would write, so the baseline is not handicapped.")
          .note(fmt("The last run's output decrypts and decompresses to %,d lines (one per row).", lines))
          .note("CPU seconds of the median run: PostgreSQL's processes (the COPY's backend and its parallel"
              + " workers), the node's JVM (the archive job: JSON, deflate, encryption), and the shell's processes"
              + " (bash, psql, gzip, gpg), from /proc. On 2 cores, a path's seconds cannot fall below half its CPU"
              + " seconds.")
          .build();
    } finally {
      ScratchConfig.deleteRecursively(work);
    }
  }

  private static void requireAll(ShellPipeline.Run run, long rows, String what) {
    if (run.rows() != rows) {
      throw new IllegalStateException(what + " carried " + run.rows() + " rows, the tenant has " + rows);
    }
  }

  private static ShellPipeline.Run median(List<ShellPipeline.Run> runs) {
    List<ShellPipeline.Run> sorted = runs.stream().sorted(Comparator.comparingLong(ShellPipeline.Run::nanos)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static String describe(ShellPipeline.Run r) {
    return fmt("%,d rows in %.2f s = %,.0f rows/s, %.1f MB encrypted", r.rows(), r.seconds(), r.rowsPerSecond(),
        r.encryptedBytes() / 1e6);
  }

  private static List<String> row(
      String label, ShellPipeline.Run r, List<ShellPipeline.Run> runs, Map<ShellPipeline.Run, CpuMeter.Sample> cpu) {
    CpuMeter.Sample c = cpu.getOrDefault(r, CpuMeter.Sample.UNKNOWN);
    String cpuText = c.postgresSeconds() < 0 ? "n/a" : fmt("%.2f / %.2f / %s", c.postgresSeconds(), c.serverSeconds(),
        r.shellCpuSeconds() < 0 ? "–" : fmt("%.2f", r.shellCpuSeconds()));
    return List.of(label, fmt("%.2f", r.seconds()), fmt("%,.0f", r.rowsPerSecond()),
        fmt("%.1f", r.encryptedBytes() / 1e6), cpuText,
        String.join(", ", runs.stream().map(x -> fmt("%.2f", x.seconds())).toList()));
  }
}
