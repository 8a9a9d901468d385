// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {
  @Test
  void numbersAreWrittenAsPlainDecimalsAndNaNAsNull() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("t", 1.796407734299E9);
    m.put("small", 1.0E-5);
    m.put("whole", 2.0);
    m.put("f", 23.4f);
    m.put("nan", Double.NaN);
    m.put("n", 1795456800250L);
    assertEquals("{\"t\":1796407734.299,\"small\":0.00001,\"whole\":2,\"f\":23.4,\"nan\":null,\"n\":1795456800250}",
        PlainJson.MAPPER.writeValueAsString(m));
  }

  @Test
  void aTreeReadBackKeepsItsDecimalsExact() throws Exception {
    ObjectNode birth = (ObjectNode) PlainJson.MAPPER.readTree("{\"state\":\"online\",\"t\":1796407734.250}");
    birth.set("status", PlainJson.MAPPER.valueToTree(Map.of("lastAck", 1.7964077343E9)));
    assertEquals("{\"state\":\"online\",\"t\":1796407734.250,\"status\":{\"lastAck\":1796407734.3}}",
        PlainJson.MAPPER.writeValueAsString(birth));
  }
}
