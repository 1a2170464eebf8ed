package dev.ballast.testkit;

/** Started in a child JVM by {@link StaleServerCleanupTest}: launches a server, reports it, and waits to be killed. */
public final class StaleServerMain {
    private StaleServerMain() {}

    public static void main(String[] args) throws Exception {
        PostgresServer pg = PostgresServer.launch();
        System.out.println("READY " + pg.postmasterPid() + " " + pg.dataDirectory());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
