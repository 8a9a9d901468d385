// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The console's TLS key and certificate chain: read from PEM files (a site's own), or a self-signed EC P-256
 * certificate made once and kept in the state dir (files readable by the gateway's user only). The certificate is
 * built by a small DER encoder and signed with {@link Signature}: the JDK has no public API for it, and a
 * certificate library would weigh megabytes on a Pi.
 */
public final class ConsoleCertificate {
  static final String CERT_FILE = "console-cert.pem";
  static final String KEY_FILE = "console-key.pem";
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final char[] STORE_PASSWORD = "console".toCharArray();

  private final List<X509Certificate> chain;
  private final PrivateKey key;
  private final boolean generated;

  private ConsoleCertificate(List<X509Certificate> chain, PrivateKey key, boolean generated) {
    this.chain = List.copyOf(chain);
    this.key = key;
    this.generated = generated;
  }

  /** The configured files' certificate; both paths given. */
  public static ConsoleCertificate fromFiles(Path certFile, Path keyFile) throws IOException {
    try {
      return new ConsoleCertificate(certificates(certFile), privateKey(keyFile), false);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("console certificate " + certFile + " / key " + keyFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The self-signed certificate in {@code stateDir}, made on first use for {@code hosts} (names and IP addresses
   * it is valid for). Files are written 0600 and renamed into place, so a crash leaves no half certificate.
   */
  public static ConsoleCertificate selfSigned(Path stateDir, String commonName, List<String> hosts)
      throws IOException {
    Path cert = stateDir.resolve(CERT_FILE);
    Path key = stateDir.resolve(KEY_FILE);
    if (Files.exists(cert) && Files.exists(key)) return fromFiles(cert, key);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = g.generateKeyPair();
      byte[] der = SelfSigned.certificate(pair, commonName, hosts);
      X509Certificate x509 = parse(der).get(0);
      x509.verify(pair.getPublic());
      Files.createDirectories(stateDir);
      writePrivate(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      writePrivate(cert, pem("CERTIFICATE", der));
      return new ConsoleCertificate(List.of(x509), pair.getPrivate(), true);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the console's self-signed certificate: " + e.getMessage(), e);
    }
  }

  /** The certificate the gateway will serve, for {@code check}: the configured one or the state dir's, if any. */
  public static X509Certificate peek(Path certFile, Path stateDir) throws IOException {
    Path f = certFile != null ? certFile : stateDir.resolve(CERT_FILE);
    if (!Files.exists(f)) return null;
    try {
      return certificates(f).get(0);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(f + ": " + e.getMessage(), e);
    }
  }

  /** Whether this start made the certificate (the log then shows its fingerprint once). */
  public boolean generated() {
    return generated;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** SHA-256 of the certificate, as a browser shows it: {@code AB:CD:...}. */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 or certificate encoding unavailable", e);
    }
  }

  /** A TLS context serving this chain and key. */
  SSLContext sslContext() throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("console", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, STORE_PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("console TLS setup failed: " + e.getMessage(), e);
    }
  }

  private static void writePrivate(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    for (byte[] der : blocks(file, "CERTIFICATE")) out.addAll(parse(der));
    if (out.isEmpty()) throw new IllegalArgumentException("no PEM CERTIFICATE in " + file);
    return out;
  }

  private static List<X509Certificate> parse(byte[] der) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    return cf.generateCertificates(new ByteArrayInputStream(der)).stream().map(c -> (X509Certificate) c).toList();
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    List<byte[]> keys = blocks(file, "PRIVATE KEY");
    if (keys.isEmpty()) throw new IllegalArgumentException("no PEM 'PRIVATE KEY' (PKCS#8) in " + file
        + "; convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file);
    for (String alg : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
      } catch (GeneralSecurityException e) {
        // Try the next algorithm.
      }
    }
    throw new GeneralSecurityException("the key in " + file + " is not an EC, RSA or Ed25519 PKCS#8 key");
  }

  private static List<byte[]> blocks(Path file, String type) throws IOException {
    Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    List<byte[]> out = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).equals(type)) out.add(Base64.getMimeDecoder().decode(m.group(2)));
    }
    return out;
  }

  /** The X.509 v3 structure of a self-signed server certificate. */
  static final class SelfSigned {
    private static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";

    private SelfSigned() {}

    static byte[] certificate(KeyPair pair, String commonName, List<String> hosts) throws GeneralSecurityException {
      byte[] algorithm = Der.sequence(Der.oid(ECDSA_SHA256));
      byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
      // Fixed wide validity: a phone checks it against its own clock, and a Pi without a real-time clock may
      // start with a wrong one; the technician trusts this certificate by its fingerprint, not by its dates.
      byte[] validity = Der.sequence(Der.utcTime("000101000000"), Der.utcTime("491231235959"));
      byte[] serial = Der.integer(new BigInteger(1, new SecureRandom().generateSeed(16)).setBit(126));
      byte[] tbs = Der.sequence(Der.explicit(0, Der.integer(BigInteger.TWO)), serial, algorithm, name, validity,
          name, pair.getPublic().getEncoded(), Der.explicit(3, extensions(hosts)));
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(pair.getPrivate());
      s.update(tbs);
      return Der.sequence(tbs, algorithm, Der.bitString(s.sign()));
    }

    private static byte[] extensions(List<String> hosts) {
      List<byte[]> names = new ArrayList<>();
      for (String h : hosts) {
        if (h.isBlank()) continue;
        names.add(isIp(h) ? Der.implicit(7, ip(h)) : Der.implicit(2, h.toLowerCase(Locale.ROOT)
            .getBytes(StandardCharsets.US_ASCII)));
      }
      byte[] san = Der.sequence(Der.oid("2.5.29.17"), Der.octetString(Der.sequence(names.toArray(new byte[0][]))));
      byte[] basic = Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence()));
      byte[] usage = Der.sequence(Der.oid("2.5.29.15"), Der.bool(true),
          Der.octetString(Der.element(0x03, new byte[] {7, (byte) 0x80}))); // digitalSignature
      byte[] extUsage = Der.sequence(Der.oid("2.5.29.37"),
          Der.octetString(Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1")))); // serverAuth
      return Der.sequence(basic, usage, extUsage, san);
    }

    private static boolean isIp(String h) {
      return h.matches("[0-9.]+") || h.contains(":");
    }

    private static byte[] ip(String h) {
      try {
        return InetAddress.getByName(h).getAddress(); // a literal: no lookup
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address: " + h, e);
      }
    }
  }
}
