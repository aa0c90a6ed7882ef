package io.qosb.api.openapi;

/** One fact that differs between the official document (expected) and the project's (actual). */
record Difference(String document, String location, String keyword, String expected, String actual) {

  @Override
  public String toString() {
    return document + " " + location + " [" + keyword + "]: official " + expected + ", project " + actual;
  }
}
