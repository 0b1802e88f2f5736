/** Implementation of the JDBC store: SQL text per dialect and the batched writer. Not API. */
package dev.abkit.jdbc.internal;
