package dev.jaga.server.auth;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA issuing a server and client certificates, written as PEM files, for TLS tests. */
public final class TestCertificates {
  private final KeyPair caKeys = keyPair();
  private final X509Certificate ca;
  private final Path dir;

  public TestCertificates(Path dir) throws Exception {
    this.dir = dir;
    this.ca = sign(name("CN=Jaga Test CA"), caKeys, caKeys.getPrivate(), name("CN=Jaga Test CA"), true, false);
    write("ca.pem", ca);
  }

  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  /** Writes {@code name}.pem and {@code name}.key for a certificate with this subject, signed by the CA. */
  public Path[] issue(String name, String subject, boolean server) throws Exception {
    KeyPair keys = keyPair();
    X509Certificate cert = sign(name(subject), keys, caKeys.getPrivate(), name("CN=Jaga Test CA"), false, server);
    write(name + ".pem", cert);
    Path key = dir.resolve(name + ".key");
    try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    return new Path[] {dir.resolve(name + ".pem"), key};
  }

  private void write(String file, X509Certificate cert) throws IOException {
    try (Writer out = Files.newBufferedWriter(dir.resolve(file)); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(cert);
    }
  }

  private static X509Certificate sign(
      X500Name subject, KeyPair keys, PrivateKey issuerKey, X500Name issuer, boolean isCa, boolean server)
      throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (server) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
          }));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  /** The name as the JDK (and so the server) reads an RFC 2253 string, last RDN first in DER. */
  private static X500Name name(String rfc2253) {
    return X500Name.getInstance(new javax.security.auth.x500.X500Principal(rfc2253).getEncoded());
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
