package io.qosb.booking;

/**
 * QB's optional flow description, each part the JSON text the consumer sent, echoed unchanged.
 *
 * @param applicationServer {@code applicationServer} object or null
 * @param devicePorts {@code devicePorts} object or null
 * @param applicationServerPorts {@code applicationServerPorts} object or null
 */
public record FlowSpec(String applicationServer, String devicePorts, String applicationServerPorts) {

  /** No flow restriction. */
  public static final FlowSpec NONE = new FlowSpec(null, null, null);

  /** True if no part is set. */
  public boolean isEmpty() {
    return applicationServer == null && devicePorts == null && applicationServerPorts == null;
  }
}
