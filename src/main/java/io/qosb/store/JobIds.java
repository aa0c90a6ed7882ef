package io.qosb.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Job ids that grow with time (the layout of UUID version 7: 48 bits of epoch milliseconds, then a
 * counter within the millisecond, then random bits). Jobs written together have neighbouring ids,
 * so that claiming or completing a batch rewrites a few pages of the primary key index instead of
 * one page per job, as random ids would.
 */
final class JobIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static long lastMillis;
  private static int counter;

  private JobIds() {
  }

  /** A new id, greater than every id this process made before (unless the clock moved back). */
  static synchronized UUID next() {
    long now = System.currentTimeMillis();
    if (now > lastMillis) {
      lastMillis = now;
      counter = 0;
    } else if (++counter > 0xFFF) {
      // 4096 ids in one millisecond: borrow the next millisecond
      lastMillis++;
      counter = 0;
    }
    long msb = (lastMillis << 16) | 0x7000L | counter;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
