package dev.ballast.benchmarks.pool;

/**
 * Ballast's pool configured like the others. Pending: {@code dev.ballast.pool} is not on this branch yet, so opening
 * it fails with a message saying so rather than measuring something else.
 */
final class BallastPoolUnderTest {

    private BallastPoolUnderTest() {
    }

    static PoolUnderTest open(ConnectionTarget target, int size) {
        throw new UnsupportedOperationException(
                "the Ballast pool (dev.ballast.pool) is not merged into this build yet; benchmark 'hikari' only");
    }
}
