/**
 * Servlet 6 integration: assignment and exposure filters, event and results endpoints.
 *
 * <ul>
 *   <li>{@link dev.abkit.servlet.AssignmentFilter} resolves the request's unit ({@link
 *       dev.abkit.servlet.UnitResolver}: principal, else the {@code abkit_vid} visitor cookie) and
 *       puts its {@link dev.abkit.servlet.Experiments} on the request; handlers call {@code
 *       Experiments.of(request).variant("experiment_id")}.
 *   <li>{@link dev.abkit.servlet.ExposureFilter} logs exposures for the experiments of the route it
 *       is mapped to, after a successful (status &lt; 400) response.
 *   <li>{@link dev.abkit.servlet.EventServlet} takes {@code POST} JSON events for the request's
 *       unit (202 / 400 / 405 / 413 / 415 / 503, per-event results).
 *   <li>{@link dev.abkit.servlet.ResultsServlet} serves the results JSON and HTML page behind a
 *       bearer token (404 while no token is configured, 401 without the right one).
 *   <li>{@link dev.abkit.servlet.AbKitServlets#register} wires all four in one call; {@link
 *       dev.abkit.servlet.AbKitContextListener} does it from {@code web.xml} context parameters.
 * </ul>
 *
 * No filter or servlet here fails a request because of abkit: failures inside abkit are logged once
 * and the request continues with control served.
 */
package dev.abkit.servlet;
