package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.admission.Usage.Claim;
import io.qosb.admission.Usage.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies the sweep over claims: timeline segments, first overflow and the level at an instant. */
class UsageTest {

  static final List<Claim> CLAIMS = List.of(new Claim(10, 20, 2), new Claim(15, 30, 3), new Claim(20, 25, 1),
      new Claim(40, 50, 5));

  /** Verifies that the timeline covers the window with maximal segments and clips claims. */
  @Test
  void testTimelineCoversWindow() {
    assertThat(Usage.timeline(CLAIMS, 0, 45)).containsExactly(new Segment(0, 10, 0), new Segment(10, 15, 2),
        new Segment(15, 20, 5), new Segment(20, 25, 4), new Segment(25, 30, 3), new Segment(30, 40, 0),
        new Segment(40, 45, 5));
    assertThat(Usage.timeline(List.of(), 0, 5)).containsExactly(new Segment(0, 5, 0));
  }

  /** Verifies that adjacent pieces of one booking read as one segment (ends before starts). */
  @Test
  void testTimelineJoinsPieces() {
    assertThat(Usage.timeline(List.of(new Claim(0, 10, 3), new Claim(10, 20, 3)), 0, 20))
        .containsExactly(new Segment(0, 20, 3));
  }

  /** Verifies that the first overflow is the first segment without room, and none when all fit. */
  @Test
  void testFirstOverflow() {
    assertThat(Usage.firstOverflow(CLAIMS, 0, 45, 2, 6)).isEqualTo(new Segment(15, 20, 5));
    assertThat(Usage.firstOverflow(CLAIMS, 0, 45, 1, 6)).isNull();
    assertThat(Usage.firstOverflow(CLAIMS, 25, 40, 3, 6)).isNull();
    assertThat(Usage.at(CLAIMS, 20)).isEqualTo(4);
  }
}
