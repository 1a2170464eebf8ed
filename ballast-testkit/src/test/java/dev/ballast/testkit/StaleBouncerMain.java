package dev.ballast.testkit;

/** Started in a child JVM by {@link PgBouncerTest}: launches a server and a bouncer, reports the bouncer's pid, waits. */
public final class StaleBouncerMain {
    private StaleBouncerMain() {}

    public static void main(String[] args) throws Exception {
        PostgresServer pg = PostgresServer.launch();
        PgBouncer bouncer = PgBouncer.launch(pg, PgBouncer.PoolMode.TRANSACTION);
        System.out.println("READY " + bouncer.pid() + " " + pg.postmasterPid());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
