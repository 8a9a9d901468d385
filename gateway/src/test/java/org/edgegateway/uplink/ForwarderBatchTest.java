// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import static org.edgegateway.uplink.ForwarderTest.CLOCK;
import static org.edgegateway.uplink.ForwarderTest.WAIT;
import static org.edgegateway.uplink.ForwarderTest.reading;
import static org.edgegateway.uplink.ForwarderTest.sequence;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The forwarder's read-ahead and batched acks: many packs per ack, exact resends, nothing lost before an ack. */
class ForwarderBatchTest {
  final FakeOutbox outbox = new FakeOutbox();
  Forwarder forwarder;

  @AfterEach
  void stop() {
    if (forwarder != null) forwarder.stop();
  }

  @Test
  void packsConfirmedDuringAnAckGoTogetherInTheNextAck() {
    for (int i = 0; i < 2000; i++) outbox.offer(reading(i));
    FakeUplink uplink = new FakeUplink(256, 8, false);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);
    forwarder.start();
    Await.until(WAIT, () -> uplink.sent().size() == 8, "window filled");
    outbox.holdAcks(true);

    uplink.sent().get(0).result().complete(null);
    Await.until(WAIT, () -> outbox.heldAcks() == 1, "first pack's ack under way");
    for (int i = 1; i < 8; i++) uplink.sent().get(i).result().complete(null);
    Await.until(WAIT, () -> uplink.sent().size() == 16, "window refilled while the ack waits");
    outbox.holdAcks(false);

    Await.until(WAIT, () -> outbox.ackSizes().size() == 2, () -> "two acks: " + outbox.ackSizes());
    List<Integer> sizes = outbox.ackSizes();
    assertTrue(sizes.get(1) > 5 * sizes.get(0), "seven packs in the second ack: " + sizes);
    assertEquals(sizes.get(0) + sizes.get(1), forwarder.stats().itemsAcked());
    assertEquals(8, forwarder.stats().packsAcked(), "eight packs in two ack transactions");
  }

  @Test
  void aFailureInTheMiddleOfAWindowResendsExactlyTheFailedPacks() throws IOException {
    for (int i = 0; i < 300; i++) outbox.offer(reading(i));
    FakeUplink uplink = new FakeUplink(256, 6, false);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);
    forwarder.start();
    Await.until(WAIT, () -> uplink.sent().size() == 6, "window filled");
    for (int i = 0; i < 3; i++) uplink.sent().get(i).result().complete(null);
    Await.until(WAIT, () -> uplink.sent().size() == 9, "window refilled");

    uplink.goOffline(); // fails the six unconfirmed packs, sequences 3..8
    uplink.goOnline(true);

    Await.until(WAIT, () -> outbox.size() == 0, () -> "all acked, left " + outbox.size());
    Map<Long, byte[]> first = new HashMap<>();
    Map<Long, Integer> times = new HashMap<>();
    for (FakeUplink.Sent s : uplink.sent()) {
      long seq = sequence(s);
      times.merge(seq, 1, Integer::sum);
      byte[] earlier = first.putIfAbsent(seq, s.payload());
      if (earlier != null) assertArrayEquals(earlier, s.payload(), "resent with the same bytes: " + seq);
    }
    for (long seq = 0; seq < 3; seq++) assertEquals(1, times.get(seq), "confirmed pack sent once: " + seq);
    for (long seq = 3; seq < 9; seq++) assertEquals(2, times.get(seq), "failed pack sent again: " + seq);
    assertTrue(times.keySet().stream().filter(s -> s >= 9).allMatch(s -> times.get(s) == 1), "new packs once");
    assertEquals(6, forwarder.stats().packsResent());
    assertEquals(300, outbox.acked(), "every row acked exactly once");
  }

  @Test
  void confirmedRowsWhoseAckNeverCommittedAreSentAgainNotLost() {
    for (int i = 0; i < 500; i++) outbox.offer(reading(i));
    outbox.failAcks(true); // a crash before the batched ack commits leaves the rows as this does
    FakeUplink uplink = new FakeUplink(256, 4, true);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);
    forwarder.start();
    Await.until(WAIT, () -> uplink.unconfirmed() == 0 && forwarder.stats().outboxErrors() > 0, "acks failing");
    forwarder.stop();
    assertEquals(500, outbox.size(), "nothing deleted without a committed ack");

    outbox.failAcks(false);
    forwarder = new Forwarder(outbox, uplink, "gw/", 1000, CLOCK);
    forwarder.start();

    Await.until(WAIT, () -> outbox.size() == 0, () -> "all re-sent and acked, left " + outbox.size());
    assertEquals(500, outbox.acked());
  }

  @Test
  void aFailedAckIsRetriedWhileRunning() {
    for (int i = 0; i < 50; i++) outbox.offer(reading(i));
    outbox.failAcks(true);
    FakeUplink uplink = new FakeUplink(1024, 4, true);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);
    forwarder.start();
    Await.until(WAIT, () -> forwarder.stats().outboxErrors() > 0, "ack failed");

    outbox.failAcks(false);

    Await.until(WAIT, () -> outbox.size() == 0, () -> "acked on retry, left " + outbox.size());
    List<Long> sequences = uplink.sent().stream().map(s -> {
      try {
        return sequence(s);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    assertEquals(sequences.stream().distinct().count(), sequences.size(), "nothing sent twice: " + sequences);
  }
}
