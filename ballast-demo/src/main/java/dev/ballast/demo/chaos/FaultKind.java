package dev.ballast.demo.chaos;

/** The faults the chaos mode injects, in the order it cycles through them. */
public enum FaultKind {
    /** Fast shutdown of the server, held down for a while, then started again. */
    STOP("stop"),
    /** SIGKILL of the postmaster, then a restart with crash recovery. */
    CRASH("crash"),
    /** {@code pg_terminate_backend} of every session; the server stays up. */
    TERMINATE("terminate"),
    /** A network black hole between service and server for a while, then healed. */
    PARTITION("partition");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    /** @return the short lower-case name shown in the live line and the tally */
    public String label() {
        return label;
    }
}
