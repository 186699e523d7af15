package dev.jaga.bench;

import dev.jaga.bench.measure.CpuMeter;
import dev.jaga.bench.node.NodeHandle;
import java.util.Locale;

/**
 * What every pair measures with: the running cluster, the size of the run, and the bench's
 * progress log (on stderr, so the report on stdout stays clean).
 */
public final class BenchContext {
  /** The home region of the demo tenants measured, and the tenant, entity and person used. */
  public static final String HOME = "id-jkt";
  public static final String TENANT = "acme-id";
  public static final String OWNER = "budi.santoso@acme.co.id";
  public static final String ENTITY = "contacts";
  public static final String TABLE = "app.contacts";
  public static final long MIB = 1024 * 1024;

  private final Cluster cluster;
  private final boolean quick;
  private final int rows;
  private final long tenantRows;

  BenchContext(Cluster cluster, boolean quick, int rows, long tenantRows) {
    this.cluster = cluster;
    this.quick = quick;
    this.rows = rows;
    this.tenantRows = tenantRows;
  }

  public Cluster cluster() {
    return cluster;
  }

  /** The home node, id-jkt, which holds the tenant every pair measures. */
  public NodeHandle home() throws InterruptedException {
    return cluster.node(HOME);
  }

  public boolean quick() {
    return quick;
  }

  /** What {@code --rows} asked for: rows of the largest demo table in each demo tenant. */
  public int rows() {
    return rows;
  }

  /** Rows of app.contacts in the measured tenant, counted after seeding. */
  public long tenantRows() {
    return tenantRows;
  }

  /** CPU of this JVM, the home node's and its PostgreSQL's. */
  public CpuMeter cpu() throws InterruptedException {
    return CpuMeter.of(home().pid(), home().ready().pgData());
  }

  /** A token of the demo tenant's owner, freshly signed in. */
  public String ownerToken() {
    return cluster.token(OWNER, TENANT, "owner");
  }

  public static void progress(String format, Object... args) {
    System.err.println("bench: " + String.format(Locale.ROOT, format, args));
  }
}
