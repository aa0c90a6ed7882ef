package io.qosb.nef.sim;

import io.qosb.nef.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The devices a simulated network knows ({@code subscriberDirectory} in a scenario file), each with
 * an {@code eligible} flag. The booking engine asks it to tell an unknown device
 * (IDENTIFIER_NOT_FOUND) from one that may not get QoS (SERVICE_NOT_APPLICABLE). Without a
 * directory in the scenario every device is {@link Eligibility#ELIGIBLE}.
 */
public final class SubscriberDirectory {

  /** What the network knows about a device. */
  public enum Eligibility { UNKNOWN, ELIGIBLE, NOT_ELIGIBLE }

  /**
   * One known device; at least one identifier is present.
   *
   * @param phoneNumber E.164 with leading {@code +}
   * @param ipv4 dotted decimal
   * @param ipv6 any RFC 5952 form
   * @param eligible whether it may get QoS
   */
  public record Entry(Optional<String> phoneNumber, Optional<String> ipv4, Optional<String> ipv6, boolean eligible) {
    public Entry {
      Objects.requireNonNull(phoneNumber);
      Objects.requireNonNull(ipv4);
      Objects.requireNonNull(ipv6);
    }
  }

  private final List<Entry> entries;
  private final boolean permissive;

  private SubscriberDirectory(List<Entry> entries, boolean permissive) {
    this.entries = List.copyOf(entries);
    this.permissive = permissive;
  }

  /** A directory in which every device is eligible (no {@code subscriberDirectory} in the scenario). */
  public static SubscriberDirectory permissive() {
    return new SubscriberDirectory(List.of(), true);
  }

  /**
   * A directory of exactly these devices.
   *
   * @throws NullPointerException if entries is null
   */
  public static SubscriberDirectory of(List<Entry> entries) {
    return new SubscriberDirectory(Objects.requireNonNull(entries), false);
  }

  /** Whether every device counts as eligible. */
  public boolean isPermissive() {
    return permissive;
  }

  public List<Entry> entries() {
    return entries;
  }

  /**
   * Looks a device up by any of its identifiers; null or absent identifiers are skipped. A device
   * matched by any identifier is known; it is eligible only if every matching entry is.
   */
  public Eligibility lookup(String phoneNumber, String ipv4, String ipv6) {
    if (permissive) {
      return Eligibility.ELIGIBLE;
    }
    Eligibility result = Eligibility.UNKNOWN;
    for (Entry entry : entries) {
      boolean match = matches(entry.phoneNumber(), phoneNumber, SubscriberDirectory::digits)
          || matches(entry.ipv4(), ipv4, SubscriberDirectory::ip)
          || matches(entry.ipv6(), ipv6, SubscriberDirectory::ip);
      if (match && !entry.eligible()) {
        return Eligibility.NOT_ELIGIBLE;
      }
      if (match) {
        result = Eligibility.ELIGIBLE;
      }
    }
    return result;
  }

  public Eligibility lookupPhoneNumber(String phoneNumber) {
    return lookup(phoneNumber, null, null);
  }

  public Eligibility lookupIpv4(String ipv4) {
    return lookup(null, ipv4, null);
  }

  public Eligibility lookupIpv6(String ipv6) {
    return lookup(null, null, ipv6);
  }

  /** Looks up the UE named in an AsSessionWithQoSSubscription (gpsi {@code msisdn-}, ueIpv4Addr, ueIpv6Addr). */
  public Eligibility lookupSubscription(JsonObject subscription) {
    String gpsi = subscription.getValue("gpsi") instanceof String g && g.startsWith("msisdn-") ? "+" + g.substring(7) : null;
    return lookup(gpsi, stringOrNull(subscription, "ueIpv4Addr"), stringOrNull(subscription, "ueIpv6Addr"));
  }

  static SubscriberDirectory parse(JsonArray array, String key) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String name = key + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject json)) {
        throw new IllegalArgumentException(name + ": must be an object");
      }
      ConfigValues values = new ConfigValues(json, name);
      Optional<String> phone = Optional.ofNullable(values.string("phoneNumber", null));
      if (phone.isPresent() && !phone.get().matches("^\\+[1-9][0-9]{4,14}$")) {
        throw values.invalid("phoneNumber", "must be E.164 with a leading +", phone.get());
      }
      Entry entry = new Entry(phone, Optional.ofNullable(values.string("ipv4", null)),
          Optional.ofNullable(values.string("ipv6", null)), values.bool("eligible", true));
      if (entry.phoneNumber().isEmpty() && entry.ipv4().isEmpty() && entry.ipv6().isEmpty()) {
        throw new IllegalArgumentException(name + ": needs phoneNumber, ipv4 or ipv6");
      }
      entries.add(entry);
    }
    return of(entries);
  }

  private static boolean matches(Optional<String> known, String asked, java.util.function.UnaryOperator<String> norm) {
    return asked != null && known.isPresent() && norm.apply(known.get()).equals(norm.apply(asked));
  }

  private static String digits(String phone) {
    return phone.replaceAll("[^0-9]", "");
  }

  /** Canonical form of a literal IP address (no DNS lookup: only literals reach here). */
  private static String ip(String address) {
    String literal = address.trim();
    if (!literal.matches("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$") && !literal.matches("^[0-9A-Fa-f:]*:[0-9A-Fa-f:]*$")) {
      return literal.toLowerCase(Locale.ROOT);
    }
    try {
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      return literal.toLowerCase(Locale.ROOT);
    }
  }

  private static String stringOrNull(JsonObject json, String key) {
    return json.getValue(key) instanceof String s ? s : null;
  }
}
