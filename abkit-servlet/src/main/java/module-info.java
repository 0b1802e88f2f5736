/** abkit for Servlet 6 containers: filters and endpoints. */
module dev.abkit.servlet {
  requires transitive dev.abkit.core;
  requires jakarta.servlet;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;

  exports dev.abkit.servlet;
}
