package io.qosb.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.CamaraException;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.nef.sim.SubscriberDirectory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 1: which device directory is in force when {@code devices.directory} is not set: open
 * with a remote NEF and no {@code devices.subscribers}, listed otherwise; explicit choices win.
 */
class DevicesTest {

  static final String UNLISTED = "+34699000001";

  /** Verifies that a remote NEF without a subscriber list lets every well-formed device exist. */
  @Test
  void testRemoteNefWithoutSubscribersIsOpen() {
    assertThat(knows(directory(new JsonObject(), null), UNLISTED)).isTrue();
  }

  /** Verifies that a remote NEF with devices.subscribers keeps the listed directory. */
  @Test
  void testRemoteNefWithSubscribersIsListed() {
    JsonObject devices = new JsonObject().put("subscribers", new JsonArray()
        .add(new JsonObject().put("phoneNumber", "+34600000001")));
    DeviceDirectory d = directory(devices, null);
    assertThat(knows(d, "+34600000001")).isTrue();
    assertThat(knows(d, UNLISTED)).isFalse();
  }

  /** Verifies that the simulated NEF's list applies by default, and that an explicit choice wins. */
  @Test
  void testSimulatedNefIsListedAndExplicitChoiceWins() {
    SubscriberDirectory sim = SubscriberDirectory.of(List.of(new SubscriberDirectory.Entry(Optional.of("+34600000001"),
        Optional.empty(), Optional.empty(), true)));
    assertThat(knows(directory(new JsonObject(), sim), UNLISTED)).isFalse();
    assertThat(knows(directory(new JsonObject().put("directory", "open"), sim), UNLISTED)).isTrue();
    assertThat(knows(directory(new JsonObject().put("directory", "listed"), null), UNLISTED)).isFalse();
  }

  private static DeviceDirectory directory(JsonObject devices, SubscriberDirectory sim) {
    return Devices.directory(new Settings(new JsonObject().put("devices", devices)), sim, EnumSet.allOf(Device.Type.class));
  }

  private static boolean knows(DeviceDirectory d, String phone) {
    Future<Device> f = d.resolve(Device.ofPhoneNumber(phone));
    assertThat(f.isComplete()).isTrue();
    if (f.failed()) {
      assertThat(((CamaraException) f.cause()).code()).isEqualTo("IDENTIFIER_NOT_FOUND");
    }
    return f.succeeded();
  }
}
