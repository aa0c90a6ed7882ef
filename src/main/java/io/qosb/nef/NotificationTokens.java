package io.qosb.nef;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Notification tokens: each subscription gets its own {@code notificationDestination}
 * {@code {nef.notificationUrl}/{token}} with 208 random bits in the token, after a 48-bit time
 * prefix. The token authorises the NEF's callbacks for that subscription and, found in a NEF's list
 * (by the path of the destination, whichever replica's host it names), recognises a subscription as
 * this adapter's. Tokens are never logged.
 */
public final class NotificationTokens {

  private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");
  private static final int TOKEN_BYTES = 32;
  private static final int RANDOM_BYTES = 26;

  private final String base;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param notificationUrl {@code nef.notificationUrl}
   * @throws NullPointerException if notificationUrl is null
   */
  public NotificationTokens(URI notificationUrl) {
    String url = Objects.requireNonNull(notificationUrl).toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * A fresh token: the current epoch milliseconds in its first 6 bytes, so that tokens made together
   * share a prefix and a batch of new records touches a few pages of the token index instead of one
   * page per record; then {@value #RANDOM_BYTES} random bytes, the secret.
   */
  public String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    long millis = System.currentTimeMillis();
    for (int i = 0; i < TOKEN_BYTES - RANDOM_BYTES; i++) {
      bytes[i] = (byte) (millis >>> (8 * (TOKEN_BYTES - RANDOM_BYTES - 1 - i)));
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The notificationDestination of the subscription holding the token. */
  public String destination(String token) {
    return base + "/" + token;
  }

  /**
   * The token of a notificationDestination this adapter made, or empty for any other URL. Only the
   * path counts, not scheme, host and port: replicas sharing one store each advertise their own
   * {@code nef.notificationUrl}, and a subscription one of them created (e.g. before it died) must be
   * recognised by the others, or they create it a second time and never remove the first.
   */
  public Optional<String> tokenOf(String notificationDestination) {
    if (notificationDestination == null) {
      return Optional.empty();
    }
    String path;
    try {
      path = URI.create(notificationDestination).getRawPath();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String prefix = path().endsWith("/") ? path() : path() + "/";
    if (path == null || !path.startsWith(prefix)) {
      return Optional.empty();
    }
    String token = path.substring(prefix.length());
    return wellFormed(token) ? Optional.of(token) : Optional.empty();
  }

  /** The path the callbacks arrive on, without the token: the path of {@code nef.notificationUrl}. */
  public String path() {
    String path = URI.create(base).getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  /** Whether the text has the shape of a token (checked before any lookup). */
  public static boolean wellFormed(String token) {
    return token != null && TOKEN.matcher(token).matches();
  }
}
