package io.qosb.booking;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Syntax checks and normalisation of CAMARA device identifiers. */
final class DeviceIdentifiers {

  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{4,14}$");
  private static final Pattern IPV4 =
      Pattern.compile("^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:.]{2,45}$");

  private DeviceIdentifiers() {
  }

  static void checkPhoneNumber(String phone) {
    if (!E164.matcher(phone).matches()) {
      throw CamaraException.invalidArgument("The phoneNumber must be in E.164 format with a leading '+'.");
    }
  }

  static void checkIpv4(Device.Ipv4 ipv4) {
    if (ipv4.publicAddress() == null || !isIpv4(ipv4.publicAddress())) {
      throw CamaraException.invalidArgument("The ipv4Address.publicAddress must be an IPv4 address.");
    }
    if (ipv4.privateAddress() != null && !isIpv4(ipv4.privateAddress())) {
      throw CamaraException.invalidArgument("The ipv4Address.privateAddress must be an IPv4 address.");
    }
    if (ipv4.privateAddress() == null && ipv4.publicPort() == null) {
      throw CamaraException.invalidArgument("The ipv4Address needs privateAddress or publicPort besides publicAddress.");
    }
    if (ipv4.publicPort() != null && (ipv4.publicPort() < 0 || ipv4.publicPort() > 65_535)) {
      throw CamaraException.outOfRange("The ipv4Address.publicPort must be between 0 and 65535.");
    }
  }

  static boolean isIpv4(String s) {
    return IPV4.matcher(s).matches();
  }

  static void checkIpv6(String s) {
    parseIpv6(s);
  }

  static boolean isIpv6(String s) {
    try {
      parseIpv6(s);
      return true;
    } catch (CamaraException e) {
      return false;
    }
  }

  /** The first 64 bits as four lower-case hex groups, e.g. {@code 2001:db8:85a3:8d3}. */
  static String ipv6Prefix64(String s) {
    byte[] b = parseIpv6(s).getAddress();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
    }
    return sb.toString();
  }

  private static Inet6Address parseIpv6(String s) {
    // only literals reach InetAddress (a ':' in the text): no name lookup can happen
    if (!IPV6_CHARS.matcher(s).matches() || s.indexOf(':') < 0) {
      throw CamaraException.invalidArgument("The ipv6Address must be an IPv6 address.");
    }
    try {
      if (InetAddress.getByName(s) instanceof Inet6Address a) {
        return a;
      }
    } catch (UnknownHostException e) {
      // falls through to the error below
    }
    throw CamaraException.invalidArgument("The ipv6Address must be an IPv6 address.");
  }
}
