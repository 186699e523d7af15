package dev.jaga.server.exportjob;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jaga.client.ErrorDetails;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The error a call fails with, as a client reads it. */
final class Failures {
  private Failures() {}

  static ErrorDetails of(ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    if (e == null) {
      throw new AssertionError("the call succeeded; it should have been refused");
    }
    return ErrorDetails.of(e);
  }
}
