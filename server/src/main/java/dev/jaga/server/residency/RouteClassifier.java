package dev.jaga.server.residency;

import dev.jaga.config.DataClass;
import java.util.Set;

/**
 * How one RPC declares what it touches: the tenant and data classes of a request, and the classes
 * in each response message (for byte counting). Features contribute one per method with
 * {@code @Binds @IntoMap @StringKey("jaga.v1.Service/Method")}; see {@link RouteClassifiers} for
 * the defaults of methods that contribute none.
 */
public interface RouteClassifier {
  /**
   * What this request touches; may throw a {@code JagaException} (INVALID_ARGUMENT) for a request
   * that cannot be classified.
   */
  Touch classify(Object request);

  /** The data classes one response message holds; by default everything the request touches. */
  default Set<DataClass> contentOf(Touch touch, Object response) {
    return touch.classes();
  }
}
