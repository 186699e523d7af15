package dev.jaga.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The typed content of exports.yaml: when an archive export needs a second person's approval, the
 * quotas that keep a region's database load predictable, how long download tokens and archives
 * live, and how the durable job detects a node that died mid-job.
 */
public record ExportSettings(
    Approval approval, Quotas quotas, Download download, Duration archiveRetention, Job job) {

  /** The defaults each field of exports.yaml falls back to. */
  public static final ExportSettings DEFAULTS =
      new ExportSettings(
          new Approval(true, 1_000_000, 1L << 30, Set.of()),
          new Quotas(20, 5, 1),
          new Download(Duration.ofHours(24), 3),
          Duration.ofDays(7),
          new Job(Duration.ofSeconds(5), Duration.ofMinutes(1), 3, Duration.ofSeconds(2)));

  public ExportSettings {
    Objects.requireNonNull(approval, "approval");
    Objects.requireNonNull(quotas, "quotas");
    Objects.requireNonNull(download, "download");
    Objects.requireNonNull(archiveRetention, "archiveRetention");
    Objects.requireNonNull(job, "job");
  }

  /**
   * When an export waits for a second person.
   *
   * @param sensitiveClasses approval when the scope lets out a class whose residency export rule is
   *     {@code approval}
   * @param maxRows approval when the estimated rows exceed this
   * @param maxBytes approval when the estimated bytes exceed this
   * @param roles approval when the requester holds any of these roles on the tenant
   */
  public record Approval(boolean sensitiveClasses, long maxRows, long maxBytes, Set<String> roles) {
    public Approval {
      roles = Set.copyOf(roles);
    }
  }

  /** Exports requested per tenant and per person in any 24 hours, and jobs running per tenant at once. */
  public record Quotas(int perTenantPerDay, int perUserPerDay, int runningPerTenant) {}

  /** A download token's lifetime and how many downloads it allows. */
  public record Download(Duration tokenTtl, int maxDownloads) {}

  /**
   * The durable job.
   *
   * @param heartbeatInterval how often a running job proves its node is alive
   * @param staleAfter a running job whose last heartbeat is older is taken for dead and re-run
   * @param maxAttempts runs of one export at most; after that it is FAILED
   * @param pollInterval how often each node looks for queued work and expired archives
   */
  public record Job(Duration heartbeatInterval, Duration staleAfter, int maxAttempts, Duration pollInterval) {}
}
