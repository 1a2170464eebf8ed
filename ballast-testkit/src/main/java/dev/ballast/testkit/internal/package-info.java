/**
 * Testkit internals (not exported): the registry that stops stale servers left by killed JVMs.
 */
package dev.ballast.testkit.internal;
