/**
 * The store contract kit: extend {@link dev.abkit.testing.EventStoreContract} or {@link
 * dev.abkit.testing.AssignmentStoreContract} in your tests to run every rule abkit's stores keep
 * against your own store; {@link dev.abkit.testing.TcpProxy} cuts, refuses or slows the connections
 * to a real server, to test what your store does while it is unreachable.
 */
package dev.abkit.testing;
