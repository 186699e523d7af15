package dev.jaga.config;

/** Where a region's node listens, and the {@code host:port} that clients and peer nodes dial to reach it. */
public record GrpcSettings(String listenHost, int listenPort, String endpoint) {}
