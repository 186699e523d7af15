package dev.jaga.server.tenant;

import dev.jaga.server.grpc.Violations;
import java.util.regex.Pattern;

/** The format of tenant ids: stable, human-readable slugs such as {@code acme-id}. */
public final class TenantIds {
  public static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");

  public static final String EXPECTED =
      "a tenant id is 3 to 63 lower-case letters, digits and '-', starting with a letter and"
          + " not ending with '-' (e.g. acme-id)";

  private TenantIds() {}

  /** Records a violation of {@code field} if it is not a tenant id. */
  public static Violations check(Violations violations, String field, String value) {
    return violations.matches(field, value, SLUG, EXPECTED);
  }

  /** Validates a request's tenant id field on its own, throwing INVALID_ARGUMENT if bad. */
  public static String require(String value) {
    check(new Violations(), "tenant_id", value).throwIfAny();
    return value;
  }
}
