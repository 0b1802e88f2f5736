/**
 * abkit core: manifest, hashing, bucketing, the assignment engine, the recording pipeline with its
 * store SPI and file store, and analysis. Only API packages are exported; implementation lives in
 * {@code dev.abkit.internal}.
 */
module dev.abkit.core {
  requires transitive org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires org.jctools.core;
  // MpscArrayQueue uses sun.misc.Unsafe; jctools requires jdk.unsupported only statically
  requires jdk.unsupported;
  requires org.apache.commons.statistics.distribution;
  requires org.apache.commons.numbers.gamma;
  requires static micrometer.core;
  requires static org.jspecify;

  exports dev.abkit;
  exports dev.abkit.manifest;
  exports dev.abkit.event;
  exports dev.abkit.pipeline;
  exports dev.abkit.spi;
  exports dev.abkit.store.file;
  exports dev.abkit.store.memory;
  exports dev.abkit.analysis;

  uses dev.abkit.spi.StoreProvider;

  provides dev.abkit.spi.StoreProvider with
      dev.abkit.store.file.FileStoreProvider;
}
