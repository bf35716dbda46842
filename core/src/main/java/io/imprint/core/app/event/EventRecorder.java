package io.imprint.core.app.event;

import io.imprint.core.app.common.CallContext;
import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.common.Crns;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.EventMessage;
import io.imprint.core.domain.event.EventTarget;
import io.imprint.core.domain.event.Exchange;
import io.imprint.core.domain.event.Initiator;
import io.imprint.core.domain.event.Outcome;
import io.imprint.core.domain.event.Reason;
import io.imprint.core.domain.event.Refusal;
import io.imprint.core.domain.event.ResourceKind;
import io.imprint.core.domain.event.Result;
import io.imprint.core.domain.event.Severity;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.ServiceId;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where every service reports its changes: {@link #record} turns a {@link Change} into an Activity
 * Tracker event and appends it to the outbox in the change's own transaction, so the event exists
 * exactly when the change does. The initiator and correlation id come from the API call the thread
 * serves ({@link CallContext}), or are the system's when it serves none.
 */
public final class EventRecorder {
  private final Store store;
  private final Deployment deployment;
  private final List<Consumer<List<ActivityEvent>>> committed = new CopyOnWriteArrayList<>();

  public EventRecorder(Store store, Deployment deployment) {
    this.store = store;
    this.deployment = deployment;
  }

  /** Appends the event of {@code change} in {@code tx}. */
  public void record(Tx tx, Change change) {
    recordAll(tx, List.of(change));
  }

  /** Appends the events of {@code changes} in {@code tx}, in one batch. */
  public void recordAll(Tx tx, List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    var now = deployment.now();
    var context = CallContext.current();
    var events = new ArrayList<ActivityEvent>(changes.size());
    for (var change : changes) {
      events.add(event(change, context, now));
    }
    tx.events().append(events);
    if (!committed.isEmpty()) {
      tx.afterCommit(() -> committed.forEach(listener -> listener.accept(events)));
    }
  }

  /**
   * Records a refused request as a failure event, in a transaction of its own (the refused one has
   * rolled back). The target is the resource the path names when it exists, else a target without a
   * name whose CRN ends in the id given (or in nothing, for a refused create).
   */
  public void recordRefusal(Refusal refusal) {
    store.write(
        tx -> {
          var subject =
              Optional.ofNullable(refusal.id())
                  .flatMap(id -> find(tx, refusal.kind(), id))
                  .orElseGet(() -> new Subject(refusal.kind(), refusal.id(), null, null, null));
          var change =
              Change.ofAction(refusal.action(), subject, refusal.status(), "user")
                  .with("errorCode", refusal.code())
                  .failed(refusal.message());
          record(tx, change);
          return null;
        });
  }

  /**
   * Tells {@code listener} the events of every transaction that commits, after the commit (to wake
   * the dispatcher, or to count).
   */
  public void onCommitted(Consumer<List<ActivityEvent>> listener) {
    committed.add(listener);
  }

  private ActivityEvent event(Change change, CallContext context, Instant now) {
    var subject = change.subject();
    var kind = subject.kind();
    // a change no API caller asked for has no HTTP status of its own
    int status =
        context != null ? change.status() : change.outcome() == Outcome.FAILURE ? 500 : 200;
    var reason = Reason.of(status, change.failure());
    var result = new Result(change.outcome(), reason, Severity.of(change.action(), status));
    var initiator =
        context == null
            ? Initiator.system(change.cause())
            : context.caller() == null
                ? Initiator.caller(context.address(), context.userAgent())
                : Initiator.identity(
                    context.caller().iamId(),
                    context.caller().name(),
                    context.caller().kind(),
                    context.caller().credentialType(),
                    context.address(),
                    context.userAgent());
    var request = new LinkedHashMap<String, String>();
    if (context == null) {
      request.put("cause", change.cause());
    } else {
      if (context.path() != null && context.path().startsWith("/v1/")) {
        request.put("generation", "2");
      }
      request.put("requestId", context.requestId());
    }
    var response = new LinkedHashMap<String, String>();
    response.put(Change.RESPONSE_URI, subject.id() == null ? "" : kind.uri(subject.id()));
    response.putAll(change.details());
    var target =
        new EventTarget(
            crn(subject),
            subject.name(),
            kind.typeUri(),
            subject.resourceGroupId() == null
                ? null
                : Crns.resourceGroup(deployment.accountId(), subject.resourceGroupId()));
    return new ActivityEvent(
        deployment.ids().timeOrderedUuid(now),
        change.action(),
        now,
        initiator,
        target,
        result,
        EventMessage.of(kind, change.action(), subject.name(), change.outcome()),
        new Exchange(context == null ? null : context.requestId(), request, Map.copyOf(response)));
  }

  /** The CRN events give {@code subject}: the resource's own CRN. */
  public String crnOf(Subject subject) {
    return crn(subject);
  }

  private String crn(Subject subject) {
    var id = subject.id() == null ? "" : subject.id();
    var account = deployment.accountId();
    if (subject.kind() == ResourceKind.RESOURCE_GROUP) {
      return Crns.resourceGroup(account, id);
    }
    if (subject.kind() == ResourceKind.ACCOUNT) {
      return Crns.iam(ResourceKind.ACCOUNT.service(), account, "account", account);
    }
    if (subject.kind() == ResourceKind.KEY) {
      return Crns.key(
          deployment.region().name(),
          account,
          subject.instanceId() == null ? "" : subject.instanceId(),
          id);
    }
    if (subject.kind().iam()) {
      return Crns.iam(subject.kind().service(), account, subject.kind().crnType(), id);
    }
    var location =
        subject.kind().zonal() && subject.zone() != null
            ? subject.zone()
            : deployment.region().name();
    return Crns.of(location, account, subject.kind().crnType(), id);
  }

  /** The resource {@code id} of {@code kind} as an event's subject, if it exists. */
  private static Optional<Subject> find(Tx tx, ResourceKind kind, String id) {
    return switch (kind) {
      case IMAGE -> tx.images().get(id).map(Subject::of);
      case VOLUME -> tx.volumes().get(id).map(Subject::of);
      case INSTANCE -> tx.instances().get(id).map(Subject::of);
      case VPC -> tx.vpcs().get(id).map(Subject::of);
      case SUBNET -> tx.subnets().get(id).map(Subject::of);
      case RESOURCE_GROUP -> tx.resourceGroups().get(id).map(Subject::of);
      case POLICY -> tx.policies().get(id).map(Subject::of);
      case SERVICE_ID -> tx.iam().getServiceId(ServiceId.iamIdOf(id)).map(Subject::of);
      case API_KEY -> tx.iam().getApiKey(id).map(Subject::of);
      case ACCESS_GROUP -> tx.accessGroups().get(id).map(Subject::of);
      case USER -> tx.iam().getIdentity(id).map(Subject::of);
      case KEY -> tx.keys().get(id).map(Subject::of);
      case ACCOUNT -> Optional.empty();
    };
  }
}
