/**
 * The replica-set chaos mode ({@code ballast chaos --replicas 2}): reads and writes through Ballast over a primary
 * and streaming standbys while a standby lags and while the primary crashes and a standby is promoted, then a check
 * of every acknowledged write on the surviving primary, of every read that was promised the reader's own write, and
 * of how many reads the standbys served.
 */
package dev.ballast.demo.chaos.replica;
