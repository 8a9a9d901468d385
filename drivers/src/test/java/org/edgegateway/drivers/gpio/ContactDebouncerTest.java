// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContactDebouncerTest {
  private static final long MS = 1_000_000L;

  @Test
  void levelFollowsOnlyAfterHeldForDebounce() {
    ContactDebouncer d = new ContactDebouncer(10 * MS, false, 0);
    d.edge(true, 100 * MS);
    assertFalse(d.level(109 * MS));
    assertTrue(d.level(110 * MS));
  }

  @Test
  void bounceShorterThanDebounceKeepsStableLevel() {
    ContactDebouncer d = new ContactDebouncer(10 * MS, true, 0);
    d.edge(false, 100 * MS);
    d.edge(true, 101 * MS);
    d.edge(false, 103 * MS);
    d.edge(true, 104 * MS);
    assertTrue(d.level(200 * MS));
    assertEquals(0, d.activations(200 * MS));
  }

  @Test
  void pulseWithBouncyEdgesCountsOnce() {
    ContactDebouncer d = new ContactDebouncer(5 * MS, false, 0);
    // Closing: three bounces within 1 ms, then held 50 ms; opening: two bounces, then quiet.
    d.edge(true, 100 * MS);
    d.edge(false, 100 * MS + 200_000);
    d.edge(true, 100 * MS + 500_000);
    d.edge(false, 150 * MS);
    d.edge(true, 150 * MS + 300_000);
    d.edge(false, 150 * MS + 600_000);
    assertEquals(1, d.activations(300 * MS));
  }

  @Test
  void glitchOnIdleLineDoesNotCount() {
    ContactDebouncer d = new ContactDebouncer(5 * MS, false, 0);
    d.edge(true, 100 * MS);
    d.edge(false, 101 * MS);
    assertEquals(0, d.activations(500 * MS));
  }

  @Test
  void heldActivationCountsAtQueryWithoutWaitingForRelease() {
    ContactDebouncer d = new ContactDebouncer(5 * MS, false, 0);
    d.edge(true, 100 * MS);
    assertEquals(0, d.activations(104 * MS));
    assertEquals(1, d.activations(105 * MS));
    assertEquals(1, d.activations(900 * MS));
  }

  @Test
  void repeatedLevelIsIgnored() {
    ContactDebouncer d = new ContactDebouncer(5 * MS, false, 0);
    d.edge(true, 100 * MS);
    d.edge(true, 200 * MS);
    assertEquals(100 * MS, d.lastEdgeNanos());
    assertEquals(1, d.activations(300 * MS));
  }

  @Test
  void dropoutShorterThanDebounceWhileClosedDoesNotCountTwice() {
    ContactDebouncer d = new ContactDebouncer(5 * MS, false, 0);
    d.edge(true, 100 * MS);
    d.edge(false, 140 * MS);
    d.edge(true, 141 * MS);
    d.edge(false, 200 * MS);
    assertEquals(1, d.activations(300 * MS));
  }
}
