package dev.jaga.server.app;

import dev.jaga.config.Access;
import dev.jaga.config.DatabaseSettings;
import dev.jaga.config.GrpcSettings;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.config.Regions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The real configuration re-pointed at throw-away places — free loopback ports, data under one
 * scratch directory, one issuer key — so tests and the benchmark run beside a dev cluster without
 * touching it.
 */
public final class ScratchConfig {
  private ScratchConfig() {}

  /** Every region on a free port and under {@code dataRoot/<id>}; every issuer trusts {@code issuerKeyFile} only. */
  public static RegionConfig of(RegionConfig real, Path dataRoot, Path issuerKeyFile) {
    Access a = real.access();
    Map<String, Access.Issuer> issuers = new LinkedHashMap<>();
    a.issuers().forEach((iss, i) ->
        issuers.put(iss, new Access.Issuer(i.issuer(), i.audience(), i.algorithm(), issuerKeyFile)));
    Access access = new Access(
        issuers, a.freshAuthentication(), a.clockSkew(), a.roles(), a.services(), a.rateLimits(), a.tls());
    Map<String, Region> regions = new LinkedHashMap<>();
    real.regions().byId().forEach((id, r) -> regions.put(id, region(r, dataRoot.resolve(id), freePort())));
    return new RegionConfig(
        real.dir(), new Regions(real.regions().mode(), regions), real.residency(), real.catalog(), access,
        real.erasure(), real.exports());
  }

  /** The region listening on {@code port} with its database, archives and keys under {@code dir}. */
  public static Region region(Region r, Path dir, int port) {
    return new Region(
        r.id(),
        r.country(),
        r.groups(),
        r.active(),
        new GrpcSettings("127.0.0.1", port, "127.0.0.1:" + port),
        new DatabaseSettings.Embedded(dir.resolve("pg")),
        dir.resolve("archives"),
        dir.resolve("keys"));
  }

  /** A new directory under {@code java.io.tmpdir} (the project's var/tmp when run by its tools). */
  public static Path newDataRoot(String prefix) {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      return Files.createDirectories(tmp.resolve(prefix + "-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
