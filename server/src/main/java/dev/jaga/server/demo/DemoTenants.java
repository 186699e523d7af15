package dev.jaga.server.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four demo tenants of {@code ./jaga dev} and the named people who hold Jaga roles on them. */
public final class DemoTenants {
  /** A demo tenant: its slug, the display name typed to confirm exports, its home region, people. */
  public record DemoTenant(String id, String displayName, String homeRegion, List<DemoPerson> people) {
    public DemoTenant {
      people = List.copyOf(people);
    }
  }

  /** A named person and the Jaga role they hold on each tenant they belong to. */
  public record DemoPerson(String email, String name, Map<String, String> rolesByTenant) {
    public DemoPerson {
      rolesByTenant = Map.copyOf(rolesByTenant);
    }
  }

  // One agency works for two Indonesian clients, so tokens that name the wrong tenant can be tried.
  private static final DemoPerson AGUS =
      new DemoPerson(
          "agus@kreatif-agency.id",
          "Agus Setiawan",
          Map.of("acme-id", "agency", "sinar-id", "agency"));

  private static final List<DemoTenant> ALL =
      List.of(
          new DemoTenant(
              "acme-id",
              "PT Acme Indonesia",
              "id-jkt",
              List.of(
                  person("budi.santoso@acme.co.id", "Budi Santoso", "acme-id", "owner"),
                  person("siti.rahayu@acme.co.id", "Siti Rahayu", "acme-id", "admin"),
                  person("dewi.lestari@acme.co.id", "Dewi Lestari", "acme-id", "analyst"),
                  person("rizky.pratama@acme.co.id", "Rizky Pratama", "acme-id", "support"),
                  AGUS)),
          new DemoTenant(
              "sinar-id",
              "CV Sinar Jaya",
              "id-jkt",
              List.of(
                  person("hendra.wijaya@sinarjaya.co.id", "Hendra Wijaya", "sinar-id", "owner"),
                  person("putri.anggraini@sinarjaya.co.id", "Putri Anggraini", "sinar-id", "admin"),
                  person("fajar.nugroho@sinarjaya.co.id", "Fajar Nugroho", "sinar-id", "support"),
                  AGUS)),
          new DemoTenant(
              "merlion-sg",
              "Merlion Pte Ltd",
              "sg-sin",
              List.of(
                  person("weiling.tan@merlion.com.sg", "Tan Wei Ling", "merlion-sg", "owner"),
                  person("rajesh.kumar@merlion.com.sg", "Rajesh Kumar", "merlion-sg", "admin"),
                  person("nurul.huda@merlion.com.sg", "Nurul Huda", "merlion-sg", "analyst"))),
          new DemoTenant(
              "fjord-eu",
              "Fjord Analytics GmbH",
              "eu-fra",
              List.of(
                  person("ingrid.hansen@fjord-analytics.eu", "Ingrid Hansen", "fjord-eu", "owner"),
                  person("lukas.weber@fjord-analytics.eu", "Lukas Weber", "fjord-eu", "admin"),
                  person("sofia.rossi@fjord-analytics.eu", "Sofia Rossi", "fjord-eu", "analyst"),
                  person("jan.kowalski@fjord-analytics.eu", "Jan Kowalski", "fjord-eu", "support"))));

  private DemoTenants() {}

  public static List<DemoTenant> all() {
    return ALL;
  }

  /** The demo tenants whose home is {@code regionId}: the ones that region's node seeds. */
  public static List<DemoTenant> homedIn(String regionId) {
    return ALL.stream().filter(t -> t.homeRegion().equals(regionId)).toList();
  }

  /** Every named person once, in the order they first appear, though some belong to two tenants. */
  public static List<DemoPerson> people() {
    Map<String, DemoPerson> byEmail = new LinkedHashMap<>();
    ALL.forEach(t -> t.people().forEach(p -> byEmail.putIfAbsent(p.email(), p)));
    return List.copyOf(byEmail.values());
  }

  private static DemoPerson person(String email, String name, String tenantId, String role) {
    return new DemoPerson(email, name, Map.of(tenantId, role));
  }
}
