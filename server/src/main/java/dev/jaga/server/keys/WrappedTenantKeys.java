package dev.jaga.server.keys;

import static dev.jaga.server.db.jooq.Tables.TENANT_KEYS;

import dev.jaga.server.db.TenantScope;
import dev.jaga.server.db.jooq.tables.records.TenantKeysRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;

/**
 * Tenant keys kept in {@code jaga.tenant_keys}, wrapped by the {@link RegionMasterKey}, read and
 * written only inside the tenant's {@link TenantScope} (row-level security on top of the filter).
 * Unwrapped keys are never cached, so a key destroyed on one node is gone for every node at once.
 *
 * <p>A sealed blob is {@code 1 || key id (16) || nonce (12) || ciphertext || tag (16)}, sealed with
 * AES-256-GCM under the tenant's key with the version, key id and tenant id as associated data.
 */
@Singleton
public final class WrappedTenantKeys implements TenantKeys {
  private static final byte VERSION = 1;
  private static final int KEY_ID_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TenantScope scope;
  private final RegionMasterKey master;

  @Inject
  public WrappedTenantKeys(TenantScope scope, RegionMasterKey master) {
    this.scope = scope;
    this.master = master;
  }

  @Override
  public byte[] seal(String tenantId, byte[] plaintext) {
    TenantKeysRecord row = scope.inTenant(tenantId, tx -> {
      // A purged tenant's key was destroyed for good: never make it a new one (crypto-shredding).
      if ("PURGED".equals(tx.fetchValue("select status from jaga.tenants where tenant_id = ?", tenantId))) {
        throw new IllegalStateException("tenant " + tenantId + " is purged; nothing is sealed for it any more");
      }
      return find(tx, tenantId).orElseGet(() -> create(tx, tenantId));
    });
    byte[] keyId = row.getKeyId();
    byte[] header = header(keyId);
    byte[] box = Gcm.seal(unwrap(tenantId, row), aad(header, tenantId), plaintext);
    return ByteBuffer.allocate(header.length + box.length).put(header).put(box).array();
  }

  @Override
  public byte[] open(String tenantId, byte[] sealed) throws KeyDestroyedException {
    requireSealed(sealed);
    return open(tenantId, sealed, scope.inTenant(tenantId, tx -> find(tx, tenantId)));
  }

  @Override
  public byte[] open(DSLContext tx, String tenantId, byte[] sealed) throws KeyDestroyedException {
    requireSealed(sealed);
    return open(tenantId, sealed, find(tx, tenantId));
  }

  private static void requireSealed(byte[] sealed) {
    if (sealed.length < 1 + KEY_ID_BYTES || sealed[0] != VERSION) {
      throw new SealedBlobException("not data sealed by a tenant key of this version");
    }
  }

  private byte[] open(String tenantId, byte[] sealed, Optional<TenantKeysRecord> row)
      throws KeyDestroyedException {
    byte[] header = Arrays.copyOf(sealed, 1 + KEY_ID_BYTES);
    byte[] keyId = Arrays.copyOfRange(header, 1, header.length);
    // Key ids are random: one that is not the tenant's current key was destroyed (or never was).
    if (row.isEmpty() || !Arrays.equals(row.get().getKeyId(), keyId)) {
      throw new KeyDestroyedException(tenantId);
    }
    byte[] box = Arrays.copyOfRange(sealed, header.length, sealed.length);
    return Gcm.open(unwrap(tenantId, row.get()), aad(header, tenantId), box, "the sealed data");
  }

  @Override
  public void destroy(String tenantId) {
    scope.runInTenant(tenantId, tx -> tx.deleteFrom(TENANT_KEYS).where(TENANT_KEYS.TENANT_ID.eq(tenantId)).execute());
  }

  private static Optional<TenantKeysRecord> find(DSLContext tx, String tenantId) {
    return tx.selectFrom(TENANT_KEYS).where(TENANT_KEYS.TENANT_ID.eq(tenantId)).fetchOptional();
  }

  /** A new key, unless another node created one first; then that one. */
  private TenantKeysRecord create(DSLContext tx, String tenantId) {
    byte[] keyId = new byte[KEY_ID_BYTES];
    byte[] key = new byte[32];
    RANDOM.nextBytes(keyId);
    RANDOM.nextBytes(key);
    byte[] wrapped = master.wrap(key, wrapAad(tenantId, keyId));
    Arrays.fill(key, (byte) 0);
    return tx.insertInto(TENANT_KEYS)
        .set(TENANT_KEYS.TENANT_ID, tenantId)
        .set(TENANT_KEYS.KEY_ID, keyId)
        .set(TENANT_KEYS.WRAPPED_KEY, wrapped)
        .set(TENANT_KEYS.MASTER_KEY_ID, master.keyId())
        .onConflictDoNothing()
        .returning()
        .fetchOptional()
        .orElseGet(() -> find(tx, tenantId).orElseThrow());
  }

  private SecretKeySpec unwrap(String tenantId, TenantKeysRecord row) {
    if (!master.keyId().equals(row.getMasterKeyId())) {
      throw new IllegalStateException(
          "the key of tenant " + tenantId + " was wrapped by master key " + row.getMasterKeyId()
              + ", but this node holds " + master.keyId() + "; restore the region's key_store");
    }
    byte[] key = master.unwrap(row.getWrappedKey(), wrapAad(tenantId, row.getKeyId()));
    try {
      return new SecretKeySpec(key, "AES");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] header(byte[] keyId) {
    return ByteBuffer.allocate(1 + KEY_ID_BYTES).put(VERSION).put(keyId).array();
  }

  /** Binds a sealed blob to its tenant and key: another tenant's blob never opens here. */
  private static byte[] aad(byte[] header, String tenantId) {
    byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(header.length + tenant.length).put(header).put(tenant).array();
  }

  /** Binds a wrapped key to its row: a wrapped key copied into another tenant's row never unwraps. */
  private static byte[] wrapAad(String tenantId, byte[] keyId) {
    byte[] tenant = ("jaga-tenant-key\0" + tenantId).getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(tenant.length + keyId.length).put(tenant).put(keyId).array();
  }
}
