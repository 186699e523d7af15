package dev.jaga.server.app;

import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.DirectoryServiceGrpc;
import dev.jaga.api.v1.ErasureServiceGrpc;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.TenantServiceGrpc;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.db.Migrations;
import dev.jaga.server.db.RegionDatabase;
import dev.jaga.server.demo.DemoBootstrap;
import dev.jaga.server.grpc.Transport;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the control plane for any request and the data plane of its region. Start-up
 * order matters: the database is migrated (and, in dev, seeded) before any call is accepted, and
 * health turns SERVING only once the node can answer.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  /** Health is reported for the whole server ("") and for each v1 service. */
  private static final List<String> HEALTH_NAMES =
      List.of(
          "",
          DirectoryServiceGrpc.SERVICE_NAME,
          TenantServiceGrpc.SERVICE_NAME,
          ExportServiceGrpc.SERVICE_NAME,
          ErasureServiceGrpc.SERVICE_NAME,
          AuditServiceGrpc.SERVICE_NAME);

  private final Region region;
  private final RegionDatabase database;
  private final NodeComponent component;

  private Node(Region region, RegionDatabase database, NodeComponent component) {
    this.region = region;
    this.database = database;
    this.component = component;
  }

  /**
   * Builds a node's object graph from what is decided before it exists. Production uses {@link
   * DaggerNodeComponent}; tests may build a component with more bindings.
   */
  public interface Graph {
    NodeComponent build(RegionConfig config, Region region, RegionDatabase database, Transport transport, Clock clock);
  }

  /** The production graph. */
  public static NodeComponent productionGraph(
      RegionConfig config, Region region, RegionDatabase database, Transport transport, Clock clock) {
    return DaggerNodeComponent.builder()
        .config(config)
        .region(region)
        .database(database)
        .transport(transport)
        .clock(clock)
        .build();
  }

  /** Opens the region's database, migrates it as its owner, builds the graph and starts serving. */
  public static Node start(
      RegionConfig config, Region region, NodeOptions options, Transport transport, Clock clock) {
    return start(config, region, options, transport, clock, Node::productionGraph);
  }

  /** As {@link #start(RegionConfig, Region, NodeOptions, Transport, Clock)}, with the graph {@code graph} builds. */
  public static Node start(
      RegionConfig config, Region region, NodeOptions options, Transport transport, Clock clock, Graph graph) {
    long started = System.nanoTime();
    if (options.seedDemo() && !RegionDatabase.hasOwner(region)) {
      throw new IllegalStateException(
          "region " + region.id() + ": seeding the demo needs the schema owner; add owner_user and"
              + " owner_password_env to database.jdbc in regions.yaml");
    }
    // Migrations and seeding run as the owner; the services get only the restricted runtime pool.
    RegionDatabase database =
        RegionDatabase.open(
            region,
            Path.of(System.getProperty("java.io.tmpdir")),
            owner -> {
              Migrations.migrateJaga(owner);
              if (options.seedDemo()) {
                DemoBootstrap.run(config, region, owner, options.demoRows(), clock);
              }
            });
    try {
      NodeComponent component = graph.build(config, region, database, transport, clock);
      // Before anything serves: a production node without its master key never starts.
      component.masterKey();
      component.tenantCache().start();
      try {
        component.server().start();
      } catch (RuntimeException e) {
        component.tenantCache().close();
        component.auditLog().close();
        throw e;
      }
      component.exportWorker().start();
      HEALTH_NAMES.forEach(name -> component.health().setStatus(name, ServingStatus.SERVING));
      component.erasureJobs().start();
      log.info(
          "region {} serving on {} in {} ms",
          region.id(),
          region.grpc().endpoint(),
          (System.nanoTime() - started) / 1_000_000);
      return new Node(region, database, component);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public Region region() {
    return region;
  }

  public String jdbcUrl() {
    return database.jdbcUrl();
  }

  public RegionDatabase database() {
    return database;
  }

  /** Bytes of tenant data this node sent and received, per tenant and data class. */
  public dev.jaga.server.residency.TrafficMeter traffic() {
    return component.traffic();
  }

  /** What the services query through, for tests that check which role that is. */
  DSLContext dsl() {
    return component.dsl();
  }

  /** The tenant rows this node keeps, for tests that change them behind its back. */
  public dev.jaga.server.tenant.TenantCache tenantCache() {
    return component.tenantCache();
  }

  /** This node's export worker, for tests that drive jobs by hand. */
  public dev.jaga.server.exportjob.ExportWorker exportWorker() {
    return component.exportWorker();
  }

  /** The region's tenant keys, for tests that prove what a purge destroys. */
  public dev.jaga.server.keys.TenantKeys tenantKeys() {
    return component.tenantKeys();
  }

  /** The tenant purge, for tests that run it at a chosen time instead of on its interval. */
  public dev.jaga.server.tenant.TenantPurge tenantPurge() {
    return component.tenantPurge();
  }

  /** This node's retention sweeper, for tests that expire archives by hand. */
  public dev.jaga.server.exportjob.RetentionSweeper retentionSweeper() {
    return component.retentionSweeper();
  }

  /**
   * Reports NOT_SERVING, drains calls in flight, then stops the database. Jobs running here are
   * abandoned as if the node died: another node takes them over once their heartbeat is stale.
   */
  @Override
  public void close() {
    component.health().enterTerminalState();
    component.exportWorker().close();
    component.server().close();
    component.erasureJobs().close();
    component.tenantCache().close();
    // After the drain, so the last calls' events are written; before the database goes.
    component.auditLog().close();
    component.peers().close();
    database.close();
    log.info("region {} stopped", region.id());
  }
}
