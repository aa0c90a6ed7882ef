package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void testIdsAreVersion7UuidsOfTheIetfVariantCarryingTheirMillisecond() {
    Instant at = Instant.parse("2026-12-05T20:00:00.123Z");
    UUID id = TimeOrderedIds.at(at);
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    // what the API answers and the store keeps: the canonical text, which parses back to the same id
    assertThat(UUID.fromString(id.toString())).isEqualTo(id);
  }

  @Test
  void testTextOfLaterIdsSortsAfterEarlierOnesAndIdsOfOneMillisecondDiffer() {
    Instant t = Instant.parse("2026-12-05T20:00:00Z");
    Set<UUID> sameMillisecond = new HashSet<>();
    String previous = "";
    for (int i = 0; i < 10_000; i++) {
      String text = TimeOrderedIds.at(t.plusMillis(i)).toString();
      assertThat(text).isGreaterThan(previous);
      previous = text;
      sameMillisecond.add(TimeOrderedIds.at(t));
    }
    assertThat(sameMillisecond).hasSize(10_000);
  }
}
