// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private long now = 1_000_000_000L;
  private final LoginThrottle throttle = new LoginThrottle(5, 20, TimeUnit.MINUTES.toNanos(5), () -> now);

  @Test
  void fifthFailureLocksTheClientOutUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < 4; i++) {
      assertEquals(0, throttle.retryAfterSeconds("10.0.0.9"));
      throttle.failed("10.0.0.9");
      now += TimeUnit.SECONDS.toNanos(10);
    }
    throttle.failed("10.0.0.9");
    long wait = throttle.retryAfterSeconds("10.0.0.9");
    assertEquals(300 - 40, wait);
    assertEquals(0, throttle.retryAfterSeconds("10.0.0.10"), "another client is not locked out");
    now += TimeUnit.SECONDS.toNanos(wait);
    assertEquals(0, throttle.retryAfterSeconds("10.0.0.9"));
  }

  @Test
  void failuresFromManyAddressesLockEveryoneOut() {
    for (int i = 0; i < 20; i++) throttle.failed("10.0.1." + i);
    assertTrue(throttle.retryAfterSeconds("10.0.2.1") > 0, "a guesser who changes addresses is still bounded");
  }

  @Test
  void goodLoginClearsTheClientsFailures() {
    for (int i = 0; i < 4; i++) throttle.failed("10.0.0.9");
    throttle.succeeded("10.0.0.9");
    throttle.failed("10.0.0.9");
    assertEquals(0, throttle.retryAfterSeconds("10.0.0.9"));
  }

  @Test
  void remembersABoundedNumberOfAddresses() {
    LoginThrottle wide = new LoginThrottle(5, 100_000, TimeUnit.MINUTES.toNanos(5), () -> now);
    for (int i = 0; i < LoginThrottle.MAX_CLIENTS + 500; i++) wide.failed("c" + i);
    for (int i = 0; i < 4; i++) wide.failed("c" + (LoginThrottle.MAX_CLIENTS + 499));
    assertTrue(wide.retryAfterSeconds("c" + (LoginThrottle.MAX_CLIENTS + 499)) > 0, "the newest are kept");
  }
}
