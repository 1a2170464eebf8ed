package dev.ballast.demo.chaos;

/**
 * Breaks and repairs the database. {@link #inject} starts a fault and {@link #restore} ends it; the chaos run holds
 * the fault in between for as long as its plan says. Called from one thread at a time.
 */
public interface FaultInjector {

    /**
     * Starts a fault.
     *
     * @param kind the fault
     * @return a note for the tally, e.g. {@code "14 sessions terminated"}; may be empty
     * @throws Exception if the fault could not be injected (the run reports it and goes on)
     */
    String inject(FaultKind kind) throws Exception;

    /**
     * Ends a fault: starts the server again, heals the network. Does nothing for faults that end by themselves.
     *
     * @param kind the fault that {@link #inject} started
     * @throws Exception if the database could not be restored
     */
    void restore(FaultKind kind) throws Exception;

    /** Ends whatever fault may still be active (after an interrupted run). Never throws. */
    void restoreAll();
}
