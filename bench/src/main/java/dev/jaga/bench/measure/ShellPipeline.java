package dev.jaga.bench.measure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The archive's baseline: what a person would type instead of calling Jaga,
 * {@code psql -c "COPY ..." | gzip -1 | gpg --symmetric}, run by bash with real gzip and gpg, and
 * timed from start to the encrypted file on disk. Where psql is not installed, this JVM runs the
 * COPY (pgjdbc) and feeds {@code gzip -1 | gpg} the same bytes psql would.
 */
public final class ShellPipeline {
  /**
   * One run: rows in, encrypted bytes out, how long, and the CPU seconds of the shell's processes
   * (bash, psql, gzip, gpg; negative where unknown, as for the archive half).
   */
  public record Run(long rows, long encryptedBytes, long nanos, double shellCpuSeconds) {
    public Run(long rows, long encryptedBytes, long nanos) {
      this(rows, encryptedBytes, nanos, -1);
    }

    public double seconds() {
      return nanos / 1e9;
    }

    public double rowsPerSecond() {
      return rows / seconds();
    }
  }

  private final DataSource owner;
  private final String jdbcUrl;
  private final String copySql;
  private final Path work;
  private final boolean psql;

  public ShellPipeline(DataSource owner, String jdbcUrl, String copySql, Path work) {
    this.owner = owner;
    this.jdbcUrl = jdbcUrl;
    this.copySql = copySql;
    this.work = work;
    this.psql = onPath("psql");
  }

  /** Whether the COPY runs in psql, as a person would (else in pgjdbc, feeding the same pipe). */
  public boolean usesPsql() {
    return psql;
  }

  /** The command line, as run (the passphrase is read from a file, never on the command line). */
  public String command(Path out) {
    String gpg = "gpg --batch --yes --quiet --pinentry-mode loopback --passphrase-file "
        + work.resolve("passphrase") + " --symmetric --cipher-algo AES256 --compress-algo none -o " + out;
    String copy = psql ? "psql -X -q -v ON_ERROR_STOP=1 '" + jdbcUrl.substring("jdbc:".length()) + "' -c \""
        + copySql + "\" | " : "";
    return copy + "gzip -1 | " + gpg;
  }

  public Run run() throws IOException, InterruptedException, SQLException {
    Files.createDirectories(work);
    Files.writeString(work.resolve("passphrase"), "bench-" + System.nanoTime() + "\n");
    Path out = work.resolve("contacts.jsonl.gz.gpg");
    Files.deleteIfExists(out);
    double cpuBefore = reapedChildrenCpuSeconds();
    long started = System.nanoTime();
    Process shell = new ProcessBuilder("bash", "-o", "pipefail", "-c", command(out))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    long rows = psql ? -1 : feed(shell);
    if (psql) {
      shell.getOutputStream().close();
    }
    if (!shell.waitFor(30, TimeUnit.MINUTES) || shell.exitValue() != 0) {
      throw new IllegalStateException("the shell pipeline failed: " + command(out));
    }
    long nanos = System.nanoTime() - started;
    double cpuAfter = reapedChildrenCpuSeconds();
    double shellCpu = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
    if (rows < 0) {
      rows = decryptedLines(out);
    }
    return new Run(rows, Files.size(out), nanos, shellCpu);
  }

  /** Lines of the decrypted, decompressed output: proof that the pipeline carried every row. */
  public long decryptedLines(Path out) throws IOException, InterruptedException {
    Process check = new ProcessBuilder("bash", "-o", "pipefail", "-c",
        "gpg --batch --quiet --pinentry-mode loopback --passphrase-file " + work.resolve("passphrase")
            + " -d " + out + " | gzip -dc | wc -l")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String lines = new String(check.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    if (check.waitFor() != 0) {
      throw new IllegalStateException("could not decrypt the pipeline's output " + out);
    }
    return Long.parseLong(lines);
  }

  private long feed(Process shell) throws IOException, SQLException {
    long rows = 0;
    try (Connection c = owner.getConnection(); OutputStream pipe = shell.getOutputStream()) {
      CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        pipe.write(row);
        rows++;
      }
    }
    return rows;
  }

  /**
   * CPU seconds of this JVM's children that have ended and been waited for: bash, once it ends,
   * adds those of psql, gzip and gpg, which it waited for (Linux {@code /proc/self/stat} cutime and
   * cstime, in USER_HZ = 100 ticks a second); negative where /proc cannot tell.
   */
  static double reapedChildrenCpuSeconds() {
    try {
      String line = Files.readString(Path.of("/proc/self/stat"));
      String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && List.of(path.split(":")).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
