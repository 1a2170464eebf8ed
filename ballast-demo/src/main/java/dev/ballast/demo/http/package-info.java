/**
 * The HTTP adapter of the tickets service on the JDK's {@code com.sun.net.httpserver}: routing, JSON bodies,
 * RFC 7807 problems, and the mapping of Ballast's failures onto status codes (503 with {@code Retry-After} while the
 * database is unavailable).
 */
package dev.ballast.demo.http;
