package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qosb.booking.Api;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.BookingPolicy;
import io.qosb.booking.BookingState;
import io.qosb.booking.CamaraException;
import io.qosb.booking.Caller;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.booking.FlowSpec;
import io.qosb.booking.NewBooking;
import io.qosb.booking.ProfileRules;
import io.qosb.booking.ServiceArea;
import io.qosb.store.Store;
import io.qosb.store.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verifies coverage: with no capacity outside the zones, an area in no zone is not served. */
@ExtendWith(VertxExtension.class)
class CoverageTest {

  static final CapacityModel MODEL = CapacityModel.from(new JsonObject("""
      {"outside": 0,
       "zones": [{"name": "city", "limits": 100,
                  "area": {"areaType": "CIRCLE", "center": {"latitude": 50.0, "longitude": 7.0}, "radius": 5000}}]}
      """), List.of("QOS_L"));

  /** Verifies QB answers 422 AREA_NOT_COVERED, QBA 422 SERVICE_NOT_APPLICABLE, and the zone is served. */
  @Test
  void testAreaOutsideEveryZoneIsNotCovered(Vertx vertx) {
    Store store = Store.open(vertx, TestDatabases.newH2Url()).await();
    try {
      CapacityAdmission admission = CapacityAdmission.create(store, MODEL,
          new CapacityMetrics(new SimpleMeterRegistry(), MODEL)).await();
      BookingEngine engine = new BookingEngine(store.bookings(), DeviceDirectory.open(),
          ProfileRules.of(Map.of("QOS_L", ProfileRules.Limits.ANY)), Clock.systemUTC(), BookingPolicy.defaults(), admission);
      String start = Instant.now().plusSeconds(3600).toString();
      Caller app = Caller.twoLegged("app");
      CamaraException qb = refusal(engine.createBooking(app, NewBooking.qb("QOS_L", start, 600, area(Api.QB, 60.0),
          Device.ofPhoneNumber("+34600000001"), FlowSpec.NONE, null, null)));
      assertThat(qb.status()).isEqualTo(422);
      assertThat(qb.code()).isEqualTo("QOS_BOOKING.AREA_NOT_COVERED");
      CamaraException qba = refusal(engine.createBooking(app, NewBooking.qba("QOS_L", start, 600, area(Api.QBA, 60.0),
          1, null, null)));
      assertThat(qba.code()).isEqualTo("SERVICE_NOT_APPLICABLE");
      assertThat(engine.createBooking(app, NewBooking.qba("QOS_L", start, 600, area(Api.QBA, 50.0), 1, null, null))
          .await().status().state()).isEqualTo(BookingState.SCHEDULED);
    } finally {
      store.close().await();
    }
  }

  private static ServiceArea area(Api api, double lat) {
    return ServiceArea.fromJson(new JsonObject().put("areaType", "CIRCLE").put("radius", 300)
        .put("center", new JsonObject().put("latitude", lat).put("longitude", 7.0)), api);
  }

  private static CamaraException refusal(io.vertx.core.Future<?> f) {
    try {
      f.await();
    } catch (CamaraException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }
}
