package io.qosb.booking;

import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A fixed list of subscribers, e.g. fed by the simulated NEF's scenario. */
final class ListedDeviceDirectory implements DeviceDirectory {

  private final List<Entry> entries;
  private final Set<Device.Type> supported;

  ListedDeviceDirectory(List<Entry> entries, Set<Device.Type> supported) {
    this.entries = List.copyOf(Objects.requireNonNull(entries));
    this.supported = EnumSet.copyOf(Objects.requireNonNull(supported));
  }

  @Override
  public Future<Device> resolve(Device device) {
    try {
      Device chosen = device.select(supported);
      Entry entry = find(chosen).orElseThrow(() -> CamaraException.identifierNotFound(
          "The device cannot be identified."));
      if (!entry.eligible()) {
        throw CamaraException.unprocessable("SERVICE_NOT_APPLICABLE",
            "The service is not available for the device.");
      }
      return Future.succeededFuture(chosen.withKey(subscriberKey(entry)));
    } catch (CamaraException e) {
      return Future.failedFuture(e);
    }
  }

  private Optional<Entry> find(Device d) {
    return entries.stream().filter(e -> matches(e, d)).findFirst();
  }

  private static boolean matches(Entry e, Device d) {
    return switch (d.type()) {
      case PHONE_NUMBER -> d.phoneNumber().equals(e.phoneNumber());
      case IPV4_ADDRESS -> e.ipv4Address() != null
          && (e.ipv4Address().equals(d.ipv4().publicAddress()) || e.ipv4Address().equals(d.ipv4().privateAddress()));
      case IPV6_ADDRESS -> e.ipv6Address() != null
          && DeviceIdentifiers.ipv6Prefix64(e.ipv6Address()).equals(d.ipv6Prefix());
    };
  }

  private static String subscriberKey(Entry e) {
    if (e.phoneNumber() != null) {
      return "tel:" + e.phoneNumber();
    }
    return e.ipv4Address() != null ? "ipv4:" + e.ipv4Address() : "ipv6:" + DeviceIdentifiers.ipv6Prefix64(e.ipv6Address());
  }
}
