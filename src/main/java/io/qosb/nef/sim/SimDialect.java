package io.qosb.nef.sim;

import io.qosb.nef.ConfigValues;
import java.util.Objects;

/**
 * NEF quirks the simulator can reproduce ({@code dialect} in a scenario file). Defaults are plain
 * Rel-18 behaviour.
 *
 * @param location how the 201 names the new resource ({@code absolute})
 * @param gpsiSupported whether {@code gpsi} is accepted (true); false imitates a pre-Rel-18 NEF
 * @param requireDnn whether {@code dnn} must be present (false)
 * @param requireSnssai whether {@code snssai} must be present (false)
 * @param deleteResponse how DELETE answers ({@code no_content})
 * @param http2 whether h2c (prior knowledge and upgrade) is accepted besides HTTP/1.1 (true)
 * @param self how the {@code self} of a listed subscription is written ({@code as_created})
 * @param listSupported whether {@code GET .../subscriptions} lists (true); false answers an empty
 *     list, as NEFs without subscription listing do
 */
public record SimDialect(
    LocationStyle location,
    boolean gpsiSupported,
    boolean requireDnn,
    boolean requireSnssai,
    DeleteResponse deleteResponse,
    boolean http2,
    SelfStyle self,
    boolean listSupported) {

  /** How a listed subscription's {@code self} is written. */
  public enum SelfStyle {
    /** The absolute URL, as at creation. */
    AS_CREATED,
    /** The same resource written differently: upper-case scheme, an unreserved character percent-encoded, a trailing slash. */
    VARIANT
  }

  /** The form of the 201's reference to the created subscription. */
  public enum LocationStyle {
    /** {@code Location: http://host:port/3gpp-as-session-with-qos/v1/...}. */
    ABSOLUTE,
    /** {@code Location: /3gpp-as-session-with-qos/v1/...} (path-absolute). */
    RELATIVE,
    /** {@code Location: host:port/3gpp-as-session-with-qos/v1/...} (no scheme). */
    SCHEME_LESS,
    /** No Location header; only the body's {@code self}. */
    SELF_ONLY
  }

  /** The answer to a successful DELETE. */
  public enum DeleteResponse {
    /** 204 without body. */
    NO_CONTENT,
    /** 200 with a final UserPlaneNotificationData (USAGE_REPORT). */
    OK_WITH_BODY
  }

  public SimDialect {
    Objects.requireNonNull(location);
    Objects.requireNonNull(deleteResponse);
    Objects.requireNonNull(self);
  }

  /** Plain Rel-18 behaviour. */
  public static SimDialect rel18() {
    return new SimDialect(LocationStyle.ABSOLUTE, true, false, false, DeleteResponse.NO_CONTENT, true, SelfStyle.AS_CREATED, true);
  }

  static SimDialect parse(ConfigValues values) {
    return new SimDialect(
        values.enumValue("location", LocationStyle.class, LocationStyle.ABSOLUTE),
        values.bool("gpsiSupported", true),
        values.bool("requireDnn", false),
        values.bool("requireSnssai", false),
        values.enumValue("deleteResponse", DeleteResponse.class, DeleteResponse.NO_CONTENT),
        values.bool("http2", true),
        values.enumValue("self", SelfStyle.class, SelfStyle.AS_CREATED),
        values.bool("listSupported", true));
  }
}
