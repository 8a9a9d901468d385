// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link SerialLink} contract, run against {@link JsscSerialLink} on socat pseudo-terminals. */
@Timeout(30)
class SerialLinkTest {
  private static final Duration MIN_BACKOFF = Duration.ofMillis(20);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(200);

  @TempDir Path dir;
  private SocatPtyPair pty;
  private JsscSerialLink left;
  private JsscSerialLink right;

  @BeforeEach
  void openBothEnds() throws IOException {
    pty = SocatPtyPair.start(dir);
    left = JsscSerialLink.open(SerialSettings.of8N1(pty.a(), 9600), MIN_BACKOFF, MAX_BACKOFF);
    right = JsscSerialLink.open(SerialSettings.of8N1(pty.b(), 9600), MIN_BACKOFF, MAX_BACKOFF);
  }

  @AfterEach
  void closeAll() throws IOException {
    left.close();
    right.close();
    pty.close();
  }

  @Test
  void bytesFlowBothWays() throws IOException {
    byte[] request = {0x01, 0x03, 0x00, 0x00, 0x00, 0x02, (byte) 0xC4, 0x0B};
    left.write(request);
    assertArrayEquals(request, readExactly(right, request.length, 2_000));

    byte[] reply = "pong".getBytes(StandardCharsets.US_ASCII);
    right.write(reply);
    assertArrayEquals(reply, readExactly(left, reply.length, 2_000));
  }

  @Test
  void readReturnsNothingAtItsDeadlineWhenNoBytesCome() throws IOException {
    long start = System.nanoTime();
    int n = left.read(new byte[16], 0, 16, start + TimeUnit.MILLISECONDS.toNanos(150));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(0, n);
    assertTrue(elapsedMs >= 150, "returned early after " + elapsedMs + " ms");
    assertTrue(elapsedMs < 1_000, "overran the deadline: " + elapsedMs + " ms");
  }

  @Test
  void drainDiscardsInputThatArrivedEarlier() throws IOException {
    right.write(new byte[] {9, 9, 9});
    drainUntil(left, 3);
    right.write(new byte[] {7});
    assertArrayEquals(new byte[] {7}, readExactly(left, 1, 2_000));
  }

  @Test
  void unpluggedPortGivesTypedErrorAndSameLinkWorksAfterReplug() throws IOException {
    pty.unplug();
    assertThrows(PortVanishedException.class, () -> left.read(new byte[1], 0, 1, System.nanoTime() + 50_000_000L));
    assertThrows(PortVanishedException.class, () -> left.write(new byte[] {1}));

    pty.plug();
    JsscSerialLink peer = JsscSerialLink.open(SerialSettings.of8N1(pty.b(), 9600));
    try {
      writeUntilReopened(left, new byte[] {0x42, 0x43}, 5_000);
      assertArrayEquals(new byte[] {0x42, 0x43}, readExactly(peer, 2, 2_000));
      peer.write(new byte[] {0x44});
      assertArrayEquals(new byte[] {0x44}, readExactly(left, 1, 2_000));
    } finally {
      peer.close();
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() throws IOException {
    left.close();
    left.close();
    assertThrows(IOException.class, () -> left.write(new byte[] {1}));
  }

  @Test
  void settingsRejectUnsupportedFraming() {
    assertThrows(IllegalArgumentException.class, () -> new SerialSettings("/dev/ttyUSB0", 9600, 9,
        SerialSettings.Parity.NONE, 1));
    assertThrows(IllegalArgumentException.class, () -> new SerialSettings("/dev/ttyUSB0", 9600, 8,
        SerialSettings.Parity.EVEN, 3));
    assertThrows(IllegalArgumentException.class, () -> SerialSettings.of8N1("", 9600));
  }

  @Test
  void characterTimeFollowsFraming() {
    // 8E1 is 11 bits per character: 11/9600 s = 1145833 ns.
    SerialSettings s = new SerialSettings("/dev/ttyUSB0", 9600, 8, SerialSettings.Parity.EVEN, 1);
    assertEquals(11, s.bitsPerCharacter());
    assertEquals(1_145_833L, s.characterNanos());
  }

  /** Reads exactly {@code n} bytes or fails after {@code timeoutMs}. */
  static byte[] readExactly(SerialLink link, int n, long timeoutMs) throws IOException {
    byte[] buf = new byte[n];
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    int got = 0;
    while (got < n && System.nanoTime() - deadline < 0) {
      got += link.read(buf, got, n - got, deadline);
    }
    assertEquals(n, got, "bytes read before deadline: " + Arrays.toString(Arrays.copyOf(buf, got)));
    return buf;
  }

  private static void drainUntil(JsscSerialLink link, int expected) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    int drained = 0;
    while (System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      drained += link.drain();
      if (drained >= expected) return;
    }
    throw new AssertionError("no input to drain within 2 s");
  }

  private static void writeUntilReopened(SerialLink link, byte[] data, long timeoutMs) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      try {
        link.write(data);
        return;
      } catch (PortVanishedException e) {
        if (System.nanoTime() - deadline > 0) throw e;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }
}
