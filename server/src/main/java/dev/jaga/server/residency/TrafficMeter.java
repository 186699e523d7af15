package dev.jaga.server.residency;

import dev.jaga.config.DataClass;
import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Bytes of tenant data this node sent to its callers and received from peers, per tenant and data
 * class: a message counts toward every class it holds. The proof that data of a home-only class
 * never passes through another region, readable by tests and exported as the OpenTelemetry counter
 * {@code jaga.residency.bytes} (attributes: region, direction, tenant, data_class).
 */
@Singleton
public final class TrafficMeter {
  /** Which way the bytes went, seen from this node. */
  public enum Direction {
    /** To whoever called this node: a client, or a peer that forwarded the call. */
    SENT,
    /** From a peer this node forwarded a call to. */
    RECEIVED_FROM_PEER
  }

  private record Key(Direction direction, String tenantId, DataClass dataClass) {}

  private static final AttributeKey<String> REGION = AttributeKey.stringKey("jaga.region");
  private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("jaga.direction");
  private static final AttributeKey<String> TENANT = AttributeKey.stringKey("jaga.tenant");
  private static final AttributeKey<String> CLASS = AttributeKey.stringKey("jaga.data_class");

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongCounter counter;
  private final String region;

  @Inject
  TrafficMeter(OpenTelemetry telemetry, @ThisRegion Region region) {
    this.counter =
        telemetry.getMeter("dev.jaga.server")
            .counterBuilder("jaga.residency.bytes")
            .setUnit("By")
            .setDescription("Bytes of tenant data sent or received by this node, per tenant and data class")
            .build();
    this.region = region.id();
  }

  void record(Direction direction, String tenantId, Set<DataClass> classes, long bytes) {
    for (DataClass c : classes) {
      counts.computeIfAbsent(new Key(direction, tenantId, c), k -> new LongAdder()).add(bytes);
      counter.add(bytes, Attributes.of(REGION, region, DIRECTION, direction.name(), TENANT, tenantId, CLASS, c.id()));
    }
  }

  /** Bytes counted so far for one tenant and class in one direction. */
  public long bytes(Direction direction, String tenantId, DataClass dataClass) {
    LongAdder n = counts.get(new Key(direction, tenantId, dataClass));
    return n == null ? 0 : n.sum();
  }
}
