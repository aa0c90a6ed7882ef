package io.qosb.booking;

import java.util.Objects;

/**
 * A failure that the adapter answers with CAMARA's {@code ErrorInfo} body: an HTTP status, a CAMARA
 * {@code code} and a message a developer can act on. Thrown by the domain and by the API layer and
 * mapped to a response in exactly one failure handler.
 */
public class CamaraException extends RuntimeException {

  private final int status;
  private final String code;

  /**
   * @param status HTTP status (4xx or 5xx)
   * @param code CAMARA error code, e.g. {@code INVALID_ARGUMENT}
   * @param message human readable message without internal detail
   * @throws NullPointerException if code or message is null
   */
  public CamaraException(int status, String code, String message) {
    super(Objects.requireNonNull(message), null, false, false);
    this.status = status;
    this.code = Objects.requireNonNull(code);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static CamaraException invalidArgument(String message) {
    return new CamaraException(400, "INVALID_ARGUMENT", message);
  }

  public static CamaraException outOfRange(String message) {
    return new CamaraException(400, "OUT_OF_RANGE", message);
  }

  public static CamaraException unauthenticated(String message) {
    return new CamaraException(401, "UNAUTHENTICATED", message);
  }

  public static CamaraException permissionDenied(String message) {
    return new CamaraException(403, "PERMISSION_DENIED", message);
  }

  public static CamaraException notFound(String message) {
    return new CamaraException(404, "NOT_FOUND", message);
  }

  public static CamaraException notFoundProfile() {
    return new CamaraException(404, "NOT_FOUND", "The QoS profile does not exist or is not available.");
  }

  public static CamaraException identifierNotFound(String message) {
    return new CamaraException(404, "IDENTIFIER_NOT_FOUND", message);
  }

  public static CamaraException incompatibleState(String message) {
    return new CamaraException(409, "INCOMPATIBLE_STATE", message);
  }

  public static CamaraException unprocessable(String code, String message) {
    return new CamaraException(422, code, message);
  }

  public static CamaraException unavailable(String message) {
    return new CamaraException(503, "UNAVAILABLE", message);
  }

  public static CamaraException internal() {
    return new CamaraException(500, "INTERNAL", "The service failed to process the request; try again later.");
  }
}
