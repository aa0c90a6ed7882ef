package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Verifies device identifier validation, precedence, keys and echo. */
class DeviceTest {

  private static void assertCamara(Runnable r, int status, String code) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(CamaraException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.code()).isEqualTo(code);
    });
  }

  /** Verifies that phoneNumber wins over IP addresses and only it is echoed (§A-28). */
  @Test
  void testOfChoosesPhoneNumberFirst() {
    Device d = Device.fromJson(new JsonObject("""
        {"phoneNumber":"+34600000001","ipv4Address":{"publicAddress":"84.125.93.10","publicPort":59765},
         "ipv6Address":"2001:db8:85a3:8d3:1319:8a2e:370:7344","networkAccessIdentifier":"a@b"}"""));
    assertThat(d.type()).isEqualTo(Device.Type.PHONE_NUMBER);
    assertThat(d.key()).isEqualTo("tel:+34600000001");
    assertThat(d.toJson()).isEqualTo(new JsonObject().put("phoneNumber", "+34600000001"));
  }

  /** Verifies that IPv4 comes before IPv6 and keeps the original value for echo. */
  @Test
  void testOfChoosesIpv4BeforeIpv6() {
    Device d = Device.of(null, new Device.Ipv4("84.125.93.10", "10.0.0.1", null), "2001:db8::1", null);
    assertThat(d.type()).isEqualTo(Device.Type.IPV4_ADDRESS);
    assertThat(d.key()).isEqualTo("ipv4:84.125.93.10/10.0.0.1");
    assertThat(d.toJson().getJsonObject("ipv4Address").getString("privateAddress")).isEqualTo("10.0.0.1");
  }

  /** Verifies that any IPv6 address within the same /64 yields the same key. */
  @Test
  void testIpv6KeyIsSlash64Prefix() {
    Device a = Device.of(null, null, "2001:db8:85a3:8d3:1319:8a2e:370:7344", null);
    Device b = Device.of(null, null, "2001:0DB8:85A3:08D3::1", null);
    assertThat(a.key()).isEqualTo("ipv6:2001:db8:85a3:8d3").isEqualTo(b.key());
    assertThat(b.toJson().getString("ipv6Address")).isEqualTo("2001:0DB8:85A3:08D3::1");
  }

  /** Verifies that a network access identifier alone is 422 UNSUPPORTED_IDENTIFIER. */
  @Test
  void testOfFailsForNaiOnly() {
    assertCamara(() -> Device.of(null, null, null, "user@domain"), 422, "UNSUPPORTED_IDENTIFIER");
  }

  /** Verifies that malformed identifiers and an empty object are 400. */
  @Test
  void testOfFailsForMalformedIdentifiers() {
    assertCamara(() -> Device.fromJson(new JsonObject()), 400, "INVALID_ARGUMENT");
    assertCamara(() -> Device.ofPhoneNumber("34600000001"), 400, "INVALID_ARGUMENT");
    assertCamara(() -> Device.of(null, new Device.Ipv4("84.125.93.10", null, null), null, null), 400, "INVALID_ARGUMENT");
    assertCamara(() -> Device.of(null, new Device.Ipv4("300.1.1.1", null, 80), null, null), 400, "INVALID_ARGUMENT");
    assertCamara(() -> Device.of(null, new Device.Ipv4("1.1.1.1", null, 70000), null, null), 400, "OUT_OF_RANGE");
    assertCamara(() -> Device.of(null, null, "not-an-address", null), 400, "INVALID_ARGUMENT");
    assertCamara(() -> Device.of(null, null, "2001:db8::1::2", null), 400, "INVALID_ARGUMENT");
    assertCamara(() -> Device.fromJson(new JsonObject().put("phoneNumber", 12)), 400, "INVALID_ARGUMENT");
  }

  /** Verifies that selecting among supported types falls back by precedence or fails with 422. */
  @Test
  void testSelectHonoursSupportedTypes() {
    Device d = Device.of("+34600000001", null, "2001:db8::1", null);
    assertThat(d.select(EnumSet.of(Device.Type.IPV6_ADDRESS)).type()).isEqualTo(Device.Type.IPV6_ADDRESS);
    assertCamara(() -> d.select(EnumSet.of(Device.Type.IPV4_ADDRESS)), 422, "UNSUPPORTED_IDENTIFIER");
  }

  /** Verifies that toString never shows the phone number. */
  @Test
  void testToStringHidesIdentifier() {
    assertThat(Device.ofPhoneNumber("+34600000001").toString()).doesNotContain("600000001");
    assertThat(new Caller("app", "+34600000001").toString()).doesNotContain("600000001");
  }
}
