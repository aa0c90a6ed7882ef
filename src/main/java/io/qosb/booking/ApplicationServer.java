package io.qosb.booking;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * QB's {@code applicationServer}: an IPv4 address or network ({@code 198.51.100.7},
 * {@code 198.51.100.0/24}) and/or an IPv6 address or network ({@code 2001:db8::1},
 * {@code 2001:db8::/64}), as the CAMARA schema describes them in prose (it has no pattern). The
 * value ends up in the NEF's flow description, so nothing else may pass (issue 15, item 9).
 */
public final class ApplicationServer {

  private static final Pattern PREFIX_LENGTH = Pattern.compile("^(0|[1-9][0-9]{0,2})$");

  private ApplicationServer() {
  }

  /**
   * @param applicationServer the request's {@code applicationServer} object, or null
   * @throws CamaraException 400 INVALID_ARGUMENT naming the first malformed field
   */
  public static void check(JsonObject applicationServer) {
    if (applicationServer == null) {
      return;
    }
    Object v4 = applicationServer.getValue("ipv4Address");
    if (v4 != null && !(v4 instanceof String s && valid(s, 32, true))) {
      throw CamaraException.invalidArgument(
          "$.applicationServer.ipv4Address: must be an IPv4 address or address/prefix-length, e.g. 198.51.100.0/24.");
    }
    Object v6 = applicationServer.getValue("ipv6Address");
    if (v6 != null && !(v6 instanceof String s && valid(s, 128, false))) {
      throw CamaraException.invalidArgument(
          "$.applicationServer.ipv6Address: must be an IPv6 address or address/prefix-length, e.g. 2001:db8::/64.");
    }
  }

  private static boolean valid(String text, int maxLength, boolean ipv4) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (!PREFIX_LENGTH.matcher(length).matches() || Integer.parseInt(length) > maxLength) {
        return false;
      }
    }
    return ipv4 ? DeviceIdentifiers.isIpv4(address) : DeviceIdentifiers.isIpv6(address);
  }
}
