package dev.wharf.api;

import java.time.Instant;
import java.util.Optional;

/** A component entering a state, as the registry's history keeps it. */
public record StateChange(Instant time, ComponentState state, Optional<String> reason) {}
