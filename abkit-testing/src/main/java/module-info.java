/**
 * abkit's kit for people who write stores: the contract every {@code EventStore} and {@code
 * AssignmentStore} keeps, as JUnit 5 base classes to extend in your test sources, and a
 * fault-injecting TCP proxy for outage tests. A test library: it brings JUnit Jupiter's API and
 * AssertJ with it.
 */
module dev.abkit.testing {
  requires transitive dev.abkit.core;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;

  exports dev.abkit.testing;

  // the rules are public methods of package-private layers, which JUnit reaches by reflection
  opens dev.abkit.testing to
      org.junit.platform.commons;
}
