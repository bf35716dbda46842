package io.imprint.core.domain.iam;

import java.util.Set;

/**
 * IBM's platform roles and the actions each allows, by the action's verb ({@code
 * is.image.image.deprecate} → {@code deprecate}), as IBM documents for images and instances and as
 * the reference infers for the rest (§6): Viewer reads; Operator also operates (starts, stops and
 * reboots instances); Editor also creates, changes and deletes (attaching and detaching user tags
 * too, as IBM asks Editor on a resource to tag it); Administrator also grants access (IAM policies)
 * and manages the account: resource groups, the virtual clock, and the audit trail. Key Protect's
 * service roles map onto these: Reader is Viewer (lists keys, reads their metadata), Writer is
 * Operator (wraps, unwraps, rewraps), Manager is Editor (creates, rotates, disables, enables and
 * deletes keys).
 *
 * <p>Where IBM is silent Imprint chose, and docs/iam.md lists every role's actions: reading the
 * events is the Administrator's (they hold every user's actions and addresses), so is moving the
 * virtual clock (it moves time for everyone), and so are resource groups (Resource Controller's
 * account management). In IAM itself, Viewer reads service IDs, API keys and access groups and
 * Editor manages them (and locks and unlocks them), but managing access is the Administrator's:
 * making an API key (it acts as its identity), adding or removing group members (they get the
 * group's policies) and making users. An action of a verb not known here is the Administrator's
 * alone, so that a new route is never open by mistake.
 */
public enum Role {
  VIEWER("Viewer"),
  OPERATOR("Operator"),
  EDITOR("Editor"),
  ADMINISTRATOR("Administrator");

  private static final Set<String> READ_VERBS = Set.of("list", "read", "retrieve");
  private static final Set<String> WRITE_VERBS =
      Set.of(
          "create",
          "update",
          "delete",
          "deprecate",
          "obsolete",
          "attach",
          "detach",
          "lock",
          "unlock",
          // Key Protect's Manager: a key's lifecycle
          "rotate",
          "disable",
          "enable");

  /**
   * Using a root key to wrap and unwrap data keys: Key Protect's Writer (and ReaderPlus for
   * unwrapping), mapped onto Operator, who uses what others made.
   */
  private static final Set<String> KEY_USE_VERBS = Set.of("wrap", "unwrap", "rewrap");

  /** Actions kept for the Administrator whatever their verb. */
  private static final Set<String> ACCOUNT_ACTIONS =
      Set.of(
          "imprint.event.event.list",
          "imprint.clock.update",
          "resource-controller.group.create",
          "resource-controller.group.update",
          "resource-controller.group.delete",
          // managing access: a key acts as its identity, a member gets its group's policies
          "iam-identity.apikey.create",
          "iam-groups.members.add",
          "iam-groups.members.remove",
          "user-management.user.create");

  /** Using a resource in another's making: an image for an instance, a subnet, a volume. */
  private static final String OPERATE = "operate";

  /** Power actions on instances: start, stop, reboot. */
  private static final String OPERATE_INSTANCE = "is.instance.action.create";

  private final String displayName;

  Role(String displayName) {
    this.displayName = displayName;
  }

  /** IBM's name, as in {@code crn:v1:bluemix:public:iam::::role:Editor}. */
  public String displayName() {
    return displayName;
  }

  /** The role's CRN, as policies name it. */
  public String crn() {
    return "crn:v1:bluemix:public:iam::::role:" + displayName;
  }

  /** Whether this role allows {@code action}. */
  public boolean allows(String action) {
    if (this == ADMINISTRATOR) {
      return true;
    }
    if (ACCOUNT_ACTIONS.contains(action)) {
      return false;
    }
    var verb = verb(action);
    if (action.startsWith("iam.") && !READ_VERBS.contains(verb)) {
      // granting access is the Administrator's: an Editor who could write policies could make
      // itself one
      return false;
    }
    if (READ_VERBS.contains(verb)) {
      return true;
    }
    if (action.equals(OPERATE_INSTANCE)
        || verb.equals(OPERATE)
        || (action.startsWith("kms.") && KEY_USE_VERBS.contains(verb))) {
      return this != VIEWER;
    }
    return WRITE_VERBS.contains(verb) && this == EDITOR;
  }

  /**
   * Whether {@code action} is one kept for the Administrator whatever its verb: the account's audit
   * trail, its clock, its resource groups.
   */
  public static boolean isAccountAction(String action) {
    return ACCOUNT_ACTIONS.contains(action);
  }

  /** Whether {@code action}'s verb is one the roles know (else only the Administrator has it). */
  public static boolean knows(String action) {
    var verb = verb(action);
    return READ_VERBS.contains(verb)
        || WRITE_VERBS.contains(verb)
        || ACCOUNT_ACTIONS.contains(action)
        || action.equals(OPERATE_INSTANCE)
        || verb.equals(OPERATE)
        || (action.startsWith("kms.") && KEY_USE_VERBS.contains(verb));
  }

  private static String verb(String action) {
    return action.substring(action.lastIndexOf('.') + 1);
  }
}
