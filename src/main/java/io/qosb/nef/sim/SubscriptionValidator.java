package io.qosb.nef.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks an AsSessionWithQoSSubscription against TS 29.122 (V18.4.0) and the scenario's dialect:
 * required {@code notificationDestination}; exactly one UE identifier among {@code ueIpv4Addr},
 * {@code ueIpv6Addr}, {@code macAddr}, {@code gpsi}; some QoS ({@code qosReference},
 * {@code altQoSReferences}, {@code altQosReqs}, {@code tscQosReq} or {@code multiModDatFlows}); the
 * types and patterns of the attributes it knows. Unknown attributes are ignored, as a NEF would.
 */
public final class SubscriptionValidator {

  /** The UE identifiers of which exactly one must be present. */
  public static final List<String> UE_IDENTIFIERS = List.of("ueIpv4Addr", "ueIpv6Addr", "macAddr", "gpsi");
  private static final List<String> QOS_FIELDS = List.of("qosReference", "altQoSReferences", "altQosReqs", "tscQosReq", "multiModDatFlows");
  private static final Pattern IPV4 = Pattern.compile(
      "^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$");
  private static final Pattern IPV6 = Pattern.compile("^((([^:]+:){7}([^:]+))|((([^:]+:)*[^:]+)?::(([^:]+:)*[^:]+)?))$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:]+$");
  private static final Pattern MAC = Pattern.compile("^([0-9a-fA-F]{2})((-[0-9a-fA-F]{2}){5})$");
  private static final Pattern GPSI = Pattern.compile("^(msisdn-[0-9]{5,15}|extid-[^@]+@[^@]+)$");
  private static final Pattern SUPPORTED_FEATURES = Pattern.compile("^[A-Fa-f0-9]*$");

  private final SimDialect dialect;

  /**
   * @throws NullPointerException if dialect is null
   */
  public SubscriptionValidator(SimDialect dialect) {
    this.dialect = Objects.requireNonNull(dialect);
  }

  /**
   * @return the TS 29.122 InvalidParam objects ({@code param} as JSON pointer, {@code reason}); empty if valid
   */
  public List<JsonObject> validate(JsonObject subscription) {
    List<JsonObject> problems = new ArrayList<>();
    notificationDestination(subscription, problems);
    ueIdentifier(subscription, problems);
    if (QOS_FIELDS.stream().noneMatch(subscription::containsKey)) {
      problems.add(invalid("/qosReference", "one of " + QOS_FIELDS + " is required"));
    }
    typed(subscription, "qosReference", String.class, problems);
    typed(subscription, "exterAppId", String.class, problems);
    typed(subscription, "dnn", String.class, problems);
    nonEmptyArray(subscription, "altQoSReferences", problems);
    nonEmptyArray(subscription, "events", problems);
    if (subscription.getValue("supportedFeatures") instanceof String f && !SUPPORTED_FEATURES.matcher(f).matches()) {
      problems.add(invalid("/supportedFeatures", "must be hexadecimal"));
    }
    flowInfo(subscription, problems);
    usageThreshold(subscription, problems);
    snssai(subscription, problems);
    for (String seconds : List.of("qosDuration", "qosInactInt")) {
      if (subscription.containsKey(seconds) && !nonNegativeInteger(subscription.getValue(seconds))) {
        problems.add(invalid("/" + seconds, "must be a non-negative integer (seconds)"));
      }
    }
    if (dialect.requireDnn() && !subscription.containsKey("dnn")) {
      problems.add(invalid("/dnn", "is required by this NEF"));
    }
    if (dialect.requireSnssai() && !subscription.containsKey("snssai")) {
      problems.add(invalid("/snssai", "is required by this NEF"));
    }
    return problems;
  }

  private static void notificationDestination(JsonObject s, List<JsonObject> problems) {
    Object value = s.getValue("notificationDestination");
    if (value == null) {
      problems.add(invalid("/notificationDestination", "is required"));
      return;
    }
    try {
      URI uri = new URI(value instanceof String text ? text : "");
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        problems.add(invalid("/notificationDestination", "must be an absolute http or https URI"));
      }
    } catch (java.net.URISyntaxException e) {
      problems.add(invalid("/notificationDestination", "must be an absolute http or https URI"));
    }
  }

  private void ueIdentifier(JsonObject s, List<JsonObject> problems) {
    List<String> present = UE_IDENTIFIERS.stream().filter(s::containsKey).toList();
    if (present.size() != 1) {
      problems.add(invalid("/ueIpv4Addr", "exactly one of " + UE_IDENTIFIERS + " is required, got " + present));
    }
    pattern(s, "ueIpv4Addr", IPV4, "must be a dotted-decimal IPv4 address", problems);
    if (s.containsKey("ueIpv6Addr") && !(s.getValue("ueIpv6Addr") instanceof String v6
        && IPV6.matcher(v6).matches() && IPV6_CHARS.matcher(v6).matches())) {
      problems.add(invalid("/ueIpv6Addr", "must be an RFC 5952 IPv6 address"));
    }
    pattern(s, "macAddr", MAC, "must be a MAC address like 00-1a-2b-3c-4d-5e", problems);
    pattern(s, "gpsi", GPSI, "must be msisdn-<digits> or extid-<id>@<domain>", problems);
    if (!dialect.gpsiSupported() && s.containsKey("gpsi")) {
      problems.add(invalid("/gpsi", "is not supported by this NEF (pre-Rel-18); name the UE by IP or MAC address"));
    }
  }

  private static void flowInfo(JsonObject s, List<JsonObject> problems) {
    if (!s.containsKey("flowInfo")) {
      return;
    }
    if (!(s.getValue("flowInfo") instanceof JsonArray flows) || flows.isEmpty()) {
      problems.add(invalid("/flowInfo", "must be a non-empty array"));
      return;
    }
    for (int i = 0; i < flows.size(); i++) {
      String at = "/flowInfo/" + i;
      if (!(flows.getValue(i) instanceof JsonObject flow) || !(flow.getValue("flowId") instanceof Integer
          || flow.getValue("flowId") instanceof Long)) {
        problems.add(invalid(at + "/flowId", "is required and must be an integer"));
        continue;
      }
      Object descriptions = flow.getValue("flowDescriptions");
      if (descriptions != null && !(descriptions instanceof JsonArray d && !d.isEmpty() && d.size() <= 2
          && d.stream().allMatch(String.class::isInstance))) {
        problems.add(invalid(at + "/flowDescriptions", "must hold 1 or 2 strings"));
      }
    }
  }

  private static void usageThreshold(JsonObject s, List<JsonObject> problems) {
    if (!s.containsKey("usageThreshold")) {
      return;
    }
    if (!(s.getValue("usageThreshold") instanceof JsonObject threshold)) {
      problems.add(invalid("/usageThreshold", "must be an object"));
      return;
    }
    for (String key : List.of("duration", "totalVolume", "downlinkVolume", "uplinkVolume")) {
      if (threshold.containsKey(key) && !nonNegativeInteger(threshold.getValue(key))) {
        problems.add(invalid("/usageThreshold/" + key, "must be a non-negative integer"));
      }
    }
  }

  private static void snssai(JsonObject s, List<JsonObject> problems) {
    if (!s.containsKey("snssai")) {
      return;
    }
    if (!(s.getValue("snssai") instanceof JsonObject snssai) || !(snssai.getValue("sst") instanceof Integer sst)
        || sst < 0 || sst > 255) {
      problems.add(invalid("/snssai/sst", "is required and must be an integer 0-255"));
      return;
    }
    if (snssai.containsKey("sd") && !(snssai.getValue("sd") instanceof String sd && sd.matches("^[A-Fa-f0-9]{6}$"))) {
      problems.add(invalid("/snssai/sd", "must be 6 hexadecimal digits"));
    }
  }

  private static void typed(JsonObject s, String key, Class<?> type, List<JsonObject> problems) {
    if (s.containsKey(key) && !type.isInstance(s.getValue(key))) {
      problems.add(invalid("/" + key, "must be a " + type.getSimpleName().toLowerCase()));
    }
  }

  private static void nonEmptyArray(JsonObject s, String key, List<JsonObject> problems) {
    if (s.containsKey(key) && !(s.getValue(key) instanceof JsonArray a && !a.isEmpty())) {
      problems.add(invalid("/" + key, "must be a non-empty array"));
    }
  }

  private static void pattern(JsonObject s, String key, Pattern pattern, String reason, List<JsonObject> problems) {
    if (s.containsKey(key) && !(s.getValue(key) instanceof String v && pattern.matcher(v).matches())) {
      problems.add(invalid("/" + key, reason));
    }
  }

  private static boolean nonNegativeInteger(Object value) {
    return (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0;
  }

  private static JsonObject invalid(String param, String reason) {
    return new JsonObject().put("param", param).put("reason", reason);
  }
}
