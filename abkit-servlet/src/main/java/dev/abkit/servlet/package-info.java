/** Servlet 6 integration: assignment and exposure filters, event and results endpoints. */
package dev.abkit.servlet;
