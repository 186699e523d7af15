package dev.jaga.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: a person acting through a service (from a verified JWT) or a service on its own
 * (from its client certificate), with the roles held on each tenant.
 *
 * @param authTime when the person last authenticated ({@code auth_time}), for freshness checks
 */
public record Principal(
    String subject, Kind kind, Map<String, Set<String>> rolesByTenant, Optional<Instant> authTime) {

  /** How the principal proved who it is. */
  public enum Kind {
    PERSON,
    SERVICE
  }

  public Principal {
    rolesByTenant = Map.copyOf(rolesByTenant);
  }

  /** The roles held on a tenant; empty if the principal has nothing to do with it. */
  public Set<String> rolesOn(String tenantId) {
    return rolesByTenant.getOrDefault(tenantId, Set.of());
  }

  /** For the audit log: {@code person:budi@acme.co.id} or {@code service:crm}. */
  public String actor() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + subject;
  }

  static Map<String, Set<String>> copyRoles(Map<String, List<String>> raw) {
    Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
    raw.forEach((tenant, roles) -> out.put(tenant, Set.copyOf(roles)));
    return out;
  }
}
