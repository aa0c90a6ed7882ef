package io.qosb.nef;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the subscription reference a NEF returns ({@code Location} header or {@code self}) into an
 * absolute URL on the configured NEF. NEFs in the field send: absolute URLs; path-absolute
 * references ({@code /3gpp-as-session-with-qos/v1/...}); references relative to the API root
 * ({@code scsAsId/subscriptions/id}) or to the SCS/AS ({@code subscriptions/id}); network-path
 * references ({@code //host:port/...}); and scheme-less ones ({@code host:port/...}).
 *
 * <p>A reference on another origin than {@code nef.url} (a NEF that reports its internal host name)
 * is rebased onto {@code nef.url}'s origin, so requests and credentials only ever go to the
 * configured NEF.
 */
public final class LocationResolver {

  private static final Logger LOG = LoggerFactory.getLogger(LocationResolver.class);
  private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern SCHEME_LESS = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:\\d{1,5})?/.*");

  private final URI apiRoot;
  private final String scsAsId;

  /**
   * @param apiRoot {@code nef.url}
   * @param scsAsId {@code nef.scsAsId}
   * @throws NullPointerException if an argument is null
   */
  public LocationResolver(URI apiRoot, String scsAsId) {
    this.apiRoot = Objects.requireNonNull(apiRoot);
    this.scsAsId = Objects.requireNonNull(scsAsId);
  }

  /**
   * @param reference the Location or self value
   * @return the absolute URL of the subscription on nef.url's origin
   * @throws IllegalArgumentException if the reference is blank or not a URI reference
   */
  public String resolve(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("empty subscription reference");
    }
    String ref = reference.trim();
    URI resolved;
    try {
      resolved = new URI(absolute(ref)).normalize();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("subscription reference is not a URI: " + e.getMessage());
    }
    return onOwnOrigin(resolved).toString();
  }

  private String absolute(String ref) {
    String scheme = apiRoot.getScheme();
    if (ABSOLUTE.matcher(ref).matches()) {
      return ref;
    }
    if (ref.startsWith("//")) {
      return scheme + ":" + ref;
    }
    if (ref.startsWith("/")) {
      return scheme + "://" + apiRoot.getRawAuthority() + ref;
    }
    if (looksLikeAuthority(ref)) {
      return scheme + "://" + ref;
    }
    String root = apiRoot.toString();
    if (ref.startsWith("subscriptions/")) {
      return root + "/" + scsAsId + "/" + ref;
    }
    return root + "/" + ref;
  }

  private boolean looksLikeAuthority(String ref) {
    if (!SCHEME_LESS.matcher(ref).matches()) {
      return false;
    }
    String first = ref.substring(0, ref.indexOf('/'));
    // "qos-booking-adapter/subscriptions/1" is relative; "nef.example:8443/..." or our own host is not
    return first.contains(":") || first.equalsIgnoreCase(apiRoot.getRawAuthority())
        || (first.contains(".") && !first.equals(scsAsId));
  }

  private URI onOwnOrigin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean sameOrigin = scheme.equals(apiRoot.getScheme().toLowerCase(Locale.ROOT))
        && Objects.equals(lower(uri.getHost()), lower(apiRoot.getHost()))
        && port(uri) == port(apiRoot);
    if (sameOrigin) {
      return uri;
    }
    URI rebased = URI.create(apiRoot.getScheme() + "://" + apiRoot.getRawAuthority() + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    LOG.warn("nef subscription reference on another origin rebased onto nef.url [from: {}, to: {}]", uri, rebased);
    return rebased;
  }

  /**
   * The form in which two URLs of one subscription compare equal (issue 15): scheme and host in lower
   * case, no default port, percent-escapes of unreserved characters decoded and the others in upper
   * case, dot segments removed, no trailing slash. The NEF's list may spell a subscription's {@code self}
   * differently from the {@code Location} of its creation; only this form is compared, requests still
   * go to the URL as the NEF gave it.
   *
   * @param url an absolute URL (as {@link #resolve} returns), or null
   * @return its canonical form; the input itself if it is not a URI
   */
  public static String canonical(String url) {
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url.trim()).normalize();
    } catch (URISyntaxException e) {
      return url;
    }
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      return url;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? uri.getRawAuthority().toLowerCase(Locale.ROOT) : lower(uri.getHost());
    int port = uri.getPort();
    boolean defaultPort = port < 0 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
    String path = escapes(uri.getRawPath() == null ? "" : uri.getRawPath());
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String query = uri.getRawQuery() == null ? "" : "?" + escapes(uri.getRawQuery());
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path + query;
  }

  /** Percent-escapes of unreserved characters decoded (RFC 3986 §6.2.2.2), the others in upper case. */
  private static String escapes(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        char decoded = (char) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
        if ((decoded < 128 && Character.isLetterOrDigit(decoded)) || "-._~".indexOf(decoded) >= 0) {
          out.append(decoded);
        } else {
          out.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
        }
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static String lower(String host) {
    return host == null ? null : host.toLowerCase(Locale.ROOT);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
