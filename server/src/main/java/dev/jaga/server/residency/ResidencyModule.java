package dev.jaga.server.residency;

import dagger.Module;
import dagger.multibindings.Multibinds;
import java.util.Map;

/**
 * Residency routing: features declare what their requests touch by contributing a
 * {@link RouteClassifier} per method; none must (see {@link RouteClassifiers} for the defaults).
 */
@Module
public interface ResidencyModule {
  @Multibinds
  Map<String, RouteClassifier> routeClassifiers();
}
