/**
 * The alert engine: {@link dev.ballast.internal.alert.AlertInputs} collects listener events,
 * {@link dev.ballast.internal.alert.BuiltInRule} holds each rule's condition,
 * {@link dev.ballast.internal.alert.AlertEngine} evaluates the rules on a schedule with time from the injected
 * clock, and {@link dev.ballast.internal.alert.RuleTracker} holds one rule's pending / firing state. Not exported.
 */
package dev.ballast.internal.alert;
