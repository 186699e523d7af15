package dev.jaga.server.db;

import static dev.jaga.server.db.SeededDatabase.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many threads share a small pool and alternate tenants, and some transactions fail midway: no
 * tenant setting may survive its transaction into the next borrower's work on the same connection.
 */
class PooledTenantScopeTest {
  private static final int THREADS = 6;
  private static final int TRANSACTIONS_PER_THREAD = 600;

  private static SeededDatabase db;
  private static HikariDataSource pool;

  /** Thrown by work on purpose, after the tenant is set and rows were read. */
  private static final class PlannedFailure extends RuntimeException {
    PlannedFailure() {
      super("planned", null, false, false);
    }
  }

  @BeforeAll
  static void start() {
    db = SeededDatabase.start();
    // Fewer connections than threads, so every connection passes between threads and tenants.
    pool = db.runtimePool(3);
  }

  @AfterAll
  static void stop() {
    pool.close();
    db.close();
  }

  @Test
  void inTenant_manyThreadsAlternatingTenantsSomeFailing_noTenantBleedsThroughThePool()
      throws Exception {
    DSLContext runtime = DSL.using(pool, SQLDialect.POSTGRES);
    TenantScope scope = new TenantScope(runtime);
    List<String> tables = db.appTables();
    Queue<String> bleeds = new ConcurrentLinkedQueue<>();
    AtomicInteger committed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger unscoped = new AtomicInteger();

    ExecutorService workers = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      running.add(
          workers.submit(
              () -> {
                Random random = new Random(thread);
                for (int i = 0; i < TRANSACTIONS_PER_THREAD; i++) {
                  String tenant = TENANTS.get((thread + i) % TENANTS.size());
                  String table = "app." + tables.get(random.nextInt(tables.size()));
                  switch (i % 5) {
                    case 0, 1 -> {
                      scope.runInTenant(tenant, tx -> expectOnly(tx, tenant, table, bleeds));
                      committed.incrementAndGet();
                    }
                    case 2 -> {
                      try {
                        scope.runInTenant(
                            tenant,
                            tx -> {
                              expectOnly(tx, tenant, table, bleeds);
                              throw new PlannedFailure();
                            });
                      } catch (PlannedFailure expected) {
                        failed.incrementAndGet();
                      }
                    }
                    case 3 -> {
                      try {
                        scope.runInTenant(
                            tenant,
                            tx -> {
                              expectOnly(tx, tenant, table, bleeds);
                              tx.fetch("select 1 / 0");
                            });
                      } catch (DataAccessException expected) {
                        failed.incrementAndGet();
                      }
                    }
                    default -> {
                      // No scope at all: whatever the connection did before, it must see nothing.
                      List<String> seen =
                          runtime.fetch("select distinct tenant_id from " + table).getValues(0, String.class);
                      if (!seen.isEmpty()) {
                        bleeds.add("unscoped query on " + table + " saw " + seen);
                      }
                      unscoped.incrementAndGet();
                    }
                  }
                }
                return null;
              }));
    }
    workers.shutdown();
    assertThat(workers.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    for (Future<?> worker : running) {
      worker.get();
    }

    assertThat(bleeds).isEmpty();
    assertThat(committed.get() + failed.get() + unscoped.get())
        .isEqualTo(THREADS * TRANSACTIONS_PER_THREAD);
    assertThat(failed.get()).isGreaterThan(THREADS * TRANSACTIONS_PER_THREAD / 3);
    assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(3);
  }

  /** An unfiltered query in the scope must see exactly the scoped tenant, never another or none. */
  private static void expectOnly(DSLContext tx, String tenant, String table, Queue<String> bleeds) {
    List<String> seen = tx.fetch("select distinct tenant_id from " + table).getValues(0, String.class);
    if (!seen.equals(List.of(tenant))) {
      bleeds.add("in " + tenant + "'s scope " + table + " saw " + seen);
    }
  }
}
