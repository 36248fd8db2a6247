package dev.wharf.api.runtime;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import java.time.Instant;

/**
 * A message that could not be delivered or handled.
 *
 * @param time when it failed
 * @param sender who sent it
 * @param to whom it was for
 * @param size its payload size in bytes
 * @param code why, as a stable code
 * @param reason why, in words
 */
public record DeadLetter(Instant time, ComponentId sender, ComponentId to, int size, ErrorCode code, String reason) {}
