package dev.jaga.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pair measured: tables for people (rendered into the Markdown report), figures for tools
 * (written to the JSON report), the verdicts against its targets, and notes that say how to read
 * them.
 */
public record PairResult(
    int number,
    String title,
    Status status,
    List<Table> tables,
    Map<String, Object> figures,
    List<Verdict> verdicts,
    List<String> notes) {

  /** Both halves, only the baseline (the Jaga half is not on this branch yet), or an error. */
  public enum Status { MEASURED, BASELINE_ONLY, FAILED }

  /** A table of figures as text, one row per path measured. */
  public record Table(String caption, List<String> header, List<List<String>> rows) {}

  /** The result of a pair that threw: the report still comes out, with the error in it. */
  public static PairResult failed(Pair pair, Exception e) {
    return new PairResult(pair.number(), pair.title(), Status.FAILED, List.of(), Map.of("error", String.valueOf(e)),
        List.of(), List.of("The pair failed: " + e + ". The node logs are beside this report."));
  }

  /** Collects a result piece by piece. */
  public static final class Builder {
    private final Pair pair;
    private Status status = Status.MEASURED;
    private final List<Table> tables = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Builder(Pair pair) {
      this.pair = pair;
    }

    public Builder status(Status s) {
      status = s;
      return this;
    }

    public Builder table(String caption, List<String> header, List<List<String>> rows) {
      tables.add(new Table(caption, header, rows));
      return this;
    }

    public Builder figure(String name, Object value) {
      figures.put(name, value);
      return this;
    }

    public Builder verdict(Verdict v) {
      verdicts.add(v);
      return this;
    }

    public Builder note(String n) {
      notes.add(n);
      return this;
    }

    public PairResult build() {
      return new PairResult(pair.number(), pair.title(), status, List.copyOf(tables), figures,
          List.copyOf(verdicts), List.copyOf(notes));
    }
  }
}
