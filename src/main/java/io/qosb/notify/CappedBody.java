package io.qosb.notify;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body kept in memory up to a bound (issue 15): a consumer's endpoint that answers more
 * fails the call instead of filling the heap; the bytes beyond the bound are read and dropped until
 * the request timeout ends the call.
 */
final class CappedBody implements BodyStream<Buffer> {

  private final int max;
  private final Buffer body = Buffer.buffer();
  private final Promise<Buffer> result = Promise.promise();
  private boolean over;

  private CappedBody(int max) {
    this.max = max;
  }

  /** A codec whose body is at most {@code max} bytes; a larger one fails the response. */
  static BodyCodec<Buffer> codec(int max) {
    return () -> new CappedBody(max);
  }

  @Override
  public Future<Buffer> result() {
    return result.future();
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (!over && body.length() + data.length() > max) {
      over = true;
      result.tryFail(new IllegalStateException("response body larger than " + max + " bytes"));
    }
    if (!over) {
      body.appendBuffer(data);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    result.tryComplete(body);
    return Future.succeededFuture();
  }

  @Override
  public void handle(Throwable failure) {
    result.tryFail(failure);
  }

  @Override
  public CappedBody exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public CappedBody setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public CappedBody drainHandler(Handler<Void> handler) {
    return this;
  }
}
