package dev.jaga.server.tenant;

import dev.jaga.server.db.ChangeListener;
import dev.jaga.server.db.RegionDatabase;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The region's tenant rows as last read, so that the calls naming a tenant (nearly all of them)
 * do not each read its row again. A row is forgotten when PostgreSQL announces that it changed
 * ({@code V18__tenants_notify.sql}), whichever node changed it, and everything is forgotten (and
 * nothing served from memory) while the announcements cannot be heard.
 *
 * <p>A read that raced with a change is not kept: each change moves an epoch on, and a row read
 * under an older epoch is returned to its caller but not remembered. That a tenant is not hosted
 * here is remembered too (the entry region of a forwarded call asks on every call): its creation
 * is announced like any change, and this node forgets at once what it creates itself. Paths that
 * act on a tenant's status (exports, erasure, deletion) read it fresh with {@link
 * TenantRepository#find}; this serves look-ups (GetTenant, routing), where a change is seen once
 * it is announced.
 */
@Singleton
public final class TenantCache implements ChangeListener.Handler, PurgeStep, AutoCloseable {
  static final String CHANNEL = "jaga_tenants";
  static final int MAX_ENTRIES = 10_000;

  private final TenantRepository repository;
  private final ChangeListener listener;
  private final Map<String, Optional<HostedTenant>> rows = new ConcurrentHashMap<>();
  private volatile boolean listening;
  private volatile long epoch;

  @Inject
  TenantCache(TenantRepository repository, RegionDatabase database) {
    this.repository = repository;
    this.listener = new ChangeListener(database, CHANNEL, this);
  }

  /** Starts listening; until then (and if never), every look-up reads the database. */
  public void start() {
    listener.start();
  }

  @Override
  public void close() {
    listener.close();
  }

  /** The tenant's row (empty: not hosted here), from memory if it is known to be current. */
  public Optional<HostedTenant> find(String tenantId) {
    if (listening) {
      Optional<HostedTenant> known = rows.get(tenantId);
      if (known != null) {
        return known;
      }
    }
    long seen = epoch;
    Optional<HostedTenant> read = repository.find(tenantId);
    remember(tenantId, read, seen);
    return read;
  }

  /** For this node's own writes, so that its next look-up sees them without waiting. */
  public synchronized void forget(String tenantId) {
    epoch++;
    rows.remove(tenantId);
  }

  /** A purge on this node: its own next look-up must say PURGED. */
  @Override
  public void purged(String tenantId) {
    forget(tenantId);
  }

  @Override
  public void changed(String tenantId) {
    if (tenantId.isEmpty()) {
      forgetAll();
    } else {
      forget(tenantId);
    }
  }

  @Override
  public synchronized void listening(boolean listening) {
    // Forget first: whatever was kept may have missed a change, and so may reads still running.
    forgetAll();
    this.listening = listening;
  }

  private synchronized void remember(String tenantId, Optional<HostedTenant> row, long seen) {
    if (!listening || epoch != seen) {
      return;
    }
    if (rows.size() >= MAX_ENTRIES) {
      rows.clear();
    }
    rows.put(tenantId, row);
  }

  boolean isListening() {
    return listening;
  }

  boolean holds(String tenantId) {
    return rows.containsKey(tenantId);
  }

  private synchronized void forgetAll() {
    epoch++;
    rows.clear();
  }
}
