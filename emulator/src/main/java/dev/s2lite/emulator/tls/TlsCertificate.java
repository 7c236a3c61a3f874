package dev.s2lite.emulator.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The certificate (chain) and key the server speaks TLS with: self-signed at start
 * ({@code --tls-self}, for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, as s2-lite makes
 * it), or read from PEM files ({@code --tls-cert}, {@code --tls-key}).
 *
 * <pre>{@code
 * TlsCertificate tls = TlsCertificate.selfSigned();
 * SSLContext trusting = tls.trustingContext(); // for a client of that server
 * }</pre>
 */
public final class TlsCertificate {

  private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

  private final List<X509Certificate> chain;
  private final PrivateKey key;
  private final boolean selfSigned;

  private TlsCertificate(List<X509Certificate> chain, PrivateKey key, boolean selfSigned) {
    this.chain = List.copyOf(chain);
    this.key = key;
    this.selfSigned = selfSigned;
  }

  /** Whether {@link #selfSigned()} made it (s2-lite's {@code --tls-self}) rather than PEM files. */
  public boolean isSelfSigned() {
    return selfSigned;
  }

  /** A fresh P-256 key and a certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. */
  public static TlsCertificate selfSigned() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name("CN=s2lite self-signed");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(SELF_SIGNED_VALIDITY)), name, pair.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, "::1")}));
      // Clients trust it directly (NODE_EXTRA_CA_CERTS, a trust store): it is its own authority.
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      X509CertificateHolder holder = builder.build(
          new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new TlsCertificate(List.of(new JcaX509CertificateConverter().getCertificate(holder)),
          pair.getPrivate(), true);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The certificate chain (leaf first) and private key of two PEM files; the key may be PKCS#8,
   * PKCS#1 (RSA) or SEC1 (EC).
   *
   * @throws IllegalArgumentException when a file cannot be read or holds no certificate or key
   */
  public static TlsCertificate fromPem(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(read(certificateFile))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(certificates.getCertificate(holder));
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the certificate " + certificateFile + ": " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no PEM certificate in " + certificateFile);
    }
    PrivateKey key = null;
    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(read(keyFile))) {
      for (Object o = parser.readObject(); o != null && key == null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          key = keys.getPrivateKey(pair.getPrivateKeyInfo());
        } else if (o instanceof PrivateKeyInfo info) {
          key = keys.getPrivateKey(info);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the private key " + keyFile + ": " + e.getMessage(), e);
    }
    if (key == null) {
      throw new IllegalArgumentException("no PEM private key in " + keyFile
          + " (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY; encrypted keys are not supported)");
    }
    return new TlsCertificate(chain, key, false);
  }

  private static Reader read(Path file) throws IOException {
    return Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }

  /** The server's own certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The SHA-256 fingerprint of the certificate, {@code AB:CD:...}. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificate in PEM, e.g. for {@code NODE_EXTRA_CA_CERTS} or {@code curl --cacert}. */
  public String certificatePem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The chain and key as a key store for the server, under {@code password}. */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("s2lite", key, password, chain.toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the TLS key: " + e.getMessage(), e);
    }
  }

  /** An {@link SSLContext} for clients that trusts this certificate (and nothing else). */
  public SSLContext trustingContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("s2lite", certificate());
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a trusting SSLContext: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "TlsCertificate[" + certificate().getSubjectX500Principal().getName().toLowerCase(Locale.ROOT)
        + ", " + fingerprint() + "]";
  }
}
