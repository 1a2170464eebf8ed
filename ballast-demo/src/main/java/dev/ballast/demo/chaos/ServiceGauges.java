package dev.ballast.demo.chaos;

/** What the live line shows about the service under test: its breaker and its pool. Thread-safe, cheap. */
public interface ServiceGauges {

    /** @return the circuit breaker's state, e.g. {@code CLOSED} */
    String circuitState();

    /** @return connections borrowed now */
    int used();

    /** @return idle connections now */
    int idle();

    /** @return callers waiting for a connection now */
    int pending();
}
