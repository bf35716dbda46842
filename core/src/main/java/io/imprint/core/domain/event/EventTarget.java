package io.imprint.core.domain.event;

/**
 * The top-level resource an event is about: its CRN (Activity Tracker's {@code target.id}), name,
 * type ({@code is.image/image}) and resource group CRN. A sub-resource (a volume attachment) is
 * told by the event's {@code responseURI}, as IBM does.
 */
public record EventTarget(String crn, String name, String typeUri, String resourceGroupCrn) {}
