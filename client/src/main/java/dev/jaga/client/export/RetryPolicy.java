package dev.jaga.client.export;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.jaga.api.v1.ErrorReason;
import dev.jaga.client.ErrorDetails;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Optional;

/**
 * When an export stream resumes by itself after a failure, and how long it waits first.
 *
 * <p>Transient: {@code UNAVAILABLE} and {@code DEADLINE_EXCEEDED} (the connection or the node went
 * away, or a call hit its time cap; the next call may well succeed); {@code RESOURCE_EXHAUSTED}
 * only when it carries a {@code RetryInfo}, since that is the server's rate limit saying when to
 * come back, while one without it is a local limit such as an oversized message that would repeat
 * the same way; and {@code INTERNAL} only when it carries Jaga's {@code INTERNAL_ERROR} reason,
 * because the server's error mapper reports a dropped database connection or a failover that way,
 * resuming is a read from a token with no side effect, and a bug that fails at the same place every
 * time still uses up the attempts, which only progress replenishes. Everything else is final:
 * authentication, authorization, a missing tenant, an invalid request or a refused precondition
 * will answer the same to the same request, and a code we do not understand is surfaced rather than
 * hidden behind retries.
 *
 * @param maxAttempts calls in a row that may fail without delivering a chunk before giving up (1:
 *     never retry)
 * @param initialBackoff the wait before the first retry, doubled for each further failure in a row
 * @param maxBackoff the longest wait of the doubling (a server's RetryInfo may ask for longer)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /** Eight attempts in a row, waiting from a quarter of a second up to thirty seconds. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(8, Duration.ofMillis(250), Duration.ofSeconds(30));
  }

  /** A policy that never retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /**
   * How long to wait before attempt {@code failures + 1}, or empty to give up.
   *
   * @param failures calls that failed in a row, this one included (1 for the first)
   * @param random a number in [0, 1) for jitter, so many clients cut off together do not return
   *     together
   */
  Optional<Duration> delayAfter(int failures, StatusRuntimeException e, double random) {
    if (failures >= maxAttempts || !isTransient(e)) {
      return Optional.empty();
    }
    Duration doubled = initialBackoff.multipliedBy(1L << Math.min(failures - 1, 30));
    Duration base =
        doubled.compareTo(maxBackoff) > 0 || doubled.isNegative() ? maxBackoff : doubled;
    Duration jittered =
        base.dividedBy(2).plus(Duration.ofNanos((long) (base.toNanos() / 2.0 * random)));
    Duration asked = retryInfoDelay(e).orElse(Duration.ZERO);
    return Optional.of(asked.compareTo(jittered) > 0 ? asked : jittered);
  }

  /** Whether a failure is worth resuming after (see the class comment for why). */
  public static boolean isTransient(StatusRuntimeException e) {
    return switch (e.getStatus().getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED -> true;
      case RESOURCE_EXHAUSTED -> retryInfoDelay(e).isPresent();
      case INTERNAL -> ErrorDetails.of(e).reason().equals(ErrorReason.INTERNAL_ERROR.name());
      default -> false;
    };
  }

  /** The delay a {@code google.rpc.RetryInfo} in the status asks for, if there is one. */
  static Optional<Duration> retryInfoDelay(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
          return Optional.of(
              Duration.ofSeconds(Math.max(0, d.getSeconds()), Math.max(0, d.getNanos())));
        } catch (InvalidProtocolBufferException ignored) {
          // An unreadable RetryInfo is treated as absent: the throttling is then not known to be
          // temporary.
        }
      }
    }
    return Optional.empty();
  }
}
