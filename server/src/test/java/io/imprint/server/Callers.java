package io.imprint.server;

import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.Policy;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.PolicySubject;
import io.imprint.core.domain.iam.Role;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Users of a test server other than its administrator: an identity written straight to the store,
 * with the role it is given, and a client that calls as it.
 */
final class Callers {
  private Callers() {}

  /** A new user with no policy at all. */
  static String user(TestServer server, String name) {
    var iamId = "IBMid-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    server
        .server()
        .store()
        .write(
            tx -> {
              tx.iam()
                  .insertIdentity(
                      new Identity(
                          iamId,
                          Identity.Kind.USER,
                          name,
                          "a1b2c3d4e5f60718293a4b5c6d7e8f90",
                          Instant.now(),
                          0));
              return null;
            });
    return iamId;
  }

  /** A new user holding {@code role} on {@code scope}, and a client calling as it. */
  static Api holding(TestServer server, Role role, PolicyResource scope) {
    var iamId = user(server, role.displayName().toLowerCase() + "-" + UUID.randomUUID());
    grant(server, iamId, role, scope);
    return server.api().as(server.tokenOf(iamId));
  }

  /** A policy written straight to the store (the policies API is tested on its own). */
  static void grant(TestServer server, String iamId, Role role, PolicyResource scope) {
    server
        .server()
        .store()
        .write(
            tx -> {
              tx.policies()
                  .insert(
                      new Policy(
                          UUID.randomUUID().toString(),
                          PolicySubject.identity(iamId),
                          Set.of(role),
                          scope,
                          null,
                          Instant.now(),
                          "test",
                          0));
              return null;
            });
    server.server().accessChanged();
  }
}
