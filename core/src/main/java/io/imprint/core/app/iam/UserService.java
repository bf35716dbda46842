package io.imprint.core.app.iam;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.port.Store;
import java.util.List;

/**
 * The account's users, beyond the administrator of the first start. IBM invites users by e-mail
 * through its user management API; a self-hosted team has no IBMid service to invite from, so
 * Imprint makes a user by name (an extension, {@code /imprint/v1/users}), who then gets an API key
 * through {@code POST /v1/apikeys} like anyone. Names are unique, so that the CLI can name users.
 */
public final class UserService {
  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;

  public UserService(Store store, Deployment deployment, EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
  }

  public Identity createUser(String name) {
    IamChecks.requireName("name", name);
    var user =
        new Identity(
            "IBMid-" + deployment.ids().uuid().replace("-", "").substring(0, 10),
            Identity.Kind.USER,
            name,
            deployment.accountId(),
            deployment.now(),
            0);
    return store.write(
        tx -> {
          if (tx.iam().identitiesOf(Identity.Kind.USER).stream()
              .anyMatch(u -> u.name().equals(name))) {
            throw ApiException.conflict(
                ErrorCode.CONFLICT, "A user named " + name + " exists in the account.");
          }
          tx.iam().insertIdentity(user);
          events.record(tx, Change.of(Subject.of(user), "create", 201, "user"));
          return user;
        });
  }

  public List<Identity> listUsers() {
    return store.read(tx -> tx.iam().identitiesOf(Identity.Kind.USER));
  }
}
