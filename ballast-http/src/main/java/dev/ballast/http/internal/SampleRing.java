package dev.ballast.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The last {@code capacity} samples, oldest first. One thread (the sampler) adds; any thread reads a snapshot.
 * Thread-safe.
 */
public final class SampleRing {

    private final ConcurrentLinkedDeque<Sample> samples = new ConcurrentLinkedDeque<>();
    private final int capacity;
    private int size; // only the single writer touches it

    /** @param capacity how many samples to keep (at least 1) */
    public SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        }
        this.capacity = capacity;
    }

    /** @param s the newest sample; the oldest is dropped beyond the capacity (call from one thread only) */
    public void add(Sample s) {
        samples.addLast(s);
        if (++size > capacity) {
            samples.pollFirst();
            size--;
        }
    }

    /** @return the samples, oldest first (a copy) */
    public List<Sample> snapshot() {
        return new ArrayList<>(samples);
    }

    /** @return the newest sample, or null before the first */
    public Sample latest() {
        return samples.peekLast();
    }
}
