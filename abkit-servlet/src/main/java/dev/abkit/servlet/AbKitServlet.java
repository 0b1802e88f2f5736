package dev.abkit.servlet;

/** Servlet integration. Placeholder: the servlet work implements it. */
public final class AbKitServlet {
  private AbKitServlet() {}
}
