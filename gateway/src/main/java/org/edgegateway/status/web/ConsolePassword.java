// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The console's per-gateway secret as it is stored: a salted PBKDF2-HMAC-SHA256 hash, one line
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64), never the secret itself. Verification compares in constant
 * time.
 */
public final class ConsolePassword {
  static final int ITERATIONS = 310_000;
  static final int MIN_LENGTH = 10;
  private static final String SCHEME = "pbkdf2-sha256";

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private ConsolePassword(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** A new hash of {@code secret} with a fresh random salt. */
  public static ConsolePassword hash(char[] secret) {
    if (secret.length < MIN_LENGTH) {
      throw new IllegalArgumentException("the console password needs at least " + MIN_LENGTH + " characters, got "
          + secret.length);
    }
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return new ConsolePassword(ITERATIONS, salt, derive(secret, salt, ITERATIONS));
  }

  /** Parses the stored line; throws IllegalArgumentException naming what is wrong (never echoing the line). */
  public static ConsolePassword parse(String line) {
    String[] p = line.strip().split("\\$");
    if (p.length != 4 || !p[0].equals(SCHEME)) {
      throw new IllegalArgumentException("not a console password hash (expected " + SCHEME
          + "$ITERATIONS$SALT$HASH, as written by edge-gateway console-password)");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(p[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the hash's iteration count is not a number", e);
    }
    if (iterations < 10_000 || iterations > 10_000_000) {
      throw new IllegalArgumentException("iteration count out of range (10000 to 10000000): " + iterations);
    }
    Base64.Decoder d = Base64.getDecoder();
    byte[] salt = d.decode(p[2]);
    byte[] hash = d.decode(p[3]);
    if (salt.length < 8 || hash.length != 32) throw new IllegalArgumentException("salt or hash of the wrong size");
    return new ConsolePassword(iterations, salt, hash);
  }

  public static ConsolePassword read(Path file) throws IOException {
    try {
      return parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the hash to {@code file}, mode 0600 where the file system has modes, by an atomic rename. */
  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, encoded() + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Whether {@code secret} is the password; the comparison takes the same time wherever the bytes differ. */
  public boolean matches(char[] secret) {
    return MessageDigest.isEqual(hash, derive(secret, salt, iterations));
  }

  String encoded() {
    Base64.Encoder e = Base64.getEncoder();
    return SCHEME + "$" + iterations + "$" + e.encodeToString(salt) + "$" + e.encodeToString(hash);
  }

  private static byte[] derive(char[] secret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(secret, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }

  /**
   * The hash as the password file holds it now, read again when the file changed: setting the password takes
   * effect at the next login, without a restart. Null while there is no (valid) file.
   */
  public static final class Source {
    private final Path file;
    private ConsolePassword cached;
    private java.nio.file.attribute.FileTime cachedTime;
    private boolean warned;

    public Source(Path file) {
      this.file = file;
    }

    public synchronized ConsolePassword current() {
      if (file == null) return null;
      try {
        java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(file);
        if (!t.equals(cachedTime)) {
          cached = read(file);
          cachedTime = t;
          warned = false;
        }
        return cached;
      } catch (IOException e) {
        if (!warned) org.tinylog.Logger.warn("web console logins are off: {}", e.getMessage());
        warned = true;
        cached = null;
        cachedTime = null;
        return null;
      }
    }
  }
}
