/**
 * An application on the module path that uses abkit's published modules; compiled and run by
 * dev.abkit.examples.modules.ModulePathConsumerTest.
 */
module abkit.consumer {
  requires dev.abkit.core;
  requires dev.abkit.jdbc;
  requires dev.abkit.servlet;
  requires dev.abkit.kafka;
}
