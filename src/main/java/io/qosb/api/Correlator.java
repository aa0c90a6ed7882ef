package io.qosb.api;

import io.qosb.booking.CamaraException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Handles CAMARA's {@code x-correlator}: checks it against the specs' pattern, echoes it on every
 * response (errors included) and keeps it for log lines.
 */
public final class Correlator implements Handler<RoutingContext> {

  /** Header name. */
  public static final String HEADER = "x-correlator";
  private static final String KEY = "qosb.correlator";
  private static final Pattern PATTERN = Pattern.compile("^[a-zA-Z0-9-_:;.\\/<>{}]{0,256}$");

  @Override
  public void handle(RoutingContext rc) {
    String value = rc.request().getHeader(HEADER);
    if (value == null) {
      rc.next();
      return;
    }
    if (!PATTERN.matcher(value).matches()) {
      rc.fail(CamaraException.invalidArgument("Header x-correlator must match ^[a-zA-Z0-9-_:;.\\/<>{}]{0,256}$."));
      return;
    }
    rc.put(KEY, value);
    rc.response().putHeader(HEADER, value);
    rc.next();
  }

  /** @return the request's correlator, or "-" when it sent none */
  public static String get(RoutingContext rc) {
    String v = rc.get(KEY);
    return v == null ? "-" : v;
  }
}
