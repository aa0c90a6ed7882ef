package io.qosb.admission;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Sweeps of the devices claimed over time: the step function of concurrently booked devices. */
final class Usage {

  /** Devices held over [start, end), epoch milliseconds. */
  record Claim(long start, long end, int devices) {}

  /** {@code devices} booked throughout [from, to), epoch milliseconds. */
  record Segment(long from, long to, long devices) {}

  private Usage() {
  }

  /**
   * The devices booked at every instant of [from, to), as maximal segments of constant level; instants
   * without any claim are segments of 0 devices. Claims reaching outside the window are clipped.
   */
  static List<Segment> timeline(List<Claim> claims, long from, long to) {
    long[][] events = new long[claims.size() * 2][];
    int n = 0;
    for (Claim c : claims) {
      long s = Math.max(c.start(), from);
      long e = Math.min(c.end(), to);
      if (s < e) {
        events[n++] = new long[] {s, c.devices()};
        events[n++] = new long[] {e, -c.devices()};
      }
    }
    long[][] sorted = Arrays.copyOf(events, n);
    Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
    List<Segment> out = new ArrayList<>();
    long level = 0;
    long at = from;
    int i = 0;
    while (at < to) {
      while (i < n && sorted[i][0] == at) {
        level += sorted[i++][1];
      }
      long next = i < n ? sorted[i][0] : to;
      append(out, at, next, level);
      at = next;
    }
    return out;
  }

  private static void append(List<Segment> out, long from, long to, long level) {
    if (!out.isEmpty() && out.get(out.size() - 1).devices() == level) {
      Segment last = out.remove(out.size() - 1);
      out.add(new Segment(last.from(), to, level));
    } else {
      out.add(new Segment(from, to, level));
    }
  }

  /**
   * The first segment of [from, to) where {@code extra} more devices would exceed {@code limit}, or
   * null if they fit everywhere.
   */
  static Segment firstOverflow(List<Claim> claims, long from, long to, int extra, long limit) {
    for (Segment s : timeline(claims, from, to)) {
      if (s.devices() + extra > limit) {
        return s;
      }
    }
    return null;
  }

  /** The devices booked at the instant {@code at}. */
  static long at(List<Claim> claims, long at) {
    long sum = 0;
    for (Claim c : claims) {
      if (c.start() <= at && at < c.end()) {
        sum += c.devices();
      }
    }
    return sum;
  }
}
