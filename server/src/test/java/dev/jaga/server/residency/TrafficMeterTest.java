package dev.jaga.server.residency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.config.DataClass;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.residency.TrafficMeter.Direction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The byte counts are readable by tests and exported as OpenTelemetry counters. */
class TrafficMeterTest {
  @Test
  void record_countsEveryClassOfTheMessage_andExportsTheCounter() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    OpenTelemetrySdk telemetry =
        OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
    TrafficMeter meter = new TrafficMeter(telemetry, TestClusters.realConfig().regions().require("sg-sin"));

    meter.record(Direction.RECEIVED_FROM_PEER, "sinar-id", Set.of(DataClass.CONTENT, DataClass.PERSONAL), 100);
    meter.record(Direction.RECEIVED_FROM_PEER, "sinar-id", Set.of(DataClass.CONTENT), 20);

    assertThat(meter.bytes(Direction.RECEIVED_FROM_PEER, "sinar-id", DataClass.CONTENT)).isEqualTo(120);
    assertThat(meter.bytes(Direction.RECEIVED_FROM_PEER, "sinar-id", DataClass.PERSONAL)).isEqualTo(100);
    assertThat(meter.bytes(Direction.SENT, "sinar-id", DataClass.CONTENT)).isZero();
    assertThat(meter.bytes(Direction.RECEIVED_FROM_PEER, "acme-id", DataClass.CONTENT)).isZero();

    List<MetricData> metrics = List.copyOf(reader.collectAllMetrics());
    MetricData bytes = metrics.stream().filter(m -> m.getName().equals("jaga.residency.bytes")).findFirst().orElseThrow();
    LongPointData content = bytes.getLongSumData().getPoints().stream()
        .filter(p -> "content".equals(p.getAttributes().get(AttributeKey.stringKey("jaga.data_class"))))
        .findFirst().orElseThrow();
    assertThat(content.getValue()).isEqualTo(120);
    assertThat(content.getAttributes().get(AttributeKey.stringKey("jaga.region"))).isEqualTo("sg-sin");
    assertThat(content.getAttributes().get(AttributeKey.stringKey("jaga.tenant"))).isEqualTo("sinar-id");
    assertThat(content.getAttributes().get(AttributeKey.stringKey("jaga.direction"))).isEqualTo("RECEIVED_FROM_PEER");
  }
}
