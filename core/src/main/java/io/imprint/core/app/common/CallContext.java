package io.imprint.core.app.common;

/**
 * The API call a thread is serving, as far as events need it: the caller's address and user agent,
 * who IAM says it is (null before authentication, or without IAM), the request id ({@code
 * X-Request-Id}, the events' correlation id) and the path. The HTTP layer sets it when a request
 * starts and clears it when it ends; a thread with none (a job worker, the scheduler) makes changes
 * as the system.
 */
public record CallContext(
    String address, String userAgent, String requestId, String path, Caller caller) {
  /**
   * Who IAM says is calling: its IAM ID, name, kind ({@code user} or {@code serviceid}) and how it
   * proved it ({@code apikey}).
   */
  public record Caller(String iamId, String name, String kind, String credentialType) {}

  /** This call, made by {@code caller}. */
  public CallContext by(Caller caller) {
    return new CallContext(address, userAgent, requestId, path, caller);
  }

  // requests run on a virtual thread each, so a context can never outlive its request's thread
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  /** The call this thread serves, or null when it serves none. */
  public static CallContext current() {
    return CURRENT.get();
  }

  public static void set(CallContext context) {
    CURRENT.set(context);
  }

  public static void clear() {
    CURRENT.remove();
  }
}
