package dev.wharf.security.internal;

import dev.wharf.api.ComponentId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per receiver and sender, so a sender that floods a receiver uses up only its
 * own allowance. Buckets that have refilled completely are swept away (they are equivalent to
 * new ones), and a stopped component's buckets are dropped, so the limiter holds state only
 * for pairs that sent recently.
 */
final class RateLimiter {

    private final ConcurrentHashMap<ComponentId, ConcurrentHashMap<ComponentId, TokenBucket>> buckets =
            new ConcurrentHashMap<>();

    boolean tryAcquire(ComponentId receiver, ComponentId sender, int rate, long now) {
        ConcurrentHashMap<ComponentId, TokenBucket> bySender = buckets.get(receiver);
        if (bySender == null) {
            bySender = buckets.computeIfAbsent(receiver, r -> new ConcurrentHashMap<>());
        }
        TokenBucket b = bySender.get(sender);
        if (b == null || b.rate() != rate) {
            // new pair, or the receiver's rate-limit changed: start with a full bucket at the new rate
            TokenBucket fresh = new TokenBucket(rate, now);
            b = bySender.compute(sender, (k, old) -> old == null || old.rate() != rate ? fresh : old);
        }
        return b.tryAcquire(now);
    }

    /** Drops every bucket in which {@code id} is the receiver or the sender. */
    void forget(ComponentId id) {
        buckets.remove(id);
        for (ConcurrentHashMap<ComponentId, TokenBucket> bySender : buckets.values()) {
            bySender.remove(id);
        }
    }

    /** Removes the buckets that have refilled completely; returns how many remain. */
    int sweep(long now) {
        int left = 0;
        for (Map.Entry<ComponentId, ConcurrentHashMap<ComponentId, TokenBucket>> e : buckets.entrySet()) {
            ConcurrentHashMap<ComponentId, TokenBucket> bySender = e.getValue();
            bySender.values().removeIf(b -> b.full(now));
            if (bySender.isEmpty()) {
                buckets.remove(e.getKey(), bySender);
            }
            left += bySender.size();
        }
        return left;
    }

    int size() {
        int n = 0;
        for (ConcurrentHashMap<ComponentId, TokenBucket> bySender : buckets.values()) {
            n += bySender.size();
        }
        return n;
    }
}
