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
   * The comparison key of an absolute subscription URL: two URLs naming the same resource on the
   * NEF have the same key even when written differently. Scheme and host are lower-cased, the
   * default port dropped, percent-escapes of unreserved characters decoded (others upper-cased),
   * dot segments removed and trailing slashes of the path dropped. The query is kept as written.
   * A value that is not a URI is its own key.
   *
   * @return the key; null for null
   */
  public static String key(String url) {
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
    String host = uri.getHost() == null ? uri.getRawAuthority().toLowerCase(Locale.ROOT) : uri.getHost().toLowerCase(Locale.ROOT);
    int port = port(uri);
    int defaultPort = "https".equals(scheme) ? 443 : 80;
    String path = unescapeUnreserved(uri.getRawPath() == null ? "" : uri.getRawPath());
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    StringBuilder key = new StringBuilder(scheme).append("://").append(host);
    if (port != defaultPort) {
      key.append(':').append(port);
    }
    key.append(path);
    if (uri.getRawQuery() != null) {
      key.append('?').append(uri.getRawQuery());
    }
    return key.toString();
  }

  /** Decodes %XX of unreserved characters (RFC 3986 2.3) and upper-cases the hex of the others. */
  private static String unescapeUnreserved(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length() && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
        char decoded = (char) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2)));
        if (decoded < 128 && (Character.isLetterOrDigit(decoded) || "-._~".indexOf(decoded) >= 0)) {
          out.append(decoded);
        } else {
          out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
        }
        i += 2;
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
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
