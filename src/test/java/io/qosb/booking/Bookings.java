package io.qosb.booking;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Test data builders for bookings and devices. */
public final class Bookings {

  private static final AtomicLong PHONES = new AtomicLong(System.nanoTime() % 1_000_000);

  private Bookings() {
  }

  /** A phone number no other test uses. */
  public static String newPhoneNumber() {
    return "+3460" + String.format("%07d", PHONES.incrementAndGet() % 10_000_000);
  }

  public static Device newDevice() {
    return Device.ofPhoneNumber(newPhoneNumber());
  }

  public static ServiceArea circle() {
    return ServiceArea.fromJson(new JsonObject(
        "{\"areaType\":\"CIRCLE\",\"center\":{\"latitude\":50.735851,\"longitude\":7.10066},\"radius\":500}"), Api.QBA);
  }

  /** A QBA request starting at {@code start} for {@code seconds}. */
  public static NewBooking qba(Instant start, long seconds, int numDevices) {
    return NewBooking.qba("QOS_L", start.toString(), seconds, circle(), numDevices,
        "https://app.example.com/notify", new SinkCredential("{\"credentialType\":\"ACCESSTOKEN\"}"));
  }

  /** A stored-shape booking, for repository tests. */
  public static Booking stored(Api api, String owner, Instant start, long seconds, int total, Device device) {
    return new Booking(UUID.randomUUID(), owner, api, "QOS_L", start.toString(), start, seconds, circle(), total,
        api == Api.QB ? 0 : total, BookingStatus.scheduled(), "https://app.example.com/notify",
        new SinkCredential("{\"credentialType\":\"ACCESSTOKEN\",\"accessToken\":\"t\"}"), device, false,
        api == Api.QB ? new FlowSpec("{\"ipv4Address\":\"198.51.100.1\"}", null, "{\"ports\":[443]}") : FlowSpec.NONE,
        start.minusSeconds(3600), null, null, 0);
  }
}
