/** The file store: exposures and events as JSON lines in daily files (abkit's embedded default). */
package dev.abkit.store.file;
