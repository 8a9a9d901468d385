// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventCodecTest {
  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void senmlEventRoundTripKeepsEveryFieldAndOrder(SenmlFormat format) throws IOException {
    List<Event> in = List.of(
        new Event(1_732_384_284_123L, "valve.opened", "zone-1", Severity.INFO, "schedule 06:00", Double.NaN),
        new Event(1_732_384_285_000L, "alert.raised", "soil.moisture", Severity.CRITICAL, "dry: 8.5 %", 8.5),
        new Event(1_732_384_285_001L, "buffer.dropped", "outbox", Severity.WARNING, "", 120));
    EventCodec codec = new EventCodec(format);
    EncodedPack pack = codec.encode(in, 9, 10_000);
    assertEquals(3, pack.count());

    DecodedPack<Event> out = codec.decode(pack.bytes());

    assertEquals(9, out.sequence());
    assertEquals(in, out.items());
  }

  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void senmlEventPackStaysWithinByteBound(SenmlFormat format) throws IOException {
    List<Event> in = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      in.add(new Event(1_000L * i, "alert.raised", "ch-" + i, Severity.WARNING, "message " + i, i));
    }
    EventCodec codec = new EventCodec(format);
    EncodedPack pack = codec.encode(in, 1, 600);
    assertTrue(pack.bytes().length <= 600);
    assertTrue(codec.encode(in.subList(0, pack.count() + 1), 1, Integer.MAX_VALUE).bytes().length > 600);
    assertEquals(in.subList(0, pack.count()), codec.decode(pack.bytes()).items());
  }

  @Test
  void senmlEventJsonIsReadable() {
    Event e = new Event(1_732_384_284_120L, "valve.closed", "zone-2", Severity.INFO, "max run time", 1200);
    String json = new String(new EventCodec(SenmlFormat.JSON).encode(List.of(e), 3, 1000).bytes(),
        StandardCharsets.UTF_8);
    assertEquals("[{\"seq\":3,\"t\":1732384284.12,\"kind\":\"valve.closed\",\"source\":\"zone-2\","
        + "\"severity\":\"info\",\"message\":\"max run time\",\"v\":1200}]", json);
  }
}
