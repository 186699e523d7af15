package dev.jaga.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The typed content of residency.yaml: presets, the default preset, and per-tenant choices. */
public record Residency(String defaultPreset, Map<String, Preset> presets, Map<String, TenantResidency> tenants) {

  public Residency {
    presets = Collections.unmodifiableMap(new LinkedHashMap<>(presets));
    tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
  }

  /** The preset in force for a tenant; tenants not listed in residency.yaml get the default preset. */
  public String presetOf(String tenantId) {
    TenantResidency tenant = tenants.get(tenantId);
    return tenant == null ? defaultPreset : tenant.preset();
  }

  /** Every class's rule for a tenant: its preset's rules with the tenant's overrides applied. */
  public Map<DataClass, ClassRule> rulesFor(String tenantId) {
    Preset preset = presets.get(presetOf(tenantId));
    if (preset == null) {
      throw new IllegalStateException("preset '" + presetOf(tenantId) + "' is not declared");
    }
    Map<DataClass, ClassRule> rules = new EnumMap<>(preset.rules());
    TenantResidency tenant = tenants.get(tenantId);
    if (tenant != null) {
      rules.putAll(tenant.overrides());
    }
    return Collections.unmodifiableMap(rules);
  }
}
