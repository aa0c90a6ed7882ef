package io.qosb.nef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.booking.Api;
import io.qosb.booking.Booking;
import io.qosb.booking.Bookings;
import io.qosb.booking.Device;
import io.qosb.booking.FlowSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The translation of a booked device into an AsSessionWithQoSSubscription, per dialect. */
class SubscriptionMapperTest {

  static final Instant START = Instant.parse("2030-01-01T10:00:00Z");
  static final NotificationTokens TOKENS = new NotificationTokens(URI.create("https://adapter.example/nef-callbacks/v1/notifications"));
  static final FlowSpec FLOWS = new FlowSpec("{\"ipv4Address\":\"203.0.113.5\",\"ipv6Address\":\"2001:db8:5::1\"}",
      "{\"ports\":[5000],\"ranges\":[{\"from\":6000,\"to\":6010}]}", "{\"ports\":[443,8443]}");

  static SubscriptionMapper mapper(String dialectJson) {
    return new SubscriptionMapper(NefDialect.fromJson(new JsonObject(dialectJson), "nef.dialect"),
        name -> name.equals("QOS_L") ? Optional.of("QREF_L") : Optional.empty(), TOKENS);
  }

  static Booking qb(Device device, FlowSpec flows) {
    Booking b = Bookings.stored(Api.QB, "app-1", START, 600, 1, device);
    return new Booking(b.id(), b.owner(), b.api(), b.qosProfile(), b.startTime(), b.start(), b.durationSeconds(),
        b.serviceArea(), 1, 0, b.status(), null, null, device, false, flows, b.createdAt(), null, null, 1);
  }

  static Device ipv4() {
    return Device.of(null, new Device.Ipv4("198.51.100.10", "10.0.0.7", null), null, null);
  }

  static Device ipv6() {
    return Device.of(null, null, "2001:db8:1::7", null);
  }

  /** Verifies that an IPv4 device maps to ueIpv4Addr (its network-side private address) with every common field. */
  @Test
  void testMapIpv4DeviceSucceeds() {
    String token = TOKENS.newToken();
    JsonObject body = mapper("{}").map(qb(ipv4(), FlowSpec.NONE), ipv4(), token, START.plusSeconds(100).plusMillis(1));
    assertThat(body.getString("ueIpv4Addr")).isEqualTo("10.0.0.7");
    assertThat(body.getString("qosReference")).isEqualTo("QREF_L");
    assertThat(body.getString("notificationDestination")).isEqualTo(TOKENS.destination(token));
    assertThat(TOKENS.tokenOf(body.getString("notificationDestination"))).contains(token);
    assertThat(body.getJsonObject("usageThreshold").getLong("duration")).as("seconds left, rounded up").isEqualTo(500);
    assertThat(body.getJsonArray("events")).containsExactlyElementsOf(SubscriptionMapper.EVENTS);
    assertThat(body.containsKey("flowInfo")).isFalse();
    assertThat(body.containsKey("dnn")).isFalse();
    assertThat(body.containsKey("snssai")).isFalse();
  }

  /** Verifies that IPv6 and phone-number devices map to ueIpv6Addr and gpsi msisdn-digits. */
  @Test
  void testMapIpv6AndPhoneSucceeds() {
    JsonObject v6 = mapper("{}").map(qb(ipv6(), FlowSpec.NONE), ipv6(), TOKENS.newToken(), START);
    assertThat(v6.getString("ueIpv6Addr")).isEqualTo("2001:db8:1::7");
    Device phone = Device.ofPhoneNumber("+34600000001");
    JsonObject tel = mapper("{}").map(qb(phone, FlowSpec.NONE), phone, TOKENS.newToken(), START);
    assertThat(tel.getString("gpsi")).isEqualTo("msisdn-34600000001");
  }

  /** Verifies that without gpsi support phone numbers are refused and the directory types leave them out. */
  @Test
  void testMapPhoneFailsWithoutGpsi() {
    Device phone = Device.ofPhoneNumber("+34600000001");
    assertThatThrownBy(() -> mapper("{\"gpsiSupported\": false}").map(qb(phone, FlowSpec.NONE), phone, TOKENS.newToken(), START))
        .isInstanceOf(SubscriptionMapper.MappingException.class);
    assertThat(SubscriptionMapper.supportedTypes(NefDialect.fromJson(new JsonObject("{\"gpsiSupported\": false}"), "d")))
        .containsExactlyInAnyOrder(Device.Type.IPV4_ADDRESS, Device.Type.IPV6_ADDRESS);
    assertThat(SubscriptionMapper.supportedTypes(NefDialect.rel18())).contains(Device.Type.PHONE_NUMBER);
  }

  /** Verifies that a configured dnn and snssai are added. */
  @Test
  void testMapAddsDnnAndSnssai() {
    JsonObject body = mapper("{\"dnn\": \"internet\", \"snssai\": {\"sst\": 1, \"sd\": \"00000a\"}}")
        .map(qb(ipv4(), FlowSpec.NONE), ipv4(), TOKENS.newToken(), START);
    assertThat(body.getString("dnn")).isEqualTo("internet");
    assertThat(body.getJsonObject("snssai")).isEqualTo(new JsonObject().put("sst", 1).put("sd", "00000A"));
  }

  /** Verifies the bidirectional flow descriptions with sequential flowId built from the QB flows. */
  @Test
  void testMapFlowsBidirectional() {
    JsonArray info = mapper("{}").map(qb(ipv4(), FLOWS), ipv4(), TOKENS.newToken(), START).getJsonArray("flowInfo");
    assertThat(info).hasSize(1);
    assertThat(info.getJsonObject(0).getInteger("flowId")).isEqualTo(1);
    assertThat(info.getJsonObject(0).getJsonArray("flowDescriptions")).containsExactly(
        "permit out ip from 203.0.113.5 443,8443 to 10.0.0.7 5000,6000-6010",
        "permit out ip from 10.0.0.7 5000,6000-6010 to 203.0.113.5 443,8443");
  }

  /** Verifies that the dialect's direction and flowId strategy change the flows, and OMIT drops them. */
  @Test
  void testMapFlowsFollowDialect() {
    JsonObject down = mapper("{\"flowDirection\": \"downlink\", \"flowIdStrategy\": \"hashed\"}")
        .map(qb(ipv6(), FLOWS), ipv6(), TOKENS.newToken(), START).getJsonArray("flowInfo").getJsonObject(0);
    assertThat(down.getJsonArray("flowDescriptions")).containsExactly(
        "permit out ip from 2001:db8:5::1 443,8443 to 2001:db8:1::7 5000,6000-6010");
    int hashed = down.getInteger("flowId");
    assertThat(hashed).isPositive().isNotEqualTo(1);
    JsonObject again = mapper("{\"flowDirection\": \"downlink\", \"flowIdStrategy\": \"hashed\"}")
        .map(qb(ipv6(), FLOWS), ipv6(), TOKENS.newToken(), START).getJsonArray("flowInfo").getJsonObject(0);
    assertThat(again.getInteger("flowId")).as("stable").isEqualTo(hashed);
    JsonObject up = mapper("{\"flowDirection\": \"uplink\"}").map(qb(ipv4(), FLOWS), ipv4(), TOKENS.newToken(), START)
        .getJsonArray("flowInfo").getJsonObject(0);
    assertThat(up.getJsonArray("flowDescriptions")).containsExactly(
        "permit out ip from 10.0.0.7 5000,6000-6010 to 203.0.113.5 443,8443");
    assertThat(mapper("{\"flowIdStrategy\": \"omit\"}").map(qb(ipv4(), FLOWS), ipv4(), TOKENS.newToken(), START)
        .containsKey("flowInfo")).isFalse();
  }

  /** Verifies that an unknown profile or an ended window cannot be mapped. */
  @Test
  void testMapFailsForUnknownProfileOrEndedWindow() {
    Booking b = qb(ipv4(), FlowSpec.NONE);
    assertThatThrownBy(() -> mapper("{}").map(b, ipv4(), TOKENS.newToken(), b.end()))
        .isInstanceOf(SubscriptionMapper.MappingException.class);
    SubscriptionMapper none = new SubscriptionMapper(NefDialect.rel18(), name -> Optional.empty(), TOKENS);
    assertThatThrownBy(() -> none.map(b, ipv4(), TOKENS.newToken(), START))
        .isInstanceOf(SubscriptionMapper.MappingException.class);
  }

  /**
   * Verifies that only well-formed tokens under the notification path are recognised, whichever
   * replica's host the destination names (replicas sharing a store advertise different hosts).
   */
  @Test
  void testTokenOfRecognisesOnlyOurDestinations() {
    String token = TOKENS.newToken();
    assertThat(token).hasSize(43);
    assertThat(TOKENS.newToken()).isNotEqualTo(token);
    assertThat(TOKENS.tokenOf("https://adapter.example/nef-callbacks/v1/notifications/" + token)).contains(token);
    assertThat(TOKENS.tokenOf("http://10.0.0.7:8081/nef-callbacks/v1/notifications/" + token)).contains(token);
    assertThat(TOKENS.tokenOf("https://adapter.example/other/v1/notifications/" + token)).isEmpty();
    assertThat(TOKENS.tokenOf("https://adapter.example/nef-callbacks/v1/notifications/" + token + "/x")).isEmpty();
    assertThat(TOKENS.tokenOf("https://adapter.example/nef-callbacks/v1/notifications/x")).isEmpty();
    assertThat(TOKENS.tokenOf("not a url " + token)).isEmpty();
    assertThat(TOKENS.tokenOf(null)).isEmpty();
    assertThat(TOKENS.path()).isEqualTo("/nef-callbacks/v1/notifications");
  }
}
