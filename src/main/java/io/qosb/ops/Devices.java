package io.qosb.ops;

import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.nef.sim.SubscriberDirectory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the device directory from {@code devices.*}: {@code open} (every well-formed device
 * exists; the NEF is the judge) or {@code listed} (the subscribers of the simulated NEF's scenario,
 * or {@code devices.subscribers} with a remote NEF), with the identifier types
 * {@code devices.identifierTypes} offered. When {@code devices.directory} is not set, a remote NEF
 * without {@code devices.subscribers} gets {@code open} (the NEF judges each device at activation),
 * anything else {@code listed}.
 */
final class Devices {

  private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

  private Devices() {
  }

  /**
   * @param nefTypes the identifier types the NEF accepts (no phone numbers for a NEF without gpsi)
   */
  static DeviceDirectory directory(Settings s, SubscriberDirectory simulated, Set<Device.Type> nefTypes) {
    Set<Device.Type> types = types(s);
    types.retainAll(nefTypes);
    if (types.isEmpty()) {
      throw new ConfigException("devices.identifierTypes: none of the configured types is accepted by the NEF dialect");
    }
    List<DeviceDirectory.Entry> subscribers = simulated != null ? fromSimulator(simulated) : fromConfig(s);
    String chosen = s.string("devices.directory", null);
    String kind = chosen != null ? chosen : simulated == null && subscribers.isEmpty() ? "open" : "listed";
    DeviceDirectory directory = switch (kind) {
      case "open" -> DeviceDirectory.open(types);
      case "listed" -> DeviceDirectory.listed(subscribers, types);
      default -> throw new ConfigException("devices.directory: expected open or listed, got '" + kind + "'");
    };
    LOG.info("device directory in force [directory: {}, reason: {}, subscribers: {}]", kind,
        reason(chosen, simulated, subscribers.isEmpty()), kind.equals("listed") ? subscribers.size() : "-");
    return directory;
  }

  private static String reason(String chosen, SubscriberDirectory simulated, boolean noSubscribers) {
    if (chosen != null) {
      return "devices.directory=" + chosen;
    }
    if (simulated != null) {
      return "nef.mode=simulated: the simulated NEF's subscriber list";
    }
    return noSubscribers ? "nef.mode=remote without devices.subscribers: the NEF judges each device at activation"
        : "nef.mode=remote with devices.subscribers";
  }

  private static Set<Device.Type> types(Settings s) {
    Object value = s.value("devices.identifierTypes");
    if (value == null) {
      return EnumSet.allOf(Device.Type.class);
    }
    if (!(value instanceof JsonArray list) || list.isEmpty()) {
      throw new ConfigException("devices.identifierTypes: expected a non-empty list of phoneNumber, ipv4Address, ipv6Address");
    }
    Set<Device.Type> types = EnumSet.noneOf(Device.Type.class);
    for (Object o : list) {
      types.add(switch (String.valueOf(o)) {
        case "phoneNumber" -> Device.Type.PHONE_NUMBER;
        case "ipv4Address" -> Device.Type.IPV4_ADDRESS;
        case "ipv6Address" -> Device.Type.IPV6_ADDRESS;
        default -> throw new ConfigException("devices.identifierTypes: unknown type '" + o
            + "' (expected phoneNumber, ipv4Address, ipv6Address)");
      });
    }
    return types;
  }

  private static List<DeviceDirectory.Entry> fromSimulator(SubscriberDirectory sim) {
    return sim.entries().stream().map(e -> new DeviceDirectory.Entry(e.phoneNumber().orElse(null),
        e.ipv4().orElse(null), e.ipv6().orElse(null), e.eligible())).toList();
  }

  private static List<DeviceDirectory.Entry> fromConfig(Settings s) {
    Object value = s.value("devices.subscribers");
    List<DeviceDirectory.Entry> entries = new ArrayList<>();
    if (value instanceof JsonArray list) {
      for (int i = 0; i < list.size(); i++) {
        if (!(list.getValue(i) instanceof JsonObject e)) {
          throw new ConfigException("devices.subscribers[" + i + "]: expected an object");
        }
        entries.add(new DeviceDirectory.Entry(e.getString("phoneNumber"), e.getString("ipv4"),
            e.getString("ipv6"), e.getBoolean("eligible", true)));
      }
    }
    return entries;
  }
}
