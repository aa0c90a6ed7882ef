package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.BookingEvent;
import io.qosb.booking.Bookings;
import io.qosb.booking.Device;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The admission rules through the engine: limits, refusal answers, freeing capacity, metrics. */
abstract class AbstractAdmissionRulesTest extends AbstractAdmissionTest {

  /**
   * Verifies that bookings fill a zone up to its limit, that one more device at an overlapping instant
   * is refused with 422 SERVICE_NOT_APPLICABLE naming the zone and the time, and that the instant the
   * window ends is free again.
   */
  @Test
  void testCreateBookingFailsWhenZoneIsFull(VertxTestContext ctx) {
    Instant t = day(1);
    double refusedBefore = counter("refused", "arena");
    double acceptedBefore = counter("accepted", "arena");
    create(arena(t, 3600, 3))
        .compose(b -> create(arena(t.plusSeconds(1800), 3600, 2)))
        .compose(b -> refusal(create(arena(t.plusSeconds(3000), 600, 1))))
        .compose(e -> {
          ctx.verify(() -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.code()).isEqualTo("SERVICE_NOT_APPLICABLE");
            assertThat(e.getMessage()).contains("zone 'arena'").contains("5 of 5 QOS_L devices")
                .contains("from " + t.plusSeconds(3000)).contains("to " + t.plusSeconds(3600)).hasSizeLessThan(512);
          });
          return create(arena(t.plusSeconds(5400), 600, 5));
        })
        .compose(b -> create(arena(t.minusSeconds(600), 600, 2)))
        .compose(b -> refusal(create(arena(t.minusSeconds(600), 601, 3))))
        .onComplete(ctx.succeeding(e -> ctx.verify(() -> {
          assertThat(e.getMessage()).contains("3 of 5").contains("from " + t).contains("to " + t.plusSeconds(1));
          assertThat(counter("refused", "arena") - refusedBefore).isEqualTo(2);
          assertThat(counter("accepted", "arena") - acceptedBefore).isEqualTo(4);
          ctx.completeNow();
        })));
  }

  /** Verifies that deleting a booking frees its devices for the next request at once. */
  @Test
  void testDeleteBookingFreesCapacity(VertxTestContext ctx) {
    Instant t = day(2);
    create(arena(t, 3600, 4))
        .compose(big -> create(arena(t, 3600, 1))
            .compose(b -> refusal(create(arena(t, 60, 2))))
            .compose(e -> engine.deleteBooking(APP, big.api(), big.id())))
        .compose(b -> create(arena(t, 60, 4)))
        .onComplete(ctx.succeeding(b -> ctx.verify(() -> {
          assertThat(b.totalDevices()).isEqualTo(4);
          ctx.completeNow();
        })));
  }

  /**
   * Verifies that a booking that terminates (revoked) frees its capacity at once, and that one marked
   * expired no longer counts.
   */
  @Test
  void testTerminatedBookingsHoldNoCapacity(VertxTestContext ctx) {
    Instant t = day(3);
    create(arena(t, 3600, 5))
        .compose(b -> refusal(create(arena(t, 60, 1))).map(e -> b))
        .compose(b -> engine.applyEvent(b.id(), BookingEvent.REVOKE))
        .compose(b -> create(arena(t, 60, 5)))
        .compose(b -> admission.devicesAt("arena", "QOS_L", t.plusSeconds(30)).map(n -> {
          ctx.verify(() -> assertThat(n).isEqualTo(5));
          return b;
        }))
        .compose(b -> {
          clock.advance(java.time.Duration.between(NOW, t.plusSeconds(3600)));
          return engine.expireDue(clock.instant());
        })
        .compose(n -> admission.devicesAt("arena", "QOS_L", t.plusSeconds(30)))
        .onComplete(ctx.succeeding(n -> ctx.verify(() -> {
          clock.advance(java.time.Duration.between(clock.instant(), NOW));
          assertThat(n).isZero();
          ctx.completeNow();
        })));
  }

  /**
   * Verifies that a QB booking refused for capacity is answered as the QB spec prescribes: created,
   * TERMINATED with BOOKING_DECLINED, readable, holding neither capacity nor its device.
   */
  @Test
  void testQbBookingIsDeclinedWhenZoneIsFull(VertxTestContext ctx) {
    Instant t = day(4);
    Device d = Bookings.newDevice();
    create(arena(t, 3600, 5))
        .compose(full -> create(qbInArena(t, 600, d))
            .compose(qb -> {
              ctx.verify(() -> assertThat(declined(qb)).as(qb.status().describe()).isTrue());
              return engine.getBooking(APP, qb.api(), qb.id());
            })
            .compose(read -> {
              ctx.verify(() -> assertThat(declined(read)).isTrue());
              return engine.deleteBooking(APP, full.api(), full.id());
            }))
        .compose(v -> create(qbInArena(t, 600, d)))
        .onComplete(ctx.succeeding(qb -> ctx.verify(() -> {
          assertThat(qb.status().isTerminal()).isFalse();
          assertThat(counter("refused", "arena")).isGreaterThanOrEqualTo(1);
          ctx.completeNow();
        })));
  }

  /**
   * Verifies the limit outside every zone (QOS_M: 3), that an area partly outside the arena counts
   * against both, and that profiles without a limit are not limited.
   */
  @Test
  void testOutsideLimitAndUnlimitedProfiles(VertxTestContext ctx) {
    Instant t = day(5);
    double refusedBefore = counter("refused", "outside");
    Future<?> chain = Future.succeededFuture();
    for (int i = 0; i < 3; i++) {
      chain = chain.compose(v -> engine.createBooking(APP, io.qosb.booking.NewBooking.qba("QOS_M", t.toString(), 600,
          circle(10, 10, 500), 1, null, null)));
    }
    chain.compose(v -> refusal(engine.createBooking(APP, io.qosb.booking.NewBooking.qba("QOS_M", t.toString(), 600,
            circle(50.0, 7.0, 5000), 1, null, null))))
        .compose(e -> {
          ctx.verify(() -> assertThat(e.getMessage()).contains("outside every capacity zone"));
          return engine.createBooking(APP, io.qosb.booking.NewBooking.qba("QOS_L", t.toString(), 600,
              circle(10, 10, 500), 50, null, null));
        })
        .compose(b -> refusal(create(arena(t, 60, 5)).compose(x -> engine.createBooking(APP,
            io.qosb.booking.NewBooking.qba("QOS_L", t.toString(), 60, circle(50.0, 7.0, 5000), 1, null, null)))))
        .onComplete(ctx.succeeding(e -> ctx.verify(() -> {
          assertThat(e.getMessage()).contains("zone 'arena'");
          assertThat(counter("refused", "outside") - refusedBefore).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** Verifies the utilisation timeline and gauge of a zone. */
  @Test
  void testTimelineAndGauge(VertxTestContext ctx) {
    Instant t = day(6);
    create(arena(t, 600, 2))
        .compose(b -> create(arena(t.plusSeconds(300), 600, 1)))
        .compose(b -> admission.timeline("arena", "QOS_L", t.minusSeconds(100), t.plusSeconds(1000)))
        .compose(segments -> {
          ctx.verify(() -> assertThat(segments).extracting(Usage.Segment::devices).containsExactly(0L, 2L, 3L, 1L, 0L));
          clock.advance(java.time.Duration.between(NOW, t.plusSeconds(400)));
          return metrics.refresh(admission, clock.instant());
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          clock.advance(java.time.Duration.between(clock.instant(), NOW));
          assertThat(registry.get(CapacityMetrics.UTILISATION).tag("zone", "arena").tag("profile", "QOS_L").gauge().value())
              .isEqualTo(0.6);
          ctx.completeNow();
        })));
  }
}
