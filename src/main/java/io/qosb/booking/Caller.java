package io.qosb.booking;

/**
 * The API consumer behind a request, as its access token names it.
 *
 * @param clientId the API consumer (claim client_id, else azp, else sub)
 * @param phoneNumber the device named by a three-legged token (E.164), or null for a two-legged token
 */
public record Caller(String clientId, String phoneNumber) {

  /** @return true when the token identifies a single device (three-legged) */
  public boolean threeLegged() {
    return phoneNumber != null;
  }
}
