package dev.jaga.server.app;

/**
 * Start-up choices that are not part of the region configuration.
 *
 * @param seedDemo whether to create the demo application schema and seed the demo tenants homed
 *     in this region (dev and tests; never in production, where the application owns its schema)
 * @param demoRows rows of the largest demo table per tenant
 */
public record NodeOptions(boolean seedDemo, int demoRows) {
  public static final int DEFAULT_DEMO_ROWS = 2_000;

  public static NodeOptions production() {
    return new NodeOptions(false, 0);
  }

  public static NodeOptions demo(int rows) {
    return new NodeOptions(true, rows);
  }
}
