// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionsTest {
  private long now;
  private final Sessions sessions = new Sessions(TimeUnit.MINUTES.toNanos(30), () -> now);

  @Test
  void sessionEndsAfterItsIdleTimeButUseKeepsItAlive() {
    Sessions.Session s = sessions.open("ana");
    now += TimeUnit.MINUTES.toNanos(20);
    assertNotNull(sessions.find(s.token()));
    now += TimeUnit.MINUTES.toNanos(20);
    assertNotNull(sessions.find(s.token()), "used 20 minutes ago");
    now += TimeUnit.MINUTES.toNanos(31);
    assertNull(sessions.find(s.token()));
  }

  @Test
  void sessionEndsAfterTwelveHoursWhateverItsUse() {
    Sessions.Session s = sessions.open("ana");
    for (int i = 0; i < 25; i++) {
      now += TimeUnit.MINUTES.toNanos(29);
      sessions.find(s.token());
    }
    now += TimeUnit.MINUTES.toNanos(29);
    assertNull(sessions.find(s.token()));
  }

  @Test
  void tokensAreRandomAndTheCsrfCheckNeedsTheExactToken() {
    Sessions.Session a = sessions.open("ana");
    Sessions.Session b = sessions.open("ben");
    assertNotEquals(a.token(), b.token());
    assertNotEquals(a.token(), a.csrf());
    assertEquals(43, a.token().length(), "32 random bytes");
    assertTrue(a.csrfMatches(a.csrf()));
    assertFalse(a.csrfMatches(b.csrf()));
    assertFalse(a.csrfMatches(null));
    assertFalse(a.csrfMatches(a.csrf().substring(1)));
  }

  @Test
  void atMostMaxSessionsTheOldestGoesFirst() {
    Sessions.Session first = sessions.open("first");
    for (int i = 0; i < Sessions.MAX; i++) sessions.open("t" + i);
    assertNull(sessions.find(first.token()));
    assertEquals(Sessions.MAX, sessions.size());
  }
}
