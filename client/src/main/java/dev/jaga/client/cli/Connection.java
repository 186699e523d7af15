package dev.jaga.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaga.client.JagaClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where to connect and as whom: {@code --endpoint} (else {@code $JAGA_ENDPOINT}, else the first
 * region of {@code var/dev/cluster.json}) and {@code --token} (else {@code $JAGA_TOKEN}).
 */
final class Connection {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--endpoint", paramLabel = "HOST:PORT", description = "Node to call.")
  String endpoint;

  @Option(
      names = "--region",
      paramLabel = "ID",
      description = "Call this region's node from var/dev/cluster.json.")
  String region;

  @Option(names = "--token", paramLabel = "JWT", description = "Bearer token (default: $JAGA_TOKEN).")
  String token;

  @Option(
      names = "--cluster-file",
      paramLabel = "FILE",
      defaultValue = "var/dev/cluster.json",
      description = "Written by `jaga dev` (default: ${DEFAULT-VALUE}).")
  Path clusterFile;

  JagaClient open() {
    String bearer = token != null ? token : System.getenv("JAGA_TOKEN");
    return JagaClient.connect(resolveEndpoint(), Optional.ofNullable(bearer).filter(t -> !t.isBlank()));
  }

  private String resolveEndpoint() {
    if (endpoint != null) {
      return endpoint;
    }
    if (region == null && System.getenv("JAGA_ENDPOINT") != null) {
      return System.getenv("JAGA_ENDPOINT");
    }
    if (!Files.exists(clusterFile)) {
      throw new ParameterException(
          spec.commandLine(),
          "no --endpoint given and no " + clusterFile + "; start `./jaga dev` or pass --endpoint");
    }
    try {
      for (JsonNode r : new ObjectMapper().readTree(clusterFile.toFile()).path("regions")) {
        if (region == null || region.equals(r.path("id").asText())) {
          return r.path("grpc").asText();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + clusterFile, e);
    }
    throw new ParameterException(
        spec.commandLine(), "region " + region + " is not in " + clusterFile);
  }
}
