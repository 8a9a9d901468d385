// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.edgegateway.buffer.Carriers;
import org.edgegateway.buffer.MemoryOutbox;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UplinkLinkTest {
  private static final Clock CLOCK = Clock.systemUTC();

  @TempDir
  Path dir;

  private MemoryOutbox outbox() {
    MemoryOutbox outbox = new MemoryOutbox(OutboxSettings.defaults(Path.of("memory")), CLOCK, Carriers.of("test"));
    for (int i = 0; i < 5; i++) outbox.offer(new Reading("ch", 1_700_000_000_000L + i, i, "Cel", Quality.OK));
    return outbox;
  }

  private static long next(UplinkLink link) {
    return (Long) link.figures().get("nextSequence");
  }

  @Test
  void closeSavesTheSequenceAndTheNextLinkResumesAMarginAbove() throws Exception {
    SequenceFile file = new SequenceFile(dir.resolve("sequence-test"));
    FakeUplink uplink = new FakeUplink(1000, 4, true);
    UplinkLink link = new UplinkLink("test", uplink, outbox(), "gw/", file, CLOCK, null);
    link.start();
    Await.until(Duration.ofSeconds(10), () -> next(link) > 0, "a pack sent");
    link.close();
    long sent = next(link);

    UplinkLink again = new UplinkLink("test", new FakeUplink(1000, 4, true), outbox(), "gw/",
        new SequenceFile(dir.resolve("sequence-test")), CLOCK, null);
    assertEquals(sent + SequenceFile.MARGIN, next(again));
  }

  @Test
  void onlyALinkWithABirthMessagePublishesTheStatus() throws Exception {
    Birth birth = new Birth("gw", "site", Double.NaN, Double.NaN, "1.0", List.of());
    FakeUplink withBirth = new FakeUplink(1000, 4, true);
    FakeUplink without = new FakeUplink(1000, 4, true);
    UplinkLink publishing = new UplinkLink("test", withBirth, outbox(), "gw/",
        new SequenceFile(dir.resolve("a")), CLOCK, birth);
    UplinkLink silent = new UplinkLink("test", without, outbox(), "gw/", new SequenceFile(dir.resolve("b")), CLOCK,
        null);

    publishing.publishStatus(Map.of("buffer", 3));
    silent.publishStatus(Map.of("buffer", 3));

    assertTrue(publishing.publishesStatus());
    assertFalse(silent.publishesStatus());
    assertEquals(1, withBirth.sent().size());
    assertEquals(UplinkTopic.STATUS, withBirth.sent().get(0).topic());
    JsonNode json = new ObjectMapper().readTree(withBirth.sent().get(0).payload());
    assertEquals("online", json.get("state").asText());
    assertEquals(3, json.get("status").get("buffer").asInt());
    assertEquals(0, without.sent().size());
  }

  @Test
  void statusLineNamesTheLinkItsPhaseAndAcks() {
    UplinkLink link = new UplinkLink("test", new FakeUplink(1000, 4, true), outbox(), "gw/",
        new SequenceFile(dir.resolve("c")), CLOCK, null);
    assertEquals("test online, 0 acked", link.describe());
  }
}
