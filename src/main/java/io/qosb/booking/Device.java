package io.qosb.booking;

import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A device as a request names it: the identifiers it was given in, validated and normalised, and
 * the one chosen to act on (precedence phoneNumber &gt; ipv4Address &gt; ipv6Address, §A-28).
 * {@link #key()} is the stable string that overlap checks and indexes use; {@link #toJson()} echoes
 * the chosen identifier with its original value.
 */
public final class Device {

  /** Identifier types, in order of precedence. */
  public enum Type { PHONE_NUMBER, IPV4_ADDRESS, IPV6_ADDRESS }

  /**
   * A device's IPv4 address as CAMARA gives it.
   *
   * @param publicAddress the public (observed) address, required
   * @param privateAddress the private address, or null
   * @param publicPort the public port, or null
   */
  public record Ipv4(String publicAddress, String privateAddress, Integer publicPort) {}

  private final String phoneNumber;
  private final Ipv4 ipv4;
  private final String ipv6Address;
  private final Type type;
  private final String key;

  private Device(String phoneNumber, Ipv4 ipv4, String ipv6Address, Type type, String key) {
    this.phoneNumber = phoneNumber;
    this.ipv4 = ipv4;
    this.ipv6Address = ipv6Address;
    this.type = type;
    this.key = key;
  }

  /**
   * Validates the given identifiers and chooses one.
   *
   * @param networkAccessIdentifier accepted but never used (CAMARA does not allow it yet)
   * @throws CamaraException 400 INVALID_ARGUMENT/OUT_OF_RANGE for a malformed identifier, 422
   *     UNSUPPORTED_IDENTIFIER if only a network access identifier is given
   */
  public static Device of(String phoneNumber, Ipv4 ipv4, String ipv6Address, String networkAccessIdentifier) {
    if (phoneNumber == null && ipv4 == null && ipv6Address == null) {
      if (networkAccessIdentifier != null) {
        throw CamaraException.unprocessable("UNSUPPORTED_IDENTIFIER",
            "The identifier networkAccessIdentifier is not supported; use phoneNumber or an IP address.");
      }
      throw CamaraException.invalidArgument("The device must name at least one identifier.");
    }
    if (phoneNumber != null) {
      DeviceIdentifiers.checkPhoneNumber(phoneNumber);
    }
    if (ipv4 != null) {
      DeviceIdentifiers.checkIpv4(ipv4);
    }
    if (ipv6Address != null) {
      DeviceIdentifiers.checkIpv6(ipv6Address);
    }
    Device all = new Device(phoneNumber, ipv4, ipv6Address, null, null);
    return all.select(EnumSet.allOf(Type.class));
  }

  /** The device a three-legged token names. */
  public static Device ofPhoneNumber(String phoneNumber) {
    return of(phoneNumber, null, null, null);
  }

  /**
   * Reads a CAMARA {@code Device} object.
   *
   * @throws CamaraException 400 INVALID_ARGUMENT if the object is empty or ill-typed, and as {@link #of}
   */
  public static Device fromJson(JsonObject json) {
    if (json == null || json.isEmpty()) {
      throw CamaraException.invalidArgument("The device object must not be empty.");
    }
    try {
      JsonObject v4 = json.getJsonObject("ipv4Address");
      Ipv4 ipv4 = v4 == null ? null
          : new Ipv4(v4.getString("publicAddress"), v4.getString("privateAddress"), v4.getInteger("publicPort"));
      return of(json.getString("phoneNumber"), ipv4, json.getString("ipv6Address"),
          json.getString("networkAccessIdentifier"));
    } catch (ClassCastException e) {
      throw CamaraException.invalidArgument("The device object has an identifier of the wrong type.");
    }
  }

  /**
   * Chooses the identifier of highest precedence among the given types.
   *
   * @throws CamaraException 422 UNSUPPORTED_IDENTIFIER if none of the given identifiers is supported
   */
  public Device select(Set<Type> supported) {
    for (Type t : Type.values()) {
      if (supported.contains(t) && has(t)) {
        return new Device(phoneNumber, ipv4, ipv6Address, t, identifierKey(t));
      }
    }
    throw CamaraException.unprocessable("UNSUPPORTED_IDENTIFIER",
        "None of the device identifiers given is supported by this service.");
  }

  /** The same device, identified by a subscriber key a device directory resolved. */
  public Device withKey(String subscriberKey) {
    return new Device(phoneNumber, ipv4, ipv6Address, type, Objects.requireNonNull(subscriberKey));
  }

  /** The chosen identifier type. */
  public Type type() {
    return type;
  }

  /** The stable key of this device: used for conflict checks, locks and lookups. */
  public String key() {
    return key;
  }

  public String phoneNumber() {
    return phoneNumber;
  }

  public Ipv4 ipv4() {
    return ipv4;
  }

  public String ipv6Address() {
    return ipv6Address;
  }

  /** The /64 prefix of the IPv6 address in a normalised form, or null. */
  public String ipv6Prefix() {
    return ipv6Address == null ? null : DeviceIdentifiers.ipv6Prefix64(ipv6Address);
  }

  /** True if the identifier of the given type was given. */
  public boolean has(Type t) {
    return switch (t) {
      case PHONE_NUMBER -> phoneNumber != null;
      case IPV4_ADDRESS -> ipv4 != null;
      case IPV6_ADDRESS -> ipv6Address != null;
    };
  }

  /** The CAMARA {@code DeviceResponse}: the chosen identifier only, with its original value. */
  public JsonObject toJson() {
    return switch (type) {
      case PHONE_NUMBER -> new JsonObject().put("phoneNumber", phoneNumber);
      case IPV4_ADDRESS -> new JsonObject().put("ipv4Address", ipv4Json());
      case IPV6_ADDRESS -> new JsonObject().put("ipv6Address", ipv6Address);
    };
  }

  /** Reads what {@link #toJson()} wrote, with the stored key. */
  public static Device fromStored(JsonObject json, String key) {
    return fromJson(json).withKey(key);
  }

  private JsonObject ipv4Json() {
    JsonObject o = new JsonObject().put("publicAddress", ipv4.publicAddress());
    if (ipv4.privateAddress() != null) {
      o.put("privateAddress", ipv4.privateAddress());
    }
    if (ipv4.publicPort() != null) {
      o.put("publicPort", ipv4.publicPort());
    }
    return o;
  }

  private String identifierKey(Type t) {
    return switch (t) {
      case PHONE_NUMBER -> "tel:" + phoneNumber;
      case IPV4_ADDRESS -> "ipv4:" + String.join(ipv4.privateAddress() != null ? "/" : ":",
          List.of(ipv4.publicAddress(),
              ipv4.privateAddress() != null ? ipv4.privateAddress() : String.valueOf(ipv4.publicPort())));
      case IPV6_ADDRESS -> "ipv6:" + ipv6Prefix();
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Device d && Objects.equals(key, d.key);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(key);
  }

  @Override
  public String toString() {
    // never the identifier itself: phone numbers must not reach the logs
    return "Device[type=" + type + "]";
  }
}
