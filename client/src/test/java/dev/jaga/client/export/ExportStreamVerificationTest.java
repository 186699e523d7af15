package dev.jaga.client.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.jaga.api.v1.EntityTotal;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.RecordBatch;
import dev.jaga.client.JagaClient;
import dev.jaga.client.export.ExportVerificationException.Check;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each of the receiver's checks against a server that breaks exactly that property; each test names
 * the check it expects, so it fails if that check is removed even when a later one would still
 * catch the damage.
 */
@Timeout(20) // a missing check must fail its test, not leave it waiting on a stalled server
final class ExportStreamVerificationTest {
  private final FakeExportService service = FakeExportService.standard();
  private final List<Long> delivered = new ArrayList<>();
  private FakeExportServer server;
  private JagaClient client;

  @BeforeEach
  void start() {
    server = FakeExportServer.inProcess(service);
    client = server.client();
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    server.close();
  }

  /** Reads the tampered export to its end and returns why it failed. */
  private ExportVerificationException failure(Function<ExportChunk, List<ExportChunk>> tamper) {
    service.tamper(tamper);
    try (ExportStream stream =
        ExportStream.open(client, ExportStreamTest.REQUEST, RetryPolicy.none())) {
      ExportVerificationException e =
          catchThrowableOfType(
              ExportVerificationException.class,
              () -> stream.forEachRemaining(b -> delivered.add(stream.progress().batches())));
      assertThat(stream.isComplete()).isFalse();
      assertThat(stream.summary()).isEmpty();
      return e;
    }
  }

  private static Function<ExportChunk, List<ExportChunk>> at(
      long sequence, UnaryOperator<ExportChunk> change) {
    return c -> List.of(c.getSequence() == sequence ? change.apply(c) : c);
  }

  private static ExportChunk withRecords(ExportChunk c, UnaryOperator<RecordBatch.Builder> change) {
    return c.toBuilder().setRecords(change.apply(c.getRecords().toBuilder())).build();
  }

  @Test
  void hasNext_recordsAlteredButHashKept_failsBatchSha256BeforeDeliveringThem() {
    ExportVerificationException e =
        failure(at(3, c -> withRecords(c, b -> b.setJsonl(flipFirstDigit(b.getJsonl())))));

    assertThat(e.check()).isEqualTo(Check.BATCH_SHA256);
    assertThat(e).hasMessageContaining("chunk 3");
    assertThat(delivered).containsExactly(1L, 2L);
  }

  @Test
  void hasNext_recordCountNotTheNumberOfLines_failsRecordCount() {
    ExportVerificationException e =
        failure(at(4, c -> withRecords(c, b -> b.setRecordCount(b.getRecordCount() + 1))));

    assertThat(e.check()).isEqualTo(Check.RECORD_COUNT);
    assertThat(delivered).containsExactly(1L, 2L, 3L);
  }

  @Test
  void hasNext_lastLineNotTerminated_failsRecordCount() {
    ExportVerificationException e =
        failure(
            at(
                2,
                c ->
                    withRecords(
                        c,
                        b -> {
                          // The count of '\n' and the hash still agree; only the missing
                          // terminator is wrong, and it would make the next line run into it.
                          String text = b.getJsonl().toStringUtf8();
                          ByteString jsonl =
                              ByteString.copyFromUtf8(text.substring(0, text.length() - 1));
                          return b.setJsonl(jsonl)
                              .setRecordCount(b.getRecordCount() - 1)
                              .setSha256(sha256(jsonl));
                        })));

    assertThat(e.check()).isEqualTo(Check.RECORD_COUNT);
  }

  @Test
  void hasNext_chunkMissing_failsSequenceAsAGap() {
    ExportVerificationException e = failure(c -> c.getSequence() == 5 ? List.of() : List.of(c));

    assertThat(e.check()).isEqualTo(Check.SEQUENCE);
    assertThat(e).hasMessageContaining("expected chunk 5 but received chunk 6");
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void hasNext_chunkSentTwice_failsSequenceAsADuplicate() {
    ExportVerificationException e = failure(c -> c.getSequence() == 5 ? List.of(c, c) : List.of(c));

    assertThat(e.check()).isEqualTo(Check.SEQUENCE);
    assertThat(e).hasMessageContaining("duplicate");
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void hasNext_summaryDigestWrong_failsStreamDigest() {
    ExportVerificationException e =
        failure(
            c ->
                List.of(
                    c.hasSummary()
                        ? c.toBuilder()
                            .setSummary(
                                c.getSummary().toBuilder()
                                    .setStreamSha256(ByteString.copyFrom(new byte[32])))
                            .build()
                        : c));

    assertThat(e.check()).isEqualTo(Check.STREAM_DIGEST);
    assertThat(delivered).hasSize(9);
  }

  @Test
  void hasNext_summaryTotalsWrong_failsTotals() {
    ExportVerificationException e =
        failure(
            c -> {
              if (!c.hasSummary()) {
                return List.of(c);
              }
              EntityTotal invoices = c.getSummary().getTotals(1);
              return List.of(
                  c.toBuilder()
                      .setSummary(
                          c.getSummary().toBuilder()
                              .setTotals(
                                  1, invoices.toBuilder().setRecords(invoices.getRecords() + 1)))
                      .build());
            });

    assertThat(e.check()).isEqualTo(Check.TOTALS);
    assertThat(e).hasMessageContaining("invoices");
  }

  @Test
  void hasNext_streamEndsWithoutSummary_failsIncomplete() {
    ExportVerificationException e = failure(c -> c.hasSummary() ? List.of() : List.of(c));

    assertThat(e.check()).isEqualTo(Check.INCOMPLETE);
    assertThat(delivered).hasSize(9);
  }

  @Test
  void hasNext_afterAFailedCheck_hasCancelledTheCall() throws InterruptedException {
    service.stallAfter(4);
    ExportVerificationException e =
        failure(at(2, c -> withRecords(c, b -> b.setJsonl(flipFirstDigit(b.getJsonl())))));

    assertThat(e.check()).isEqualTo(Check.BATCH_SHA256);
    assertThat(service.awaitCancelled(Duration.ofSeconds(5))).isTrue();
  }

  private static ByteString flipFirstDigit(ByteString jsonl) {
    byte[] bytes = jsonl.toByteArray();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] >= '0' && bytes[i] <= '8') {
        bytes[i]++;
        break;
      }
    }
    return ByteString.copyFrom(bytes);
  }

  private static ByteString sha256(ByteString bytes) {
    try {
      return ByteString.copyFrom(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
