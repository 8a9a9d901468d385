// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Logged-in technicians, in memory only (a restart logs everyone out): a random session token (the cookie) and a
 * random CSRF token (sent back in a header with every action) per session; a session ends after
 * {@code idleNanos} without use or twelve hours in all. At most {@link #MAX} sessions; the oldest goes first.
 */
final class Sessions {
  static final int MAX = 32;
  static final long ABSOLUTE_NANOS = 12L * 3600 * 1_000_000_000L;

  private final long idleNanos;
  private final LongSupplier nanos;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> byToken = new LinkedHashMap<>();

  Sessions(long idleNanos, LongSupplier nanos) {
    this.idleNanos = idleNanos;
    this.nanos = nanos;
  }

  /** A technician's session: who, and the token their actions must carry. */
  record Session(String token, String technician, String csrf, long startNanos, long[] lastUsed) {
    /** Constant-time check of an action's CSRF header. */
    boolean csrfMatches(String header) {
      return header != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
          header.getBytes(StandardCharsets.US_ASCII));
    }
  }

  synchronized Session open(String technician) {
    expire();
    if (byToken.size() >= MAX) {
      Iterator<String> it = byToken.keySet().iterator();
      it.next();
      it.remove();
    }
    long now = nanos.getAsLong();
    Session s = new Session(token(), technician, token(), now, new long[] {now});
    byToken.put(s.token(), s);
    return s;
  }

  /** The live session of a cookie's token, touched; null if none. */
  synchronized Session find(String token) {
    if (token == null) return null;
    expire();
    Session s = byToken.get(token);
    if (s != null) s.lastUsed()[0] = nanos.getAsLong();
    return s;
  }

  synchronized void close(String token) {
    if (token != null) byToken.remove(token);
  }

  synchronized int size() {
    expire();
    return byToken.size();
  }

  private void expire() {
    long now = nanos.getAsLong();
    byToken.values().removeIf(s -> now - s.lastUsed()[0] >= idleNanos || now - s.startNanos() >= ABSOLUTE_NANOS);
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
