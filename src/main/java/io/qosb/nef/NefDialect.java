package io.qosb.nef;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this operator's NEF departs from plain 3GPP Rel-18 behaviour ({@code nef.dialect.*}). The
 * defaults are Rel-18. The client applies the transport settings; the booking mapper applies the
 * body settings when it builds an AsSessionWithQoSSubscription.
 *
 * @param http2PriorKnowledge {@code nef.dialect.http2PriorKnowledge} (false): talk h2c with prior
 *     knowledge instead of HTTP/1.1 on http URLs
 * @param gpsiSupported {@code nef.dialect.gpsiSupported} (true): the NEF accepts {@code gpsi}; when
 *     false (pre-Rel-18 NEFs) a device must be named by IP address
 * @param dnn {@code nef.dialect.dnn} (none): DNN to add to every subscription
 * @param snssai {@code nef.dialect.snssai} (none): S-NSSAI {@code {sst, sd}} to add to every
 *     subscription; a copy is returned
 * @param flowIdStrategy {@code nef.dialect.flowIdStrategy} ({@code sequential})
 * @param flowDirection {@code nef.dialect.flowDirection} ({@code bidirectional})
 * @param listSupported {@code nef.dialect.listSupported} (true): the NEF lists an SCS/AS's
 *     subscriptions; when false the reconciler reads each subscription it holds instead
 */
public record NefDialect(
    boolean http2PriorKnowledge,
    boolean gpsiSupported,
    Optional<String> dnn,
    Optional<JsonObject> snssai,
    FlowIdStrategy flowIdStrategy,
    FlowDirection flowDirection,
    boolean listSupported) {

  private static final Pattern SD = Pattern.compile("^[A-Fa-f0-9]{6}$");

  /** How {@code flowInfo[].flowId} values are chosen. */
  public enum FlowIdStrategy {
    /** flowIds 1..n within each subscription (Rel-18 default). */
    SEQUENTIAL,
    /** A stable flowId derived from the flow description, for NEFs that key flows globally. */
    HASHED,
    /** Send no {@code flowInfo}; the QoS applies to the whole PDU session via {@code qosReference}. */
    OMIT
  }

  /** Which IPFilterRule directions go into {@code flowInfo[].flowDescriptions} (TS 29.214 5.3.8). */
  public enum FlowDirection {
    /** Both the uplink and the downlink rule, at most two entries (Rel-18 default). */
    BIDIRECTIONAL,
    /** Only the downlink rule. */
    DOWNLINK,
    /** Only the uplink rule. */
    UPLINK
  }

  public NefDialect {
    Objects.requireNonNull(dnn);
    Objects.requireNonNull(flowIdStrategy);
    Objects.requireNonNull(flowDirection);
    snssai = Objects.requireNonNull(snssai).map(JsonObject::copy);
  }

  /** The Rel-18 defaults. */
  public static NefDialect rel18() {
    return fromJson(null, "nef.dialect");
  }

  @Override
  public Optional<JsonObject> snssai() {
    return snssai.map(JsonObject::copy);
  }

  /**
   * Parses the {@code nef.dialect} section.
   *
   * @throws IllegalArgumentException naming the key of an invalid value
   */
  public static NefDialect fromJson(JsonObject json, String prefix) {
    ConfigValues values = new ConfigValues(json, prefix);
    return new NefDialect(
        values.bool("http2PriorKnowledge", false),
        values.bool("gpsiSupported", true),
        Optional.ofNullable(values.string("dnn", null)),
        Optional.ofNullable(snssai(values)),
        values.enumValue("flowIdStrategy", FlowIdStrategy.class, FlowIdStrategy.SEQUENTIAL),
        values.enumValue("flowDirection", FlowDirection.class, FlowDirection.BIDIRECTIONAL),
        values.bool("listSupported", true));
  }

  private static JsonObject snssai(ConfigValues values) {
    if (!values.has("snssai")) {
      return null;
    }
    JsonObject raw = rawSnssai(values);
    ConfigValues snssai = new ConfigValues(raw, values.name("snssai"));
    if (!snssai.has("sst")) {
      throw snssai.invalid("sst", "is required", "null");
    }
    JsonObject result = new JsonObject().put("sst", snssai.integer("sst", 0, 0, 255));
    String sd = snssai.string("sd", null);
    if (sd != null) {
      if (!SD.matcher(sd).matches()) {
        throw snssai.invalid("sd", "must be 6 hexadecimal digits", sd);
      }
      result.put("sd", sd.toUpperCase(java.util.Locale.ROOT));
    }
    return result;
  }

  private static JsonObject rawSnssai(ConfigValues values) {
    // an env override arrives as a string "1" or "1-000001": accept {sst} or sst-sd
    try {
      return values.object("snssai");
    } catch (IllegalArgumentException notAnObject) {
      String text = values.string("snssai", null);
      String[] parts = text.split("-", 2);
      JsonObject parsed = new JsonObject().put("sst", parts[0]);
      if (parts.length == 2) {
        parsed.put("sd", parts[1]);
      }
      return parsed;
    }
  }
}
