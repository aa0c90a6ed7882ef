package io.qosb.nef;

import java.util.Locale;

/** The NEF operations the client makes; the {@code operation} tag of the NEF meters. */
public enum NefOperation {
  CREATE, READ, LIST, DELETE;

  /** The tag value. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
