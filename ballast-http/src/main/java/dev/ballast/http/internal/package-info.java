/**
 * The dashboard's parts: the event {@link dev.ballast.http.internal.Recorder}, the per-second
 * {@link dev.ballast.http.internal.Sampler} and its {@link dev.ballast.http.internal.SampleRing}, the borrow-wait
 * {@link dev.ballast.http.internal.WaitHistogram}, and the {@link dev.ballast.http.internal.FeedJson} writer. Not
 * exported: use {@link dev.ballast.http.Dashboard}.
 */
package dev.ballast.http.internal;
