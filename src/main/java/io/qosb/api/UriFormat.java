package io.qosb.api;

import java.util.regex.Pattern;

/**
 * The {@code uri} and {@code uri-reference} format checks of vertx-json-schema 5.0.10 ({@code
 * Format.testUri} / {@code testUriReference}), with the same verdicts, without their regexes.
 *
 * <p>Those regexes repeat a group with alternatives ({@code (?:[chars]|%[0-9a-f]{2})*}), which
 * {@code java.util.regex} matches by recursing once per character: until the JIT has compiled the
 * matcher, a value of about 2,000 characters overflows a thread's stack (a 500 for a valid sink of
 * 2,048 characters, issue 16). This class scans the same grammar (RFC 3986 as the regexes spell it,
 * ASCII case-insensitive) in loops; only the bracketed IPv6 literal, at most 45 characters, goes
 * through a regex, whose depth is bounded by the pattern. {@code SchemaCheckTest} compares the
 * verdicts with vertx-json-schema's on many values.
 *
 * <p>The grammar: {@code scheme ":" hier ["?" query] ["#" fragment]}, scheme required for {@code
 * uri} and optional for {@code uri-reference}; {@code hier} is {@code "//"? authority path-abempty}
 * (one slash also introduces an authority in those regexes), a path-absolute or a path-rootless,
 * required for {@code uri} and optional for {@code uri-reference}. The reference's regex also allows
 * {@code "} in the host, the path, the query and the fragment.
 */
final class UriFormat {

  /** The IPv6address of the regexes (inside the brackets); matched only on at most 45 characters. */
  private static final Pattern IPV6 = Pattern.compile("(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}"
      + "|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}"
      + "|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::"
      + "[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}"
      + "|(?:(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?))"
      + "|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)",
      Pattern.CASE_INSENSITIVE);

  /** The longest text {@link #IPV6} matches: six groups of four hex digits and an IPv4 address. */
  private static final int IPV6_MAX = 45;

  // character sets (each also takes %XX where noted by the caller)
  private static final int SUB = 1;        // letters, digits, -._~!$&'()*+,;=
  private static final int COLON = 2;
  private static final int AT = 4;
  private static final int SLASH = 8;
  private static final int QUESTION = 16;
  private static final int QUOTE = 32;

  private static final int USERINFO = SUB | COLON;
  private static final int HOST = SUB;
  private static final int PCHAR = SUB | COLON | AT;
  private static final int QUERY = PCHAR | SLASH | QUESTION;

  private UriFormat() {
  }

  /** @return vertx-json-schema's verdict for {@code format: uri} */
  static boolean uri(String s) {
    return test(s, false);
  }

  /** @return vertx-json-schema's verdict for {@code format: uri-reference} */
  static boolean uriReference(String s) {
    return test(s, true);
  }

  private static boolean test(String value, boolean reference) {
    String s = withoutFinalLineTerminator(value);
    int quote = reference ? QUOTE : 0;
    int n = s.length();
    // the hier part holds neither '?' nor '#'; the query holds no '#'; the fragment runs to the end
    int hierEnd = 0;
    while (hierEnd < n && s.charAt(hierEnd) != '?' && s.charAt(hierEnd) != '#') {
      hierEnd++;
    }
    int i = hierEnd;
    if (i < n && s.charAt(i) == '?') {
      i = scan(s, i + 1, n, QUERY | quote, true);
    }
    if (i < n && s.charAt(i) == '#') {
      i = scan(s, i + 1, n, QUERY | quote, true);
    }
    if (i != n) {
      return false;
    }
    int colon = s.indexOf(':');
    boolean scheme = colon > 0 && colon < hierEnd && scheme(s, colon);
    if (scheme && hier(s, colon + 1, hierEnd, reference)) {
      return true;
    }
    return reference && hier(s, 0, hierEnd, true);
  }

  /**
   * The regexes end with {@code $}, which (without MULTILINE) also matches before a line terminator
   * that ends the input: "\r\n", or one of '\n' (not after '\r'), '\r', U+0085, U+2028, U+2029.
   */
  private static String withoutFinalLineTerminator(String s) {
    int n = s.length();
    if (n == 0) {
      return s;
    }
    char last = s.charAt(n - 1);
    if (last == '\n') {
      return s.substring(0, n >= 2 && s.charAt(n - 2) == '\r' ? n - 2 : n - 1);
    }
    return last == '\r' || last == '\u0085' || last == '\u2028' || last == '\u2029' ? s.substring(0, n - 1) : s;
  }

  /** {@code [a-z][a-z0-9+\-.]*} on {@code s[0, end)}. */
  private static boolean scheme(String s, int end) {
    if (!letter(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = s.charAt(i);
      if (!letter(c) && !digit(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** The hier part {@code s[from, to)}: authority and path, path-absolute or path-rootless. */
  private static boolean hier(String s, int from, int to, boolean reference) {
    int quote = reference ? QUOTE : 0;
    if (from == to) {
      return reference;
    }
    if (s.charAt(from) != '/') {
      // path-rootless: a first segment of at least one character, then segments
      return path(s, from, to, quote);
    }
    // path-absolute: "/" alone or followed by a segment of at least one character
    if (from + 1 == to || s.charAt(from + 1) != '/' && path(s, from + 1, to, quote)) {
      return true;
    }
    // "/" or "//" then authority and path-abempty
    return authorityAndPath(s, from + 1, to, quote)
        || s.charAt(from + 1) == '/' && authorityAndPath(s, from + 2, to, quote);
  }

  /** Segments of pchars separated by '/'. */
  private static boolean path(String s, int from, int to, int quote) {
    return scan(s, from, to, PCHAR | SLASH | quote, true) == to;
  }

  private static boolean authorityAndPath(String s, int from, int to, int quote) {
    int slash = from;
    while (slash < to && s.charAt(slash) != '/') {
      slash++;
    }
    return authority(s, from, slash, quote) && path(s, slash, to, quote);
  }

  /** {@code [userinfo "@"] host [":" digits]} on {@code s[from, to)}, which holds no '/'. */
  private static boolean authority(String s, int from, int to, int quote) {
    int at = s.indexOf('@', from);
    int host = from;
    if (at >= 0 && at < to) {
      if (scan(s, from, at, USERINFO, true) != at) {
        return false;
      }
      host = at + 1;
    }
    int hostEnd;
    if (host < to && s.charAt(host) == '[') {
      int close = s.indexOf(']', host);
      if (close < 0 || close >= to || !ipLiteral(s, host + 1, close)) {
        return false;
      }
      hostEnd = close + 1;
    } else {
      hostEnd = scan(s, host, to, HOST | quote, true);
    }
    if (hostEnd == to) {
      return true;
    }
    if (s.charAt(hostEnd) != ':') {
      return false;
    }
    for (int i = hostEnd + 1; i < to; i++) {
      if (!digit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** IPv6address or {@code [Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+} on {@code s[from, to)}. */
  private static boolean ipLiteral(String s, int from, int to) {
    if (from < to && (s.charAt(from) == 'v' || s.charAt(from) == 'V')) {
      int i = from + 1;
      while (i < to && hex(s.charAt(i))) {
        i++;
      }
      if (i > from + 1 && i < to && s.charAt(i) == '.' && i + 1 < to && scan(s, i + 1, to, USERINFO, false) == to) {
        return true;
      }
    }
    return to - from <= IPV6_MAX && IPV6.matcher(s).region(from, to).matches();
  }

  /**
   * @return the index of the first character of {@code s[from, to)} outside {@code set} (a '%' and
   *     two hex digits count as one character of the set if {@code percent})
   */
  private static int scan(String s, int from, int to, int set, boolean percent) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (in(c, set)) {
        i++;
      } else if (percent && c == '%' && i + 2 < to && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2))) {
        i += 3;
      } else {
        return i;
      }
    }
    return i;
  }

  private static boolean in(char c, int set) {
    if (letter(c) || digit(c)) {
      return (set & SUB) != 0;
    }
    return switch (c) {
      case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=' -> (set & SUB) != 0;
      case ':' -> (set & COLON) != 0;
      case '@' -> (set & AT) != 0;
      case '/' -> (set & SLASH) != 0;
      case '?' -> (set & QUESTION) != 0;
      case '"' -> (set & QUOTE) != 0;
      default -> false;
    };
  }

  private static boolean letter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean hex(char c) {
    return digit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }
}
