package dev.jaga.server.auth;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.config.Access;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.audit.AuditSink;
import dev.jaga.server.audit.AuditedDenial;
import dev.jaga.server.grpc.JagaException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.inject.Inject;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Establishes who is calling: a person from a verified bearer JWT, else a service from its client
 * certificate (mutual TLS) when access.yaml knows it. Anything else is UNAUTHENTICATED, audited.
 */
public final class AuthenticationInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Context.Key<Principal> PRINCIPAL = Context.key("jaga-principal");
  private static final Context.Key<String> BEARER = Context.key("jaga-bearer");
  private static final String PREFIX = "Bearer ";

  private final JwtAuthenticator jwt;
  private final Access access;
  private final AuditSink audit;

  @Inject
  public AuthenticationInterceptor(JwtAuthenticator jwt, RegionConfig config, AuditSink audit) {
    this.jwt = jwt;
    this.access = config.access();
    this.audit = audit;
  }

  /** The authenticated principal of the current call. */
  public static Optional<Principal> current() {
    return Optional.ofNullable(PRINCIPAL.get());
  }

  /** The current call's bearer token, to carry the caller's identity to a peer region. */
  public static Optional<String> bearerToken() {
    return Optional.ofNullable(BEARER.get());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String header = headers.get(AUTHORIZATION);
    Context context = Context.current();
    try {
      if (header != null) {
        if (!header.startsWith(PREFIX)) {
          throw new AuthenticationException("the authorization header must be 'Bearer <JWT>'");
        }
        String token = header.substring(PREFIX.length()).strip();
        context = context.withValue(PRINCIPAL, jwt.authenticate(token)).withValue(BEARER, token);
      } else {
        Principal service =
            serviceOf(call)
                .orElseThrow(
                    () ->
                        new AuthenticationException(
                            "no credentials: send 'authorization: Bearer <JWT>' (dev: ./jaga token)"
                                + " or a client certificate known to access.yaml"));
        context = context.withValue(PRINCIPAL, service);
      }
    } catch (AuthenticationException e) {
      AuditedDenial.close(
          audit,
          call,
          "unauthenticated",
          null,
          JagaException.unauthenticated(ErrorReason.UNAUTHENTICATED, e.getMessage()));
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Optional<Principal> serviceOf(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
      return Optional.empty();
    }
    String subject = certificate.getSubjectX500Principal().getName();
    return access.services().values().stream()
        .filter(s -> new javax.security.auth.x500.X500Principal(s.subject()).getName().equals(subject))
        .findFirst()
        .map(s -> new Principal(s.principal(), Principal.Kind.SERVICE, s.rolesByTenant(), Optional.empty()));
  }
}
