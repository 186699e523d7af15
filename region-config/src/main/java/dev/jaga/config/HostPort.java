package dev.jaga.config;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code host:port} address from regions.yaml; IPv6 hosts are written in brackets, {@code [::1]:7101}. */
record HostPort(String host, int port) {

  static final String HINT =
      "expected host:port such as 127.0.0.1:7101 ([::1]:7101 for IPv6), port 0-65535 (0 picks a free port)";

  private static final Pattern BRACKETED = Pattern.compile("^\\[([0-9A-Fa-f:.]+)]:(\\d{1,5})$");
  private static final Pattern PLAIN = Pattern.compile("^([A-Za-z0-9.-]+):(\\d{1,5})$");
  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::");

  static Optional<HostPort> parse(String text) {
    Matcher m = BRACKETED.matcher(text);
    if (!m.matches()) {
      m = PLAIN.matcher(text);
      if (!m.matches()) {
        return Optional.empty();
      }
    }
    int port = Integer.parseInt(m.group(2));
    return port > 65535 ? Optional.empty() : Optional.of(new HostPort(m.group(1), port));
  }

  /** Loopback in the sense of mode: dev, where nothing may be reachable from another machine. */
  boolean isLoopback() {
    return host.equals("localhost") || host.equals("::1") || host.matches("^127(\\.\\d{1,3}){3}$");
  }

  /** A wildcard listens on every interface but names no machine, so nobody can dial it. */
  boolean isWildcard() {
    return WILDCARDS.contains(host);
  }
}
