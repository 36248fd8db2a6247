package dev.wharf.runtime.internal.actor;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded multi-producer, single-consumer queue. Producers reserve a slot before adding, so
 * the capacity is never exceeded even under contention; a full mailbox refuses at once.
 */
final class Mailbox {

    private final ConcurrentLinkedQueue<Envelope> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile int capacity;

    Mailbox(int capacity) {
        this.capacity = capacity;
    }

    /** Adds {@code e} unless the mailbox is full. */
    boolean offer(Envelope e) {
        int cap = capacity;
        int n;
        do {
            n = size.get();
            if (n >= cap) {
                return false;
            }
        } while (!size.compareAndSet(n, n + 1));
        queue.offer(e);
        return true;
    }

    /** Adds {@code e} even when full: for control messages that must not be refused. */
    void force(Envelope e) {
        size.incrementAndGet();
        queue.offer(e);
    }

    /** Takes {@code e} back out; returns whether it was still there. */
    boolean remove(Envelope e) {
        if (queue.remove(e)) {
            size.decrementAndGet();
            return true;
        }
        return false;
    }

    Envelope poll() {
        Envelope e = queue.poll();
        if (e != null) {
            size.decrementAndGet();
        }
        return e;
    }

    /**
     * Whether nothing is queued. Read from the reserved size, not the queue (whose check walks
     * its nodes): a slot is reserved before its message goes in and freed after it comes out, so
     * a queued message is never missed; at worst a message being taken out still counts.
     */
    boolean isEmpty() {
        return size.get() == 0;
    }

    int depth() {
        return size.get();
    }

    int capacity() {
        return capacity;
    }

    void capacity(int capacity) {
        this.capacity = capacity;
    }
}
