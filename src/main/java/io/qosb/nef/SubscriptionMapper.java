package io.qosb.nef;

import io.qosb.booking.Booking;
import io.qosb.booking.Device;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates one device of a booking into a TS 29.122 AsSessionWithQoSSubscription: the UE
 * identifier ({@code ueIpv4Addr}, {@code ueIpv6Addr} or {@code gpsi} {@code msisdn-<digits>}), the
 * profile's {@code qosReference}, a {@code notificationDestination} with the subscription's own token,
 * {@code usageThreshold.duration} = the seconds left in the booking (so that the network ends the QoS
 * on time even without the adapter), the {@code events} the adapter acts on, {@code flowInfo} for
 * QB's flows, and {@code dnn}/{@code snssai} when the dialect configures them.
 */
public final class SubscriptionMapper {

  /** The user plane events every subscription asks for. */
  public static final List<String> EVENTS = List.of("SESSION_TERMINATION", "QOS_GUARANTEED", "QOS_NOT_GUARANTEED",
      "SUCCESSFUL_RESOURCES_ALLOCATION", "FAILED_RESOURCES_ALLOCATION");

  /** Why a device cannot be translated; retrying does not help. */
  public static final class MappingException extends RuntimeException {
    MappingException(String message) {
      super(message, null, false, false);
    }
  }

  private final NefDialect dialect;
  private final Function<String, Optional<String>> qosReferences;
  private final NotificationTokens tokens;
  private final FlowInfoBuilder flows;

  /**
   * @param dialect the NEF's dialect
   * @param qosReferences profile name to the NEF's qosReference (from the profile catalog)
   * @param tokens builds notification destinations
   * @throws NullPointerException if an argument is null
   */
  public SubscriptionMapper(NefDialect dialect, Function<String, Optional<String>> qosReferences,
      NotificationTokens tokens) {
    this.dialect = Objects.requireNonNull(dialect);
    this.qosReferences = Objects.requireNonNull(qosReferences);
    this.tokens = Objects.requireNonNull(tokens);
    this.flows = new FlowInfoBuilder(dialect);
  }

  /**
   * The identifier types a NEF of this dialect can be given: a phone number only with gpsi. Use them
   * for the device directory so that other devices are refused at assignment with 422
   * UNSUPPORTED_IDENTIFIER.
   */
  public static Set<Device.Type> supportedTypes(NefDialect dialect) {
    Set<Device.Type> types = EnumSet.of(Device.Type.IPV4_ADDRESS, Device.Type.IPV6_ADDRESS);
    if (dialect.gpsiSupported()) {
      types.add(Device.Type.PHONE_NUMBER);
    }
    return types;
  }

  /**
   * @param booking the booking, in its window
   * @param device the assigned device
   * @param token the subscription's notification token
   * @param now the time of the request: the usage threshold counts from it
   * @throws MappingException if the profile is unknown, the identifier unsupported or the window over
   */
  public JsonObject map(Booking booking, Device device, String token, Instant now) {
    String qosReference = qosReferences.apply(booking.qosProfile())
        .orElseThrow(() -> new MappingException("no qosReference for profile " + booking.qosProfile()));
    long left = secondsLeft(booking, now);
    JsonObject body = new JsonObject()
        .put("notificationDestination", tokens.destination(token))
        .put("qosReference", qosReference)
        .put("usageThreshold", new JsonObject().put("duration", left))
        .put("events", new JsonArray(EVENTS));
    identify(body, device);
    dialect.dnn().ifPresent(dnn -> body.put("dnn", dnn));
    dialect.snssai().ifPresent(snssai -> body.put("snssai", snssai));
    flows.build(booking.flows(), device).ifPresent(info -> body.put("flowInfo", info));
    return body;
  }

  private void identify(JsonObject body, Device device) {
    switch (device.type()) {
      case IPV4_ADDRESS -> body.put("ueIpv4Addr", device.ipv4().privateAddress() != null
          ? device.ipv4().privateAddress() : device.ipv4().publicAddress());
      case IPV6_ADDRESS -> body.put("ueIpv6Addr", stripPrefixLength(device.ipv6Address()));
      case PHONE_NUMBER -> {
        if (!dialect.gpsiSupported()) {
          throw new MappingException("the NEF does not accept gpsi; the device has no IP address");
        }
        body.put("gpsi", "msisdn-" + device.phoneNumber().replaceAll("[^0-9]", ""));
      }
      default -> throw new MappingException("unsupported identifier " + device.type());
    }
  }

  private static long secondsLeft(Booking booking, Instant now) {
    long millis = Duration.between(now, booking.end()).toMillis();
    if (millis <= 0) {
      throw new MappingException("the booking window is over");
    }
    return (millis + 999) / 1000;
  }

  private static String stripPrefixLength(String ipv6) {
    int slash = ipv6.indexOf('/');
    return slash < 0 ? ipv6 : ipv6.substring(0, slash);
  }
}
