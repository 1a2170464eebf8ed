/**
 * The JSON shapes of the tickets API: request bodies, resources and RFC 7807 problems. Plain records, read and
 * written by Jackson; validation of request bodies lives in {@link dev.ballast.demo.api.Validation}.
 */
package dev.ballast.demo.api;
