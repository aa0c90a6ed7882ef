package io.qosb.booking;

import java.util.Objects;

/**
 * Who calls the engine, as the access token says.
 *
 * @param clientId the API consumer (token {@code client_id}, {@code azp} or {@code sub})
 * @param phoneNumber the E.164 phone number of the device a three-legged token names, else null
 */
public record Caller(String clientId, String phoneNumber) {

  /**
   * @throws NullPointerException if clientId is null
   */
  public Caller {
    Objects.requireNonNull(clientId, "clientId");
  }

  /** A two-legged caller: the token names no device. */
  public static Caller twoLegged(String clientId) {
    return new Caller(clientId, null);
  }

  /** True if the token names one device, which then is the subject of every request. */
  public boolean threeLegged() {
    return phoneNumber != null;
  }

  /** The device the token names, or null for a two-legged token. */
  public Device tokenDevice() {
    return threeLegged() ? Device.ofPhoneNumber(phoneNumber) : null;
  }

  @Override
  public String toString() {
    return "Caller[clientId=" + clientId + ", threeLegged=" + threeLegged() + "]";
  }
}
