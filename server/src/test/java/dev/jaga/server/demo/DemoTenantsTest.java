package dev.jaga.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.server.demo.DemoTenants.DemoPerson;
import dev.jaga.server.demo.DemoTenants.DemoTenant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoTenantsTest {
  @Test
  void homedIn_jakarta_givesTheTwoIndonesianTenants() {
    assertThat(DemoTenants.homedIn("id-jkt")).extracting(DemoTenant::id)
        .containsExactly("acme-id", "sinar-id");
    assertThat(DemoTenants.homedIn("sg-sin")).extracting(DemoTenant::id)
        .containsExactly("merlion-sg");
    assertThat(DemoTenants.homedIn("id-sby")).isEmpty();
  }

  @Test
  void people_agencyUser_holdsAgencyRoleOnTwoTenantsAndIsListedOnce() {
    assertThat(DemoTenants.people()).filteredOn(p -> p.email().equals("agus@kreatif-agency.id"))
        .singleElement()
        .extracting(DemoPerson::rolesByTenant)
        .isEqualTo(Map.of("acme-id", "agency", "sinar-id", "agency"));
  }

  @Test
  void all_everyTenant_hasExactlyOneOwnerAndOnlyKnownRoles() {
    for (DemoTenant tenant : DemoTenants.all()) {
      assertThat(tenant.people())
          .as(tenant.id())
          .allSatisfy(p -> assertThat(p.rolesByTenant()).containsKey(tenant.id()))
          .filteredOn(p -> p.rolesByTenant().get(tenant.id()).equals("owner"))
          .hasSize(1);
      assertThat(tenant.people())
          .extracting(p -> p.rolesByTenant().get(tenant.id()))
          .isSubsetOf("owner", "admin", "analyst", "support", "agency");
    }
  }

  @Test
  void people_everyPerson_belongsToTheTenantsTheirRolesName() {
    for (DemoPerson person : DemoTenants.people()) {
      for (String tenantId : person.rolesByTenant().keySet()) {
        assertThat(DemoTenants.all())
            .filteredOn(t -> t.id().equals(tenantId))
            .singleElement()
            .satisfies(t -> assertThat(t.people()).contains(person));
      }
    }
  }
}
