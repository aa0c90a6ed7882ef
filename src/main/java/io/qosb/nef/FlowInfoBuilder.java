package io.qosb.nef;

import io.qosb.booking.Device;
import io.qosb.booking.FlowSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Builds {@code flowInfo} from QB's applicationServer, devicePorts and applicationServerPorts: one
 * FlowInfo whose flowDescriptions are IPFilterRules (TS 29.214 5.3.8), downlink
 * {@code permit out ip from AS [ports] to UE [ports]} and uplink
 * {@code permit out ip from UE [ports] to AS [ports]}, as {@link NefDialect#flowDirection()} selects;
 * the flowId as {@link NefDialect#flowIdStrategy()} says. A device named by phone number has no known
 * address: {@code any} stands for it.
 */
final class FlowInfoBuilder {

  private final NefDialect dialect;

  FlowInfoBuilder(NefDialect dialect) {
    this.dialect = Objects.requireNonNull(dialect);
  }

  /** The flowInfo array, or empty when the booking restricts no flow or the dialect omits flows. */
  Optional<JsonArray> build(FlowSpec flows, Device device) {
    if (flows.isEmpty() || dialect.flowIdStrategy() == NefDialect.FlowIdStrategy.OMIT) {
      return Optional.empty();
    }
    String server = serverAddress(flows.applicationServer(), device);
    String ue = ueAddress(device);
    String uePorts = ports(flows.devicePorts());
    String asPorts = ports(flows.applicationServerPorts());
    List<String> descriptions = new ArrayList<>();
    if (dialect.flowDirection() != NefDialect.FlowDirection.UPLINK) {
      descriptions.add(rule(server, asPorts, ue, uePorts));
    }
    if (dialect.flowDirection() != NefDialect.FlowDirection.DOWNLINK) {
      descriptions.add(rule(ue, uePorts, server, asPorts));
    }
    JsonObject flow = new JsonObject().put("flowId", flowId(descriptions)).put("flowDescriptions", new JsonArray(descriptions));
    return Optional.of(new JsonArray().add(flow));
  }

  private int flowId(List<String> descriptions) {
    if (dialect.flowIdStrategy() == NefDialect.FlowIdStrategy.SEQUENTIAL) {
      return 1;
    }
    CRC32 crc = new CRC32();
    crc.update(String.join("\n", descriptions).getBytes(StandardCharsets.UTF_8));
    // positive and within int32, stable for the same flow
    return (int) (crc.getValue() & 0x7fffffffL) | 1;
  }

  private static String rule(String from, String fromPorts, String to, String toPorts) {
    return "permit out ip from " + from + (fromPorts.isEmpty() ? "" : " " + fromPorts)
        + " to " + to + (toPorts.isEmpty() ? "" : " " + toPorts);
  }

  /** The AS address of the device's family when both are given; {@code any} when none is. */
  private static String serverAddress(String applicationServer, Device device) {
    if (applicationServer == null) {
      return "any";
    }
    JsonObject as = new JsonObject(applicationServer);
    String v4 = as.getString("ipv4Address");
    String v6 = as.getString("ipv6Address");
    boolean ipv6Device = device.type() == Device.Type.IPV6_ADDRESS;
    if (ipv6Device && v6 != null || v4 == null) {
      return v6 == null ? "any" : v6;
    }
    return v4;
  }

  private static String ueAddress(Device device) {
    return switch (device.type()) {
      case IPV4_ADDRESS -> device.ipv4().privateAddress() != null ? device.ipv4().privateAddress()
          : device.ipv4().publicAddress();
      case IPV6_ADDRESS -> device.ipv6Address();
      case PHONE_NUMBER -> "any";
    };
  }

  /** CAMARA PortsSpec as an IPFilterRule port list: {@code 80,443,8000-8080}; empty for none. */
  static String ports(String portsSpec) {
    if (portsSpec == null) {
      return "";
    }
    JsonObject spec = new JsonObject(portsSpec);
    List<String> parts = new ArrayList<>();
    JsonArray ports = spec.getJsonArray("ports", new JsonArray());
    ports.forEach(p -> parts.add(String.valueOf(p)));
    JsonArray ranges = spec.getJsonArray("ranges", new JsonArray());
    for (Object r : ranges) {
      JsonObject range = (JsonObject) r;
      parts.add(range.getValue("from") + "-" + range.getValue("to"));
    }
    return String.join(",", parts);
  }
}
