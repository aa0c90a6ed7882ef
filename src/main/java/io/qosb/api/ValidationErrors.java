package io.qosb.api;

import io.qosb.booking.CamaraException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Turns the OpenAPI validator's failures into CAMARA errors (SPEC-NOTES §A-5, §A-7, §A-9, §A-10):
 * numeric bounds give OUT_OF_RANGE, a duration out of bounds the API's own code, credential and sink
 * problems INVALID_CREDENTIAL / INVALID_TOKEN / INVALID_SINK, a QoS Booking area problem 422
 * QOS_BOOKING.INVALID_AREA, everything else INVALID_ARGUMENT. The message names the field.
 */
public final class ValidationErrors {

  private static final Set<String> RANGE_KEYWORDS = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");

  private ValidationErrors() {
  }

  /**
   * @param api the API whose codes apply
   * @param failure what the validator raised
   * @return the CAMARA error to answer with
   */
  public static CamaraException toCamara(Api api, Throwable failure) {
    if (failure instanceof SchemaValidationException sve && sve.getOutputUnit() != null) {
      List<Problem> problems = new ArrayList<>();
      collect(sve.getOutputUnit(), problems);
      dropUnselectedCredentialBranches(problems);
      return problems.stream().map(p -> p.toCamara(api)).min(Comparator.comparingInt(ValidationErrors::rank))
          .orElseGet(() -> CamaraException.invalidArgument(clean(sve.getMessage())));
    }
    if (failure instanceof ValidatorException ve) {
      return CamaraException.invalidArgument(clean(ve.getMessage()));
    }
    return CamaraException.invalidArgument("Client specified an invalid argument, request body or query param.");
  }

  /**
   * When no branch of the {@code sinkCredential} oneOf matches, the validator also reports the
   * branches of the other credential types as "credentialType does not match" ({@code enum},
   * {@code not} and the enclosing {@code properties} / {@code additionalProperties}). If the credential has problems of its own (e.g. {@code accessTokenType} not
   * bearer), those are the cause: the credentialType is supported and must not yield
   * INVALID_CREDENTIAL.
   */
  private static void dropUnselectedCredentialBranches(List<Problem> problems) {
    boolean own = problems.stream().anyMatch(p -> p.field().equals("sinkCredential")
        || p.field().startsWith("sinkCredential.") && !p.field().equals("sinkCredential.credentialType"));
    if (own) {
      problems.removeIf(p -> p.field().equals("sinkCredential.credentialType") && !p.keyword().equals("type"));
    }
  }

  private static void collect(OutputUnit unit, List<Problem> out) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(u -> collect(u, out));
    } else if (unit.getError() != null || unit.getKeywordLocation() != null) {
      out.add(new Problem(keyword(unit.getKeywordLocation()), field(unit.getInstanceLocation()),
          unit.getError() == null ? "is not valid" : unit.getError()));
    }
  }

  private static int rank(CamaraException e) {
    return switch (e.code()) {
      case "INVALID_CREDENTIAL" -> 0;
      case "INVALID_TOKEN" -> 1;
      case "INVALID_SINK" -> 2;
      case "QOS_BOOKING.INVALID_AREA" -> 4;
      case "OUT_OF_RANGE" -> 5;
      case "INVALID_ARGUMENT" -> 6;
      default -> 3;
    };
  }

  private static String keyword(String keywordLocation) {
    if (keywordLocation == null) {
      return "";
    }
    return keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
  }

  /** {@code #/device/ipv4Address/publicPort} -> {@code device.ipv4Address.publicPort}. */
  static String field(String instanceLocation) {
    if (instanceLocation == null) {
      return "";
    }
    String s = instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    s = s.startsWith("/") ? s.substring(1) : s;
    return s.replace('/', '.').replace("~1", "/").replace("~0", "~");
  }

  private static String clean(String message) {
    if (message == null) {
      return "Client specified an invalid argument, request body or query param.";
    }
    String line = message.lines().findFirst().orElse(message);
    return line.length() > 500 ? line.substring(0, 500) : line;
  }

  private record Problem(String keyword, String field, String error) {

    CamaraException toCamara(Api api) {
      String message = (field.isEmpty() ? "Request body" : "$." + field) + ": " + clean(error);
      String leaf = field.substring(field.lastIndexOf('.') + 1);
      boolean range = RANGE_KEYWORDS.contains(keyword);
      if (field.startsWith("sinkCredential") && leaf.equals("credentialType")) {
        return new CamaraException(400, "INVALID_CREDENTIAL", "Only Access token or Private key JWT are supported: " + message);
      }
      if (field.startsWith("sinkCredential") && (leaf.equals("accessTokenType") || leaf.equals("accessTokenExpiresUtc"))) {
        return new CamaraException(400, "INVALID_TOKEN", message);
      }
      if (field.equals("sink") && !keyword.equals("type")) {
        return new CamaraException(400, "INVALID_SINK", message);
      }
      if (field.equals("duration") && range && api.durationCode() != null) {
        return new CamaraException(400, api.durationCode(), message);
      }
      if (api == Api.QOS_BOOKING && field.startsWith("serviceArea.") && !field.equals("serviceArea.areaType")) {
        return new CamaraException(422, "QOS_BOOKING.INVALID_AREA", message);
      }
      return range ? CamaraException.outOfRange(message) : CamaraException.invalidArgument(message);
    }
  }
}
