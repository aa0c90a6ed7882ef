package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies the open and listed device directories. */
class DeviceDirectoryTest {

  private final DeviceDirectory listed = DeviceDirectory.listed(List.of(
      new DeviceDirectory.Entry("+34600000001", "84.125.93.10", "2001:db8:1:2::5", true),
      new DeviceDirectory.Entry("+34600000002", null, null, false)),
      EnumSet.of(Device.Type.PHONE_NUMBER, Device.Type.IPV4_ADDRESS, Device.Type.IPV6_ADDRESS));

  private static void assertFails(io.vertx.core.Future<?> f, int status, String code) {
    assertThat(f.failed()).isTrue();
    assertThat(f.cause()).isInstanceOfSatisfying(CamaraException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.code()).isEqualTo(code);
    });
  }

  /** Verifies that every identifier of a listed subscriber resolves to the same key. */
  @Test
  void testListedResolvesAllIdentifiersToOneSubscriber() {
    String byPhone = listed.resolve(Device.ofPhoneNumber("+34600000001")).result().key();
    String byIpv4 = listed.resolve(Device.of(null, new Device.Ipv4("84.125.93.10", null, 4000), null, null)).result().key();
    String byIpv6 = listed.resolve(Device.of(null, null, "2001:db8:1:2:aaaa::1", null)).result().key();
    assertThat(byPhone).isEqualTo("tel:+34600000001").isEqualTo(byIpv4).isEqualTo(byIpv6);
  }

  /** Verifies 404 IDENTIFIER_NOT_FOUND for unknown and 422 SERVICE_NOT_APPLICABLE for ineligible devices. */
  @Test
  void testListedFailsForUnknownAndIneligible() {
    assertFails(listed.resolve(Device.ofPhoneNumber("+34699999999")), 404, "IDENTIFIER_NOT_FOUND");
    assertFails(listed.resolve(Device.ofPhoneNumber("+34600000002")), 422, "SERVICE_NOT_APPLICABLE");
    assertFails(listed.resolve(Device.of(null, null, "2001:db8:9:9::1", null)), 404, "IDENTIFIER_NOT_FOUND");
  }

  /** Verifies 422 UNSUPPORTED_IDENTIFIER when the device's identifier types are disabled. */
  @Test
  void testResolveFailsForDisabledType() {
    DeviceDirectory phoneOnly = DeviceDirectory.open(EnumSet.of(Device.Type.PHONE_NUMBER));
    assertFails(phoneOnly.resolve(Device.of(null, null, "2001:db8::1", null)), 422, "UNSUPPORTED_IDENTIFIER");
    assertThat(phoneOnly.resolve(Device.ofPhoneNumber("+34600000009")).result().key()).isEqualTo("tel:+34600000009");
  }

  /** Verifies that the open directory knows every well-formed device. */
  @Test
  void testOpenResolvesEveryDevice() {
    Device d = Device.of(null, new Device.Ipv4("1.2.3.4", null, 5), null, null);
    assertThat(DeviceDirectory.open().resolve(d).result().key()).isEqualTo("ipv4:1.2.3.4:5");
  }
}
