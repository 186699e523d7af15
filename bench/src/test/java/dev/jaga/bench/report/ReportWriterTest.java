package dev.jaga.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaga.bench.BenchContext;
import dev.jaga.bench.Pair;
import dev.jaga.bench.PairResult;
import dev.jaga.bench.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportWriterTest {
  @TempDir Path dir;

  @Test
  void write_measuredAndUnmeasuredPairs_allThreeFormatsAgree() throws Exception {
    BenchReport report = report(
        new PairResult.Builder(pair(1, "Stream & COPY"))
            .table("caption", List.of("path", "rows/s"), List.of(List.of("COPY", "100"), List.of("stream <x>", "90")))
            .verdict(Verdict.of("stream ÷ COPY <rows/s>", 0.9, "×", Verdict.Direction.AT_LEAST, 0.8, "90 vs 100"))
            .build(),
        new PairResult.Builder(pair(2, "Archive"))
            .status(PairResult.Status.BASELINE_ONLY)
            .verdict(Verdict.notMeasured("pipeline ÷ archive", "×", Verdict.Direction.AT_LEAST, 1.2, "UNIMPLEMENTED"))
            .build());

    String markdown = ReportWriter.write(report, dir, "latest");

    assertThat(markdown)
        .contains("| 1 | stream ÷ COPY <rows/s> | 0.90× | ≥ 0.80× | **PASS** |")
        .contains("| 2 | pipeline ÷ archive | not measured yet | ≥ 1.20× | **NOT MEASURED YET** |")
        .contains("## 2. Archive (baseline only: the Jaga half is not measured yet)")
        .contains("![Each claim against its target](latest.svg)");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("latest.json").toFile());
    assertThat(json.at("/pairs/0/verdicts/0/measured").asDouble()).isEqualTo(0.9);
    assertThat(json.at("/pairs/1/verdicts/0/measured").isNull()).isTrue();
    assertThat(json.at("/pairs/1/verdicts/0/outcome").asText()).isEqualTo("NOT_MEASURED");
    String svg = Files.readString(dir.resolve("latest.svg"));
    Document parsed = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(parsed.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(svg).contains("1 · stream ÷ COPY &lt;rows/s&gt;").contains("0.90×  (target ≥ 0.80×)  PASS")
        .contains("not measured yet  (target ≥ 1.20×)  NOT MEASURED");
  }

  @Test
  void write_failedPair_isReportedWithItsError() {
    Pair broken = pair(6, "Scaling");
    BenchReport report = report(PairResult.failed(broken, new IllegalStateException("seeding failed")));

    String markdown = ReportWriter.write(report, dir, "latest");

    assertThat(markdown).contains("| 6 | Scaling | failed | | **ERROR** | java.lang.IllegalStateException: seeding failed |");
  }

  private static BenchReport report(PairResult... pairs) {
    BenchReport.Machine machine = new BenchReport.Machine(2, 8L << 30, "Test CPU", "Linux", "JDK 17",
        "PostgreSQL 17", 1L << 30, "G1", "-Xmx1g", "1.00 1.00 1.00", "1.00 1.00 1.00", 0.5);
    return new BenchReport("2026-11-22T09:00:00Z", "0123456789abcdef0123456789abcdef01234567", "./jaga bench --quick",
        120, machine, List.of(pairs), List.of("a note"));
  }

  private static Pair pair(int number, String title) {
    return new Pair() {
      @Override
      public int number() {
        return number;
      }

      @Override
      public String title() {
        return title;
      }

      @Override
      public PairResult run(BenchContext bench) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
