package io.imprint.store.jdbc;

import io.imprint.core.domain.common.Crns;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.EventMessage;
import io.imprint.core.domain.event.EventTarget;
import io.imprint.core.domain.event.Exchange;
import io.imprint.core.domain.event.Initiator;
import io.imprint.core.domain.event.Outcome;
import io.imprint.core.domain.event.Reason;
import io.imprint.core.domain.event.ResourceKind;
import io.imprint.core.domain.event.Result;
import io.imprint.core.domain.event.Severity;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An event's {@code doc} column: what the row's columns (id, action, time, outcome, target CRN) and
 * the event rules cannot give back. A field is left out only when the rule that made it gives it
 * again from the rest: the message, severity, reason phrase and target type from the action, the
 * response URI from the target CRN, the resource group CRN from its id and the target's account, a
 * system initiator and its request data from the part that made the change. Anything else is kept
 * as it was, so every event reads back equal to what was written.
 *
 * <p>Why: 100,000 scheduled deprecations wrote a 580-byte document each, which was a third of the
 * scheduler's time; this one is about 60 bytes for them. A change to those rules changes how older
 * events read, so change them together with a new {@code v}. Documents without {@code v} are the
 * first layout (the whole event without its columns) and still read.
 *
 * @param v the layout, {@value #LAYOUT}
 * @param name the target's name
 * @param type the target's type URI, when the action's kind does not give it
 * @param group the target's resource group id, when its CRN is the target account's group CRN
 * @param groupCrn the target's resource group CRN, otherwise
 * @param code the reason code (the HTTP status)
 * @param phrase the reason phrase, when it is not the code's
 * @param failure the reason for failure
 * @param severity the severity, when the action and code do not give it
 * @param message the message, when the action, name and outcome do not give it
 * @param system the part of Imprint that made the change, for a system initiator
 * @param initiator the initiator, when it is not the system
 * @param correlationId the correlation id
 * @param request the request data, when it is not the system's {@code cause}
 * @param response the response data, without a response URI the target gives
 */
record EventDocument(
    int v,
    String name,
    String type,
    String group,
    String groupCrn,
    Integer code,
    String phrase,
    String failure,
    Severity severity,
    String message,
    String system,
    Initiator initiator,
    String correlationId,
    Map<String, String> request,
    Map<String, String> response) {
  static final int LAYOUT = 2;

  private static final String CAUSE = "cause";
  private static final String RESPONSE_URI = "responseURI";

  /**
   * The document to store for {@code e}: this layout when it reads back equal, else the first one
   * (an event the rules did not make, such as one written by hand).
   */
  static Record storable(ActivityEvent e) {
    var compact = of(e);
    return compact.event(e.id(), e.action(), e.eventTime(), e.outcome(), e.target().crn()).equals(e)
        ? compact
        : withoutColumns(e);
  }

  /** The event stored in {@code doc} of either layout, with its row's columns put back. */
  static ActivityEvent read(
      byte[] doc, String id, String action, Instant time, Outcome outcome, String crn) {
    var compact = Json.read(doc, 0, EventDocument.class);
    if (compact.v() == LAYOUT) {
      return compact.event(id, action, time, outcome, crn);
    }
    var first = Json.read(doc, 0, ActivityEvent.class);
    var t = first.target();
    var r = first.result();
    return new ActivityEvent(
        id,
        action,
        time,
        first.initiator(),
        new EventTarget(crn, t.name(), t.typeUri(), t.resourceGroupCrn()),
        new Result(outcome, r.reason(), r.severity()),
        first.message(),
        first.exchange());
  }

  /** The first layout: the whole event without what its columns hold. */
  private static ActivityEvent withoutColumns(ActivityEvent e) {
    var t = e.target();
    var r = e.result();
    return new ActivityEvent(
        null,
        null,
        null,
        e.initiator(),
        new EventTarget(null, t.name(), t.typeUri(), t.resourceGroupCrn()),
        new Result(null, r.reason(), r.severity()),
        e.message(),
        e.exchange());
  }

  /** What of {@code e} its row's columns and the event rules do not hold. */
  private static EventDocument of(ActivityEvent e) {
    var t = e.target();
    var reason = e.result().reason();
    var kind = kindOf(e.action());
    var account = account(t.crn());
    var groupId = groupId(t.resourceGroupCrn(), account);
    Integer code = reason == null ? null : reason.reasonCode();
    var system = systemPart(e.initiator());
    var response = new HashMap<>(e.exchange().responseData());
    var id = t.crn().substring(t.crn().lastIndexOf(':') + 1);
    if (kind.isPresent() && kind.get().uri(id).equals(response.get(RESPONSE_URI))) {
      response.remove(RESPONSE_URI);
    }
    return new EventDocument(
        LAYOUT,
        t.name(),
        kind.map(ResourceKind::typeUri).filter(u -> u.equals(t.typeUri())).isPresent()
            ? null
            : t.typeUri(),
        groupId,
        groupId == null ? t.resourceGroupCrn() : null,
        code,
        reason == null || Objects.equals(phrase(code), reason.reasonType())
            ? null
            : reason.reasonType(),
        reason == null ? null : reason.reasonForFailure(),
        code != null && Severity.of(e.action(), code) == e.result().severity()
            ? null
            : e.result().severity(),
        kind.map(k -> EventMessage.of(k, e.action(), t.name(), e.outcome()))
                .filter(m -> m.equals(e.message()))
                .isPresent()
            ? null
            : e.message(),
        system,
        system == null ? e.initiator() : null,
        e.exchange().correlationId(),
        system != null && e.exchange().requestData().equals(Map.of(CAUSE, system))
            ? null
            : e.exchange().requestData(),
        response.isEmpty() ? null : response);
  }

  /** The event this document and its row's columns were written from. */
  ActivityEvent event(String id, String action, Instant time, Outcome outcome, String crn) {
    var kind = kindOf(action);
    var typeUri = type != null ? type : kind.map(ResourceKind::typeUri).orElse(null);
    var groupCrn = group == null ? this.groupCrn : Crns.resourceGroup(account(crn), group);
    var reason = code == null && phrase == null && failure == null ? null : reason();
    var responseData = new HashMap<String, String>();
    if (response != null) {
      responseData.putAll(response);
    }
    if (kind.isPresent() && !responseData.containsKey(RESPONSE_URI)) {
      responseData.put(RESPONSE_URI, kind.get().uri(crn.substring(crn.lastIndexOf(':') + 1)));
    }
    return new ActivityEvent(
        id,
        action,
        time,
        system == null ? initiator : Initiator.system(system),
        new EventTarget(crn, name, typeUri, groupCrn),
        new Result(outcome, reason, severity != null ? severity : Severity.of(action, code)),
        message != null ? message : EventMessage.of(kind.orElseThrow(), action, name, outcome),
        new Exchange(
            correlationId,
            request != null ? request : system != null ? Map.of(CAUSE, system) : Map.of(),
            responseData));
  }

  private Reason reason() {
    return new Reason(code, phrase != null ? phrase : phrase(code), failure);
  }

  private static String phrase(Integer code) {
    return code == null ? null : Reason.of(code, null).reasonType();
  }

  /**
   * The kind whose service the action names: {@code is.image} in {@code is.image.image.create} and
   * in {@code is.image.sub-type.verb} alike.
   */
  private static Optional<ResourceKind> kindOf(String action) {
    int last = action.lastIndexOf('.');
    int before = last < 0 ? -1 : action.lastIndexOf('.', last - 1);
    if (before < 0) {
      return Optional.empty();
    }
    var service = action.substring(0, before);
    return Arrays.stream(ResourceKind.values())
        .filter(k -> k.typeUri().startsWith(service + "/"))
        .findFirst();
  }

  private static String systemPart(Initiator i) {
    return i != null && Initiator.SYSTEM.equals(i.id()) && Initiator.system(i.name()).equals(i)
        ? i.name()
        : null;
  }

  /** The account of a CRN ({@code …:a/<account>::…}), or null if it names none. */
  private static String account(String crn) {
    int from = crn.indexOf(":a/");
    int to = from < 0 ? -1 : crn.indexOf("::", from);
    return to < 0 ? null : crn.substring(from + 3, to);
  }

  /** The group id of {@code groupCrn} when it is {@code account}'s resource group CRN. */
  private static String groupId(String groupCrn, String account) {
    if (groupCrn == null || account == null) {
      return null;
    }
    var id = groupCrn.substring(groupCrn.lastIndexOf(':') + 1);
    return Crns.resourceGroup(account, id).equals(groupCrn) ? id : null;
  }
}
