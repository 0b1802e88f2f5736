package dev.abkit.store.file;

import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import java.util.List;

/** The file store. Placeholder: the pipeline work implements it. */
public final class FileEventStore implements EventStore {
  @Override
  public void write(List<Observation> batch) {
    throw new UnsupportedOperationException("implemented by the pipeline work");
  }
}
