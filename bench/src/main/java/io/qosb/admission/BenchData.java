package io.qosb.admission;

import io.qosb.booking.Api;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingStatus;
import io.qosb.booking.ServiceArea;
import io.qosb.booking.ServiceArea.Point;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The synthetic calendar of the admission benchmark: {@value #ZONES} circular zones of 5 km on a grid,
 * 4 QoS profiles, bookings spread uniformly over a year from {@link #T0}, 15 min to 4 h long, 1 to 10
 * devices, each in a 300 m circle inside one zone. Seeded, so every run books the same calendar.
 */
final class BenchData {

  static final int ZONES = 20;
  static final int LIMIT = 12;
  static final List<String> PROFILES = List.of("QOS_E", "QOS_S", "QOS_M", "QOS_L");
  static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");
  static final Duration HORIZON = Duration.ofDays(365);

  private final Random random;

  BenchData(long seed) {
    this.random = new Random(seed);
  }

  /** Zones z00..z19 (limit {@value #LIMIT} per profile) and a limit outside. */
  static CapacityModel model() {
    JsonArray zones = new JsonArray();
    for (int i = 0; i < ZONES; i++) {
      zones.add(new JsonObject().put("name", String.format("z%02d", i)).put("limits", LIMIT)
          .put("area", circle(center(i), 5000)));
    }
    return CapacityModel.from(new JsonObject().put("outside", LIMIT).put("zones", zones), PROFILES);
  }

  static Point center(int zone) {
    return new Point(40 + (zone / 5) * 0.5, -3 + (zone % 5) * 0.5);
  }

  static JsonObject circle(Point c, double radius) {
    return new JsonObject().put("areaType", "CIRCLE").put("radius", radius)
        .put("center", new JsonObject().put("latitude", c.latitude()).put("longitude", c.longitude()));
  }

  /** A random request: zone, profile, window and devices, like the bookings of the calendar. */
  record Request(int zone, String profile, ServiceArea area, Instant start, long seconds, int devices) {
  }

  Request next() {
    int zone = random.nextInt(ZONES);
    Point c = center(zone);
    // within 4 km of the centre: a 300 m circle there lies inside the 5 km zone
    double dLat = (random.nextDouble() * 2 - 1) * 4000 / 111_195.0 / Math.sqrt(2);
    double dLon = (random.nextDouble() * 2 - 1) * 4000 / 111_195.0 / Math.sqrt(2) / Math.cos(Math.toRadians(c.latitude()));
    ServiceArea area = ServiceArea.fromJson(circle(new Point(c.latitude() + dLat, c.longitude() + dLon), 300), Api.QBA);
    Instant start = T0.plusSeconds(60L * random.nextInt((int) HORIZON.toMinutes()));
    long seconds = 60L * (15 + random.nextInt(226));
    return new Request(zone, PROFILES.get(random.nextInt(PROFILES.size())), area, start, seconds, 1 + random.nextInt(10));
  }

  /** A stored-shape QBA booking of the request. */
  static Booking booking(Request r) {
    return new Booking(UUID.randomUUID(), "bench", Api.QBA, r.profile(), r.start().toString(), r.start(), r.seconds(),
        r.area(), r.devices(), r.devices(), BookingStatus.scheduled(), null, null, null, false, null,
        T0.minusSeconds(86_400), null, null, 0);
  }
}
