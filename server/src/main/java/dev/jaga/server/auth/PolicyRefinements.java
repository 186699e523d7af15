package dev.jaga.server.auth;

import java.util.Map;
import javax.inject.Inject;

/**
 * Request-dependent policies contributed by features: what an export needs depends on its scope
 * (a data subject's copy needs subject:export, sensitive entities need more and a fresh sign-in).
 * A refinement that would make a call concern no tenant is ignored: the declared policy stands.
 */
public final class PolicyRefinements {
  /** What a particular request of a method needs. */
  public interface Refinement {
    MethodPolicy refine(Object request, MethodPolicy declared);
  }

  private final Map<String, Refinement> byMethod;

  @Inject
  public PolicyRefinements(Map<String, Refinement> byMethod) {
    this.byMethod = Map.copyOf(byMethod);
  }

  MethodPolicy refine(String method, Object request, MethodPolicy declared) {
    Refinement refinement = byMethod.get(method);
    if (refinement == null) {
      return declared;
    }
    MethodPolicy refined = refinement.refine(request, declared);
    return refined.tenantScoped() ? refined : declared;
  }
}
