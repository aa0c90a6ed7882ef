package io.qosb.nef.sim;

/** The AsSessionWithQoS operations the simulator serves; {@link #ANY} matches each of them in a fault. */
public enum SimOperation {
  CREATE, LIST, READ, UPDATE, MODIFY, DELETE, ANY
}
