package dev.jaga.server.residency;

import dev.jaga.config.DataClass;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.config.ResidencyMap;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.audit.AuditEvent.Routing;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The routing rule of the design (§2): a call on tenant T touching classes C arriving in region N,
 * with T homed in H, is served LOCAL if N = H; FORWARDed to H if N is in the intersection over C
 * of the regions each class allows for T; else REDIRECTed to H.
 */
@Singleton
public final class ResidencyRouter {
  private final RegionConfig config;
  private final ResidencyMap residency;
  private final String self;

  @Inject
  public ResidencyRouter(RegionConfig config, @ThisRegion Region self) {
    this.config = config;
    this.residency = config.residencyMap();
    this.self = self.id();
  }

  /** The decision for a call arriving here. */
  public Routing decide(String tenantId, String homeRegion, Set<DataClass> classes) {
    if (homeRegion.equals(self)) {
      return Routing.LOCAL;
    }
    return allowed(tenantId, homeRegion, classes).contains(self) ? Routing.FORWARD : Routing.REDIRECT;
  }

  /** Where every one of {@code classes} of the tenant may be processed; all regions for none. */
  public SortedSet<String> allowed(String tenantId, String homeRegion, Set<DataClass> classes) {
    SortedSet<String> allowed = new TreeSet<>(config.regions().byId().keySet());
    for (DataClass c : classes) {
      allowed.retainAll(residency.allowedRegions(tenantId, homeRegion, c));
    }
    return allowed;
  }
}
