/**
 * abkit past one machine: {@code KafkaEventStore} produces an app's records to a Kafka topic, and
 * {@code KafkaIngest}, a consumer group, writes them into any event store.
 */
module dev.abkit.kafka {
  requires transitive dev.abkit.core;
  // kafka-clients has no module descriptor and no Automatic-Module-Name in its manifest
  // (KAFKA-7490), so this is the name the module system derives from the jar's file name,
  // kafka-clients-<version>.jar. The API takes no Kafka types, so it is not required transitively.
  requires kafka.clients;
  requires com.fasterxml.jackson.databind;
  // KafkaIngestMetrics only, for applications with Micrometer (an optional dependency)
  requires static micrometer.core;

  exports dev.abkit.kafka;
}
