/**
 * The tickets service: {@link dev.ballast.demo.Main} (the {@code demo} and {@code chaos} commands),
 * {@link dev.ballast.demo.TicketsService} (the running service), and three usage patterns:
 * a repository ({@link dev.ballast.demo.UserRepository}), a command handler
 * ({@link dev.ballast.demo.CreateTicketHandler}) and raw-SQL maintenance ({@link dev.ballast.demo.MaintenanceJob}),
 * each going through {@code DatabaseResilience}.
 */
package dev.ballast.demo;
