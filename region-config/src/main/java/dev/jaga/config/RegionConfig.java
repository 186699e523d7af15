package dev.jaga.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated region configuration a node starts from: regions.yaml, residency.yaml, catalog.yaml, access.yaml,
 * erasure.yaml and exports.yaml together.
 */
public record RegionConfig(
    Path dir, Regions regions, Residency residency, Catalog catalog, Access access, ErasurePolicy erasure,
    ExportSettings exports) {

  /** A configuration with the default export settings (tests and tools that build one in code). */
  public RegionConfig(
      Path dir, Regions regions, Residency residency, Catalog catalog, Access access, ErasurePolicy erasure) {
    this(dir, regions, residency, catalog, access, erasure, ExportSettings.DEFAULTS);
  }

  public RegionConfig {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(regions, "regions");
    Objects.requireNonNull(residency, "residency");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(erasure, "erasure");
    Objects.requireNonNull(exports, "exports");
  }

  /** The same configuration with other export settings. */
  public RegionConfig withExports(ExportSettings settings) {
    return new RegionConfig(dir, regions, residency, catalog, access, erasure, settings);
  }

  /**
   * Loads and validates regions.yaml, residency.yaml, catalog.yaml, access.yaml, erasure.yaml and exports.yaml from
   * {@code dir}; relative paths in regions.yaml resolve against {@code baseDir}.
   *
   * @throws ConfigException with every problem found in the files, not just the first
   */
  public static RegionConfig load(Path dir, Path baseDir) throws ConfigException {
    Problems problems = new Problems();
    RegionsLoader.Result regions = RegionsLoader.load(dir.resolve(RegionsLoader.FILE), baseDir, problems);
    Optional<Residency> residency =
        ResidencyLoader.load(dir.resolve(ResidencyLoader.FILE), regions.geography(), problems);
    Optional<Catalog> catalog = CatalogLoader.load(dir.resolve(CatalogLoader.FILE), problems);
    Optional<Access> access = AccessLoader.load(
        dir.resolve(AccessLoader.FILE), baseDir, regions.regions().map(Regions::mode), problems);
    Optional<ErasurePolicy> erasure = ErasureLoader.load(dir.resolve(ErasureLoader.FILE), problems);
    Optional<ExportSettings> exports = ExportsLoader.load(
        dir.resolve(ExportsLoader.FILE), access.map(a -> a.roles().keySet()), problems);
    problems.throwIfAny();
    return new RegionConfig(dir, regions.regions().orElseThrow(), residency.orElseThrow(), catalog.orElseThrow(),
        access.orElseThrow(), erasure.orElseThrow(), exports.orElseThrow());
  }

  /** As {@link #load(Path, Path)} with paths relative to the parent of {@code dir}, i.e. the repository root. */
  public static RegionConfig load(Path dir) throws ConfigException {
    return load(dir, dir.toAbsolutePath().getParent());
  }

  public ResidencyMap residencyMap() {
    return new ResidencyMap(regions, residency);
  }
}
