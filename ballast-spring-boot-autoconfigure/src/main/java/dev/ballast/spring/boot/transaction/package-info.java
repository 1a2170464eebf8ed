/**
 * Spring transactions replayed by Ballast's rules: {@link dev.ballast.spring.boot.transaction.ResilientTransaction}
 * marks a method whose whole transaction is replayed on a transient failure, and
 * {@link dev.ballast.spring.boot.transaction.BallastTransactionManager} verifies a COMMIT whose answer was lost
 * instead of letting it be replayed blindly.
 */
package dev.ballast.spring.boot.transaction;
